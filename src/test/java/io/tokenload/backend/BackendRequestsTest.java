package io.tokenload.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each backend's URL, authentication and body, as its protocol documents them. */
class BackendRequestsTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          openai-chat        | http://h:8000                         | http://h:8000/v1/chat/completions
          openai-chat        | http://h:8000/v1/                     | http://h:8000/v1/chat/completions
          openai-chat        | https://g/v1beta/openai/chat/completions | https://g/v1beta/openai/chat/completions
          openai-completions | http://h:8000/v1                      | http://h:8000/v1/completions
          openai-responses   | https://api.openai.com/v1             | https://api.openai.com/v1/responses
          anthropic          | https://api.anthropic.com             | https://api.anthropic.com/v1/messages
          gemini             | https://generativelanguage.googleapis.com | https://generativelanguage.googleapis.com/v1beta/models/m:streamGenerateContent?alt=sse
          gemini             | https://g/v1beta                      | https://g/v1beta/models/m:streamGenerateContent?alt=sse
          ollama             | http://h:11434                        | http://h:11434/api/chat
          ollama-generate    | http://h:11434/                       | http://h:11434/api/generate
          tgi                | http://h:8080                         | http://h:8080/generate_stream
          sglang             | http://h:30000                        | http://h:30000/generate
          triton             | http://h:8000                         | http://h:8000/v2/models/m/generate_stream
          triton             | http://h:8000/v2/models/x/generate_stream | http://h:8000/v2/models/x/generate_stream
          """)
  void requestsGoToTheProtocolsPathOrToAFullUrlAsPasted(String backend, String base, String uri) {
    assertEquals(
        URI.create(uri), Backends.named(backend, "t").requestUri(URI.create(base), "m", true));
  }

  @Test
  void unstreamedRequestsUseTheUnstreamedPath() {
    URI base = URI.create("http://h");
    assertEquals(
        URI.create("http://h/v1beta/models/m:generateContent"),
        Backends.named("gemini", "t").requestUri(base, "m", false));
    assertEquals(
        URI.create("http://h/generate"), Backends.named("tgi", "t").requestUri(base, "m", false));
  }

  @Test
  void eachProtocolSendsTheKeyWhereItWantsIt() {
    assertEquals(
        Map.of("Authorization", "Bearer k"),
        Backends.named("openai-chat", "t").auth().headers("k"));
    assertEquals(
        Map.of("x-api-key", "k", "anthropic-version", "2023-06-01"),
        Backends.named("anthropic", "t").auth().headers("k"));
    assertEquals(Map.of("x-goog-api-key", "k"), Backends.named("gemini", "t").auth().headers("k"));
    assertEquals(
        Map.of("anthropic-version", "2023-06-01"),
        Backends.named("anthropic", "t").auth().headers(null));
    assertEquals(
        URI.create("http://h/x?a=1&key=k%2F1"),
        Auth.query("key").uri(URI.create("http://h/x?a=1"), "k/1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          vllm            | {model=m, messages=[{role=user, content=p}], max_tokens=7, temperature=0, stream=true, ignore_eos=true, min_tokens=7, stream_options={include_usage=true, continuous_usage_stats=true}}
          moonshot        | {model=m, messages=[{role=user, content=p}], max_tokens=7, temperature=0, stream=true, stream_options={include_usage=true}}
          anthropic       | {model=m, max_tokens=7, messages=[{role=user, content=p}], temperature=0, stream=true}
          gemini          | {contents=[{role=user, parts=[{text=p}]}], generationConfig={maxOutputTokens=7, temperature=0}}
          ollama          | {model=m, messages=[{role=user, content=p}], stream=true, options={num_predict=7, temperature=0}}
          ollama-generate | {model=m, prompt=p, stream=true, options={num_predict=7, temperature=0}}
          tgi             | {inputs=p, parameters={max_new_tokens=7, details=true}}
          sglang          | {text=p, sampling_params={max_new_tokens=7, min_new_tokens=7, ignore_eos=true, temperature=0}, stream=true}
          triton          | {text_input=p, max_tokens=7, stream=true}
          openai-responses| {model=m, input=p, max_output_tokens=7, temperature=0, stream=true}
          """)
  void theBodyAsksForTheOutputLengthTheProtocolsWay(String backend, String body) {
    Map<String, Object> actual =
        Backends.named(backend, "t").body(BodyRequest.prompt("m", "p", 7, true));
    assertEquals(body, actual.toString());
  }

  @Test
  void generationParametersMergeVerbatimKeepingNestedFields() {
    Map<String, Object> body =
        Backends.named("ollama", "t").body(BodyRequest.prompt("m", "p", 7, true));
    Map<String, Object> merged =
        Bodies.merge(body, Map.of("options", Map.of("temperature", 0.7), "think", true));
    assertEquals("{num_predict=7, temperature=0.7}", merged.get("options").toString());
    assertEquals(true, merged.get("think"));
  }

  @Test
  void aConversationToAPromptOnlyProtocolIsRefusedNamingIt() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Backends.named("tgi", "t")
                    .body(
                        new BodyRequest(
                            "m", null, List.of(Map.of("role", "user", "content", "x")), 7, true)));
    assertTrue(e.getMessage().startsWith("tgi takes one prompt"), e.getMessage());
  }

  @Test
  void anUnknownNameListsTheAllowedOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Backends.named("tgl", "-Dbackend"));
    assertEquals(
        "-Dbackend was 'tgl'; allowed: openai-chat, openai-completions, openai-responses, vllm,"
            + " sglang, tgi, triton, ollama, ollama-generate, anthropic, gemini, hf, moonshot",
        e.getMessage());
  }
}
