package io.tokenload.service.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenload.report.Results;
import io.tokenload.service.Service;
import io.tokenload.service.TestService;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web pages as a person uses them, in headless Chromium: enter the token, start a task from the
 * form, watch it finish on its page, see the charts and the table, compare it with itself. A real
 * child process runs the task. Skipped without Chromium ({@code .ci/run} installs Debian's). The
 * screenshot is kept in {@code target/service-task-page.png}.
 */
class ServicePagesTest {

  private static final String TOKEN = "page-test-token";

  @TempDir Path dir;

  @Test
  void aTaskStartedFromTheFormFinishesOnItsPageWithChartsAndTable() throws Exception {
    Optional<String> chromium = Chromium.binary();
    assumeTrue(chromium.isPresent(), "no chromium on PATH");
    assumeTrue(Results.chartLibrary().isPresent(), "Chart.js was not fetched by the build");
    try (Service service = TestService.start(dir, TOKEN);
        Chromium browser = new Chromium(chromium.get(), dir.resolve("profile"))) {
      String base = "http://127.0.0.1:" + service.port();
      browser.open(base + "/perf-eval");
      browser.until("!document.getElementById('token-form').hidden", 10);
      browser.eval(
          "document.getElementById('token').value = '"
              + TOKEN
              + "';"
              + " document.getElementById('token-form').requestSubmit()");
      browser.until("document.getElementById('f-model').options.length === 3", 30);

      browser.eval(
          "document.getElementById('f-name').value = 'from the page';"
              + " document.getElementById('f-prompts').value = '3';"
              + " document.getElementById('f-concurrency').value = '1, 2';"
              + " document.getElementById('f-pairs').value = '16:32';"
              + " document.getElementById('new-task').requestSubmit()");
      browser.until("location.pathname === '/perf-eval/results/1'", 30);
      browser.until("document.body.getAttribute('data-status') === 'completed'", 120);
      browser.until("document.documentElement.getAttribute('data-charts-drawn') === '6'", 30);

      assertEquals(2, browser.eval("document.querySelectorAll('#cells tbody tr').length").asInt());
      assertTrue(
          browser
              .eval("document.getElementById('pairing').textContent")
              .asText()
              .startsWith("c=1 n=3, c=2 n=3 (carried)"));
      assertTrue(
          browser
              .eval("document.getElementById('summary').textContent")
              .asText()
              .startsWith("Cells: 2 of 2 finished, 100.0 % without failures"));
      byte[] png = browser.screenshot();
      Files.write(Path.of("target", "service-task-page.png"), png);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(pixels(image, 0x1f77b4) > 500, "chart lines: " + pixels(image, 0x1f77b4));

      browser.open(base + "/perf-eval/compare?a=1&b=1");
      browser.until("document.documentElement.getAttribute('data-charts-drawn') === '1'", 30);
      assertEquals(
          2, browser.eval("document.querySelectorAll('#compare tbody tr').length").asInt());
      assertEquals(List.of(), browser.problems, "page errors and console warnings");
    }
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
