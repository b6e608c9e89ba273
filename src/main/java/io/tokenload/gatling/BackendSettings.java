package io.tokenload.gatling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.backend.Backend;
import io.tokenload.backend.Backends;
import io.tokenload.transport.StreamRequest;
import io.tokenload.workload.Api;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.RequestOptions;
import java.util.Map;

/**
 * The protocol settings of a run, read from system properties:
 *
 * <pre>
 * backend          the wire protocol (default openai-chat; docs/backends.md lists them)
 * generation.json  a JSON object merged verbatim into every request body (default {})
 * headers.json     a JSON object of extra request headers, string values (default {})
 * stream           false sends every request unstreamed: no TTFT, e2e and throughput (default true)
 * </pre>
 *
 * @param backend the backend; {@code openai-chat} and {@code openai-completions} follow {@code
 *     flavour} (vLLM's length forcing or not), as runs did before backends had names
 * @param api chat or completions: {@code openai-completions} is the completions API
 * @param options what every request adds
 */
public record BackendSettings(Backend backend, Api api, RequestOptions options) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static BackendSettings from(Props p, Api api, Flavour flavour) {
    String name = p.string("backend", "");
    boolean force = flavour == Flavour.VLLM;
    Backend backend;
    if (name.isEmpty()) {
      backend = Backends.openAi(api == Api.CHAT, force);
    } else if ("openai-chat".equals(name) || "openai-completions".equals(name)) {
      api = "openai-chat".equals(name) ? Api.CHAT : Api.COMPLETIONS;
      backend = Backends.openAi(api == Api.CHAT, force);
    } else {
      backend = Backends.named(name, "-Dbackend");
    }
    RequestOptions options =
        new RequestOptions(
            object(p, "generation.json", new TypeReference<Map<String, Object>>() {}),
            headers(p),
            p.bool("stream", true));
    return new BackendSettings(backend, api, options);
  }

  /** {@code headers.json}: an object whose values are strings, not coerced numbers. */
  private static Map<String, String> headers(Props p) {
    Map<String, Object> raw =
        object(p, "headers.json", new TypeReference<Map<String, Object>>() {});
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    raw.forEach(
        (name, value) -> {
          if (!(value instanceof String s)) {
            throw notAllowedHeaders("header " + name + " must have a string value");
          }
          try {
            StreamRequest.checkHeader(name, s);
          } catch (IllegalArgumentException e) {
            // The value is not repeated: a header may hold a secret.
            throw notAllowedHeaders(e.getMessage());
          }
          headers.put(name, s);
        });
    return headers;
  }

  /** A refusal of {@code headers.json} that never repeats its value: a header may hold a key. */
  private static IllegalArgumentException notAllowedHeaders(String why) {
    return new IllegalArgumentException("-Dheaders.json is not allowed: " + why);
  }

  private static <T> T object(Props p, String name, TypeReference<T> type) {
    String raw = p.string(name, "");
    if (raw.startsWith("{\\\"")) {
      // gatling-maven-plugin hands system properties to its forked JVM with quotes escaped.
      raw = raw.replace("\\\"", "\"");
    }
    try {
      T value = JSON.readValue(raw.isEmpty() ? "{}" : raw, type);
      if (value == null) {
        throw Props.invalid(name, raw, "a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      if (name.equals("headers.json")) {
        // Neither the value nor Jackson's message, which quotes it: a header may hold a key.
        throw notAllowedHeaders(
            String.format(
                "it must be a JSON object of string values written inline, such as"
                    + " {\"X-Team\":\"perf\"}; it is not JSON at column %d",
                e.getLocation().getColumnNr()));
      }
      throw Props.invalid(
          name,
          raw,
          "a JSON object (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
    }
  }
}
