package io.tokenload.testing;

import io.tokenload.backend.Backends;
import io.tokenload.transport.StreamLimits;
import io.tokenload.workload.Api;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Endpoints of any backend for tests: no key, a 10 s idle timeout, the default limits. */
public final class TestEndpoints {

  private TestEndpoints() {}

  /**
   * {@code backend} at {@code base} for model {@code tokenload-sim}, streamed, with {@code
   * generation} merged into every body and {@code headers} added to every request.
   */
  public static Endpoint of(
      URI base, String backend, Map<String, Object> generation, Map<String, String> headers) {
    return new Endpoint(
        base,
        "openai-completions".equals(backend) ? Api.COMPLETIONS : Api.CHAT,
        Flavour.VLLM,
        "tokenload-sim",
        Optional.empty(),
        Duration.ofSeconds(10),
        StreamLimits.DEFAULTS,
        Backends.named(backend, "backend"),
        new RequestOptions(generation, headers, true));
  }
}
