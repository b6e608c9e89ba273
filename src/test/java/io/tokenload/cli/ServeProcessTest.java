package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.local.gguf.TinyModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenload serve --engine llamacpp} in a JVM of its own, as a user runs it: it serves a
 * streamed chat, and a termination signal (what Ctrl-C sends, bar the name) ends the process,
 * although llama.cpp leaves a non-daemon thread behind.
 */
class ServeProcessTest {

  private static final Pattern LISTENING = Pattern.compile("tokenload serve: (http://\\S+) ");

  @Test
  void servesRealInferenceAndEndsOnASignal(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("tiny.gguf");
    TinyModel.write(model, 2);
    Process serve =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                "-Dde.kherud.llama.tmpdir=" + dir,
                Main.class.getName(),
                "serve",
                "--engine",
                "llamacpp",
                "--model",
                model.toString(),
                "--port",
                "0")
            .redirectErrorStream(true)
            .start();
    try {
      URI base = URI.create(awaitListening(serve));
      HttpRequest chat =
          HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
              .timeout(Duration.ofSeconds(20))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4,"
                          + "\"ignore_eos\":true,\"stream\":true}"))
              .build();
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(chat, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());

      serve.destroy(); // SIGTERM: the shutdown hook closes the server, then the model
      assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve ended after the signal");
    } finally {
      serve.destroyForcibly();
    }
  }

  /** The base URI that {@code serve} prints once it listens; fails on its output otherwise. */
  private static String awaitListening(Process serve) throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "serve-output");
    reader.setDaemon(true);
    reader.start();
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        if (!serve.isAlive()) {
          break;
        }
        continue;
      }
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("serve did not start listening; its output:\n" + seen);
  }
}
