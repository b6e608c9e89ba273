package io.tokenload.service.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.tokenload.report.Results;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The web pages, served by the same process as the API: the task list with the form that starts a
 * task ({@code /perf-eval}), a task's page ({@code /perf-eval/results/{id}}) and the comparison of
 * two tasks ({@code /perf-eval/compare?a=1&b=2}). The pages hold no data: their script asks for the
 * API token once (kept in the tab's session storage) and reads everything through {@code /api}. The
 * charts are the run report's own ({@code matrix-page.js}) on the report's Chart.js build.
 */
public final class Pages {

  private static final String WEB = "/io/tokenload/service/web/";
  private static final String MATRIX_SCRIPT = "/io/tokenload/report/matrix-page.js";

  private Pages() {}

  public static void register(Javalin app) {
    app.get("/", ctx -> ctx.redirect("/perf-eval"));
    app.get("/perf-eval", ctx -> page(ctx, "tasks.html"));
    app.get("/perf-eval/results/{id}", ctx -> page(ctx, "task.html"));
    app.get("/perf-eval/compare", ctx -> page(ctx, "compare.html"));
    app.get("/assets/app.js", ctx -> script(ctx, resource(WEB + "app.js")));
    app.get("/assets/matrix-page.js", ctx -> script(ctx, resource(MATRIX_SCRIPT)));
    app.get(
        "/assets/chart.umd.min.js",
        ctx ->
            script(
                ctx,
                Results.chartLibrary()
                    .orElse(
                        "console.warn('Chart.js was not fetched by the build: charts are not"
                            + " drawn');")));
  }

  private static void page(Context ctx, String name) throws IOException {
    ctx.contentType("text/html; charset=utf-8").result(resource(WEB + name));
  }

  private static void script(Context ctx, String js) {
    ctx.contentType("text/javascript; charset=utf-8").result(js);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Pages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
