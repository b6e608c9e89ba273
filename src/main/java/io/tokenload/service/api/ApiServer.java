package io.tokenload.service.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tokenload.service.runner.EventHub;
import io.tokenload.service.runner.TaskRunner;
import io.tokenload.service.store.TaskStore;
import io.tokenload.service.web.Pages;
import io.tokenload.workload.ModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The HTTP side of the service, on Javalin (Jetty): the {@link Route} list under {@code /api}, each
 * behind the bearer token, and the web pages ({@link Pages}), which ask for the token and send it
 * with their own API calls. Errors answer {@code {"error": "..."}} with a message naming the field
 * and what is allowed.
 */
public final class ApiServer implements AutoCloseable {

  public static final int MAX_BODY_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Javalin app;

  private ApiServer(Javalin app) {
    this.app = app;
  }

  public static ApiServer start(
      String host,
      int port,
      String token,
      TaskStore store,
      TaskRunner runner,
      EventHub hub,
      ModelRegistry registry) {
    Auth auth = new Auth(token);
    TaskRoutes tasks = new TaskRoutes(store, runner, registry, MAX_BODY_BYTES);
    EventFeed feed = new EventFeed(store, hub);
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = MAX_BODY_BYTES;
              config.router.ignoreTrailingSlashes = true;
            });
    app.before("/api/*", auth::check);
    app.before(
        Route.EVENTS.path(),
        ctx -> {
          tasks.task(ctx);
          String accept = ctx.header("Accept");
          if (accept == null || !accept.contains("text/event-stream")) {
            // Javalin answers an event stream only to clients that ask for one.
            throw new ApiError(
                406, "this route is an event stream; send Accept: text/event-stream");
          }
        });
    Map<Route, io.javalin.http.Handler> handlers =
        Map.of(
            Route.CREATE, tasks::create,
            Route.LIST, tasks::list,
            Route.GET, tasks::get,
            Route.CANCEL, tasks::cancel,
            Route.RESUME, tasks::resume,
            Route.MODELS, tasks::models,
            Route.DATASETS, tasks::datasets,
            Route.OPENAPI, ApiServer::openApi);
    for (Route r : Route.ALL) {
      if (r.equals(Route.EVENTS)) {
        app.sse(r.path(), feed::follow);
      } else {
        app.addHttpHandler(HandlerType.valueOf(r.method()), r.path(), handlers.get(r));
      }
    }
    Pages.register(app);
    app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
    app.exception(
        io.javalin.http.HttpResponseException.class,
        (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null) {
            error(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path());
          }
        });
    app.start(host, port);
    return new ApiServer(app);
  }

  private static void error(Context ctx, int status, String message) {
    try {
      ctx.status(status)
          .contentType("application/json")
          .result(JSON.writeValueAsBytes(Map.of("error", message, "status", status)));
    } catch (IOException e) {
      ctx.status(status).result(message);
    }
  }

  private static void openApi(Context ctx) throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI)) {
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }

  /** The hand-written OpenAPI document; a test holds it to {@link Route#ALL}. */
  static final String OPENAPI = "/io/tokenload/service/openapi.json";

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
