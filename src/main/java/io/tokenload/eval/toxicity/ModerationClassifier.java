package io.tokenload.eval.toxicity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.backend.Auth;
import io.tokenload.eval.EvalClient;
import io.tokenload.eval.EvalException;
import io.tokenload.transport.StreamRequest;
import io.tokenload.workload.ApiKey;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Toxic when an OpenAI-compatible moderation endpoint flags the output: {@code POST
 * /v1/moderations} with {@code {"input": text, "model": …}}, read as {@code results[0].flagged},
 * with the {@code categories} that are true as the reasons. Sent through the evaluation's own
 * client. An answer without {@code results[0].flagged} is an error naming the URL, not a clean
 * verdict.
 */
public final class ModerationClassifier implements Classifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EvalClient client;
  private final URI url;
  private final String model;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();

  public ModerationClassifier(
      EvalClient client, URI url, String model, Optional<ApiKey> key, Duration timeout) {
    this.client = client;
    this.url = url;
    this.model = model;
    this.headers = key.map(k -> k.headers(Auth.BEARER)).orElse(Map.of());
    this.timeout = timeout;
  }

  @Override
  public Verdict judge(String text) throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("input", text);
    if (model != null) {
      body.put("model", model);
    }
    JsonNode answer;
    try {
      StreamRequest request =
          new StreamRequest(
              url,
              "moderation-" + ids.incrementAndGet(),
              headers,
              JSON.writeValueAsBytes(body),
              timeout);
      answer = JSON.readTree(client.post(request));
    } catch (IOException e) {
      throw new EvalException(url + " did not answer with JSON: " + e.getMessage(), e);
    }
    JsonNode result = answer.path("results").path(0);
    if (!result.path("flagged").isBoolean()) {
      throw new EvalException(
          url + " answered without results[0].flagged; is it a /v1/moderations endpoint?");
    }
    List<String> reasons = new ArrayList<>();
    result
        .path("categories")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asBoolean(false)) {
                reasons.add(e.getKey());
              }
            });
    return new Verdict(result.get("flagged").booleanValue(), reasons);
  }

  @Override
  public String describe() {
    return "moderation: " + url + (model == null ? "" : " (" + model + ")");
  }
}
