package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.service.web.Chromium;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's page, as a person sees it: headless Chromium opens the quick run's {@code index.html}
 * from disk (offline), and the charts must be drawn with no console message at all. Skipped when no
 * Chromium is installed ({@code .ci/run} installs Debian's). The screenshot is kept in {@code
 * target/matrix-page.png} for a person to look at.
 */
class MatrixPageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path run;
  @TempDir Path profile;

  @BeforeEach
  void copyQuickRun() throws IOException {
    QuickRunFixture.copyTo(run);
  }

  @Test
  void thePageIsSelfContainedWithItsDataAndLibraryInline() throws IOException {
    assumeTrue(MatrixPage.library().isPresent(), "Chart.js was not fetched by the build");
    RunReport.write(run);

    String html = Files.readString(run.resolve("index.html"));

    assertFalse(html.contains("src=\"http"), "no script from the network");
    assertFalse(html.contains("<script src"), "every script is inline");
    assertTrue(html.contains("Chart.js v4.6.1"));
    String data =
        html.substring(
            html.indexOf("id=\"tokenload-data\">") + 20,
            html.indexOf("</script>", html.indexOf("tokenload-data")));
    JsonNode chart = JSON.readTree(data);
    assertEquals(
        List.of("128→128", "256→64"),
        List.of(chart.get("pairs").get(0).asText(), chart.get("pairs").get(1).asText()));
    assertEquals(6, chart.get("cells").size());
    assertEquals(16, chart.get("cells").get(2).get("x").asDouble());
    assertTrue(html.contains("href=\"cells/in128-out128-c4/vllm_result.json\""));
    assertTrue(html.contains("href=\"gatling/simulation.log\""));
  }

  @Test
  void withoutTheLibraryThePageSaysSoAndKeepsTheTable() throws IOException {
    RunReport.Result result = RunReport.write(run, Optional.empty());

    String html = Files.readString(run.resolve("index.html"));
    assertEquals(104, result.completed());
    assertFalse(html.contains("Chart.js v"));
    assertTrue(
        html.contains("Charts are not drawn: the charting library (Chart.js) was not available"));
    assertTrue(html.contains("<td>1729.1</td>"), "the table is complete");
  }

  @Test
  void chromiumDrawsEveryChartWithNoConsoleMessage() throws Exception {
    Optional<String> chromium = chromium();
    assumeTrue(chromium.isPresent(), "no chromium on PATH");
    assumeTrue(MatrixPage.library().isPresent(), "Chart.js was not fetched by the build");
    RunReport.write(run);

    Browser dom = browse(chromium.get(), "--dump-dom");
    Path png = Path.of("target", "matrix-page.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Browser shot =
        browse(
            chromium.get(), "--screenshot=" + png, "--window-size=1400,2000", "--hide-scrollbars");

    assertTrue(
        dom.stdout.contains("data-charts-drawn=\"6\""),
        "charts drawn: " + dom.stdout.substring(0, Math.min(300, dom.stdout.length())));
    assertEquals(List.of(), dom.console, "console messages");
    assertEquals(List.of(), shot.console, "console messages");
    BufferedImage image = ImageIO.read(png.toFile());
    // The first pair's colour (#1f77b4) is drawn by the charts only.
    assertTrue(
        pixels(image, 0x1f77b4) > 2000,
        "chart lines in the screenshot: " + pixels(image, 0x1f77b4));
  }

  /**
   * The charts as a person reads them, asked of Chart.js in the page: the load axis ticks at the
   * run's own levels (1, 4, 16), requests/s on a chart of its own (one y axis each), and every
   * legend entry inside its canvas; the table's TPOT and E2E columns and the run's start and target
   * at the top.
   */
  @Test
  void theChartsTickAtTheRunsLevelsWithOneMeasureEachAndLegendsThatFit() throws Exception {
    Optional<String> binary = Chromium.binary();
    assumeTrue(binary.isPresent(), "no chromium on PATH");
    assumeTrue(MatrixPage.library().isPresent(), "Chart.js was not fetched by the build");
    RunReport.write(run);

    try (Chromium browser = new Chromium(binary.get(), profile.resolve("devtools"))) {
      browser.open(run.resolve("index.html").toUri().toString());
      browser.until("document.documentElement.getAttribute('data-charts-drawn') === '6'", 30);

      for (String id : List.of("chart-throughput", "chart-rps", "chart-ttft", "chart-itl")) {
        String chart = "Chart.getChart('" + id + "')";
        assertEquals(
            "[1,4,16]",
            browser.eval("JSON.stringify(" + chart + ".scales.x.ticks.map(t => t.value))").asText(),
            id + ": ticks at the levels run");
        assertEquals(
            "[\"x\",\"y\"]",
            browser.eval("JSON.stringify(Object.keys(" + chart + ".scales))").asText(),
            id + ": one measure per chart");
      }
      assertTrue(
          browser
              .eval(
                  "Chart.getChart('chart-rps').data.datasets.every(d => d.label.endsWith('req/s'))")
              .asBoolean());
      for (String id :
          List.of(
              "chart-throughput",
              "chart-rps",
              "chart-ttft",
              "chart-itl",
              "chart-latency",
              "chart-errors")) {
        String fits =
            "(c => c.legend.legendHitBoxes.length > 0 && c.legend.legendHitBoxes.every(b =>"
                + " b.left >= 0 && b.left + b.width <= c.width && b.top >= 0"
                + " && b.top + b.height <= c.height))(Chart.getChart('"
                + id
                + "'))";
        assertTrue(browser.eval(fits).asBoolean(), id + ": its legend fits");
      }
      String header =
          browser
              .eval("Array.from(document.querySelectorAll('th')).map(t => t.textContent).join('|')")
              .asText();
      for (String column : List.of("TPOT p50", "TPOT p99", "E2E p50", "E2E p99")) {
        assertTrue(header.contains(column), column + " in " + header);
      }
      String top = browser.eval("document.querySelector('p.run').textContent").asText();
      assertTrue(top.matches("(?s)Started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC.*"), top);
      assertTrue(top.contains("target embedded"), top);
      // A cell's pictures over time are drawn when its section is opened.
      browser.eval("document.querySelector('details.cell-plot').open = true");
      browser.until("document.querySelector('details.cell-plot').hasAttribute('data-drawn')", 10);
      assertEquals(
          "[\"timeline\",\"flow\",\"dist\"]",
          browser
              .eval(
                  "JSON.stringify(Array.from(document.querySelectorAll('details.cell-plot canvas'))"
                      + ".filter(c => Chart.getChart(c)).map(c => c.dataset.kind))")
              .asText(),
          "the first cell's timeline, flow and distributions");
      assertEquals(List.of(), browser.problems, "page errors");
    }
  }

  @Test
  void chromiumShowsTheMissingLibraryMessage() throws Exception {
    Optional<String> chromium = chromium();
    assumeTrue(chromium.isPresent(), "no chromium on PATH");
    RunReport.write(run, Optional.empty());

    Browser dom = browse(chromium.get(), "--dump-dom");

    assertTrue(dom.stdout.contains("data-charts-drawn=\"0\""));
    assertTrue(
        dom.stdout.contains("<p id=\"chart-status\" class=\"warn\">Charts are not drawn"),
        "status shown");
    assertEquals(List.of(), dom.console);
  }

  private record Browser(String stdout, List<String> console) {}

  private Browser browse(String chromium, String... mode) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(profile, "p"),
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=10000"));
    command.addAll(List.of(mode));
    command.add(run.resolve("index.html").toUri().toString());
    Path out = Files.createTempFile(profile, "out", ".txt");
    Path err = Files.createTempFile(profile, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + command);
    }
    List<String> console =
        Files.readAllLines(err, StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains(":CONSOLE"))
            // Chromium's own pages log too (offline: "Slow network is detected"); only the
            // report page's messages count.
            .filter(l -> !l.contains("source: chrome://"))
            .toList();
    return new Browser(Files.readString(out, StandardCharsets.UTF_8), console);
  }

  private static Optional<String> chromium() {
    String env = System.getenv("CHROMIUM");
    if (env != null && new File(env).canExecute()) {
      return Optional.of(env);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        File f = new File(dir, name);
        if (f.canExecute()) {
          return Optional.of(f.getPath());
        }
      }
    }
    return Optional.empty();
  }

  private static long pixels(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
