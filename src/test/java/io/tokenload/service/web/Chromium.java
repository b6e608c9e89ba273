package io.tokenload.service.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol, so a test can use a page as a person does:
 * type, click, wait for what appears. Page errors and console warnings are collected in {@link
 * #problems}.
 */
public final class Chromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  public final List<String> problems = new CopyOnWriteArrayList<>();
  private final Process process;
  private final WebSocket socket;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** The binary: {@code $CHROMIUM}, or chromium / chromium-browser on the PATH. */
  public static Optional<String> binary() {
    String env = System.getenv("CHROMIUM");
    if (env != null && new File(env).canExecute()) {
      return Optional.of(env);
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        if (new File(d, name).canExecute()) {
          return Optional.of(new File(d, name).getPath());
        }
      }
    }
    return Optional.empty();
  }

  public Chromium(String binary, Path profile) throws Exception {
    Path err = Files.createTempFile(profile.getParent(), "chromium", ".log");
    process =
        new ProcessBuilder(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-allow-origins=*",
                "--remote-debugging-port=0",
                "--window-size=1400,2000",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(err.toFile())
            .start();
    String ws = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ws == null && System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(err));
      if (m.find()) {
        ws = m.group(1);
      } else {
        Thread.sleep(50);
      }
    }
    if (ws == null) {
      process.destroyForcibly();
      throw new IOException("chromium did not start: " + Files.readString(err));
    }
    URI browser = URI.create(ws);
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://" + browser.getAuthority() + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String page = null;
    for (JsonNode t : targets) {
      if (t.path("type").asText().equals("page")) {
        page = t.path("webSocketDebuggerUrl").asText();
      }
    }
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(page), new Listener())
            .get(30, TimeUnit.SECONDS);
    call("Runtime.enable", JSON.createObjectNode());
    call("Page.enable", JSON.createObjectNode());
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        handle(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  private void handle(String message) {
    try {
      JsonNode m = JSON.readTree(message);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asLong());
        if (f != null) {
          f.complete(m);
        }
        return;
      }
      String method = m.path("method").asText();
      if (method.equals("Runtime.exceptionThrown")) {
        problems.add("exception: " + m.path("params").path("exceptionDetails"));
      } else if (method.equals("Runtime.consoleAPICalled")) {
        String type = m.path("params").path("type").asText();
        if (type.equals("error") || type.equals("warning")) {
          problems.add("console " + type + ": " + m.path("params").path("args"));
        }
      }
    } catch (IOException e) {
      problems.add("unreadable DevTools message: " + e.getMessage());
    }
  }

  JsonNode call(String method, ObjectNode params) throws Exception {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
    m.set("params", params);
    socket.sendText(JSON.writeValueAsString(m), true).get(30, TimeUnit.SECONDS);
    JsonNode r = answer.get(60, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IOException(method + ": " + r.get("error"));
    }
    return r.path("result");
  }

  /** The value of a JavaScript expression in the page. */
  public JsonNode eval(String expression) throws Exception {
    JsonNode r =
        call(
            "Runtime.evaluate",
            JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
    return r.path("result").path("value");
  }

  public void open(String url) throws Exception {
    call("Page.navigate", JSON.createObjectNode().put("url", url));
    until(
        "document.readyState === 'complete' && location.href === " + JSON.writeValueAsString(url),
        30);
  }

  /**
   * Whether {@code condition} is true now. A page that is navigating (a form's submit, a redirect)
   * has no context to evaluate in, and Chromium says so as an error: not true yet.
   */
  private boolean holds(String condition) throws Exception {
    try {
      return eval("Boolean(" + condition + ")").asBoolean();
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("navigated or closed") || m.contains("context")) {
        return false;
      }
      throw e;
    }
  }

  /** Waits until {@code condition} is true in the page. */
  public void until(String condition, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (holds(condition)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "not true after "
            + seconds
            + " s: "
            + condition
            + "\npage: "
            + eval("document.body ? document.body.innerText.slice(0, 2000) : ''").asText()
            + "\nproblems: "
            + problems);
  }

  public byte[] screenshot() throws Exception {
    JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    return java.util.Base64.getDecoder().decode(r.path("data").asText());
  }

  @Override
  public void close() throws Exception {
    socket.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
