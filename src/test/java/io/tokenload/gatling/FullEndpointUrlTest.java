package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.ClosedLoop;
import io.tokenload.testing.ScriptedServer;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.Api;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.RequestFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A full endpoint URL, as EvalScope and GuideLLM take it ({@code --url
 * http://host:8000/v1/chat/completions}), is the endpoint itself: the models are asked beside it
 * and the requests go to it.
 */
class FullEndpointUrlTest {

  @ParameterizedTest
  @CsvSource({
    "http://h:8000/v1/chat/completions, http://h:8000/v1/chat/completions, http://h:8000/v1/models",
    "http://h:8000/v1/completions, http://h:8000/v1/completions, http://h:8000/v1/models",
    "http://h:8000/v1/chat/completions/, http://h:8000/v1/chat/completions/, http://h:8000/v1/models",
    "http://h/openai/v1/chat/completions?api-version=1, http://h/openai/v1/chat/completions?api-version=1, http://h/openai/v1/models",
    "http://h:8000, http://h:8000/v1/chat/completions, http://h:8000/v1/models",
    "http://h:8000/v1/, http://h:8000/v1/chat/completions, http://h:8000/v1/models",
  })
  void anEndpointUrlIsUsedAsItIsAndItsModelsAreAskedBesideIt(
      String given, String requests, String models) {
    URI url = URI.create(given);
    Api api = Endpoint.apiNamedBy(url).orElse(Api.CHAT);
    Endpoint e = new Endpoint(url, api, Flavour.VLLM, "m", Optional.empty(), Duration.ofSeconds(1));
    assertEquals(URI.create(requests), e.requestUri());
    assertEquals(URI.create(models), Endpoint.modelsUri(url));
  }

  @Test
  void theUrlsEndpointSetsTheApiAndAContraryApiIsRefused() {
    String url = "http://127.0.0.1:8000/v1/completions";
    RunSettings s = RunSettings.from(new Props(Map.of("base.url", url)), Map.of());
    assertEquals(Api.COMPLETIONS, s.api());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunSettings.from(new Props(Map.of("base.url", url, "api", "chat")), Map.of()));
    assertEquals(
        "-Dapi=chat disagrees with -Dbase.url="
            + url
            + ", the completions endpoint; give either"
            + " the server's base URL or leave -Dapi out",
        e.getMessage());
  }

  @Test
  void aRunAgainstAFullEndpointUrlPreflightsAndStreams() throws Exception {
    try (TargetServer target = TargetServer.start(TargetSettings.defaults());
        StreamClient client = StreamClient.create(1)) {
      URI url = target.baseUri().resolve("/v1/chat/completions");
      String model = Preflight.resolveModel(url, "", Optional.empty());
      assertEquals(target.settings().model(), model);
      Endpoint endpoint =
          new Endpoint(
              url, Api.CHAT, Flavour.VLLM, model, Optional.empty(), Duration.ofSeconds(10));
      List<RequestRecord> records =
          ClosedLoop.run(
              client, new RequestFactory(endpoint, CellSpec.of(8, 4, 1, 2, 1)), 1, 2, 30);
      for (RequestRecord r : records) {
        assertTrue(r.ok(), r.error());
        assertEquals(4, r.outputTokens());
      }
    }
  }

  @Test
  void aRedirectingServerIsNamedWithItsLocationBeforeAnyLoad() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (head, body, out) -> {
              ScriptedServer.head(
                  out,
                  "308 Permanent Redirect",
                  "Location: https://api.example/v1/models",
                  "Content-Length: 0");
              return true;
            })) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Preflight.resolveModel(server.baseUri(), "", Optional.empty()));
      assertTrue(
          e.getMessage().contains("redirects (HTTP 308) to https://api.example/v1/models"),
          e.getMessage());
    }
  }
}
