package io.tokenload.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.RecordingListener;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.Redactor;
import io.tokenload.transport.StreamClient;
import io.tokenload.transport.StreamLimits;
import io.tokenload.transport.StreamRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One streamed request through the real transport and recorder, as the Gatling action sends it,
 * waiting for its record. Settings are changed with the {@code with…} methods.
 */
public record OneRequest(
    URI uri,
    Duration idleTimeout,
    StreamLimits limits,
    int outputTokensAsked,
    Tokenizer tokenizer,
    Redactor redactor,
    Map<String, String> headers) {

  private static final String BODY =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}";

  /** A request to {@code uri} asking 16 output tokens, 10 s idle timeout, default limits. */
  public static OneRequest to(URI uri) {
    return new OneRequest(
        uri, Duration.ofSeconds(10), StreamLimits.DEFAULTS, 16, null, Redactor.NONE, Map.of());
  }

  public OneRequest withIdleTimeout(Duration d) {
    return new OneRequest(uri, d, limits, outputTokensAsked, tokenizer, redactor, headers);
  }

  public OneRequest withLimits(StreamLimits l) {
    return new OneRequest(uri, idleTimeout, l, outputTokensAsked, tokenizer, redactor, headers);
  }

  public OneRequest withTokenizer(Tokenizer t) {
    return new OneRequest(uri, idleTimeout, limits, outputTokensAsked, t, redactor, headers);
  }

  public OneRequest withRedactor(Redactor r) {
    return new OneRequest(uri, idleTimeout, limits, outputTokensAsked, tokenizer, r, headers);
  }

  public OneRequest withHeaders(Map<String, String> h) {
    return new OneRequest(uri, idleTimeout, limits, outputTokensAsked, tokenizer, redactor, h);
  }

  /** The body every request has. */
  public static byte[] body() {
    return BODY.getBytes(UTF_8);
  }

  /** Sends it on {@code client} and returns its record, waiting at most {@code seconds}. */
  public RequestRecord send(StreamClient client, long seconds) throws Exception {
    CompletableFuture<RequestRecord> record = new CompletableFuture<>();
    long now = System.nanoTime();
    var asked =
        new RecordingListener.Asked(
            "req", "cell", now, now, -1, outputTokensAsked, tokenizer, limits, redactor);
    client.send(
        new StreamRequest(
            uri, "req", headers, BODY.getBytes(UTF_8), idleTimeout, limits.maxDuration()),
        null,
        new RecordingListener(asked, record::complete));
    return record.get(seconds, TimeUnit.SECONDS);
  }
}
