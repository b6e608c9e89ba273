package io.tokenload.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every built-in backend reads its protocol's documented stream sample ({@code samples/}, taken
 * from the protocol's own docs) into the answer, the server's token counts and a clean end.
 */
class BackendSamplesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          openai-chat        | openai-chat.sse            | text/event-stream    | Hello there       | 9  | 2 | stop
          openai-completions | openai-completions.sse     | text/event-stream    | This is           | 5  | 2 | length
          vllm               | openai-chat.sse            | text/event-stream    | Hello there       | 9  | 2 | stop
          hf                 | openai-chat.sse            | text/event-stream    | Hello there       | 9  | 2 | stop
          moonshot           | openai-chat.sse            | text/event-stream    | Hello there       | 9  | 2 | stop
          openai-responses   | openai-responses.sse       | text/event-stream    | Hi there!         | 37 | 3 | completed
          anthropic          | anthropic.sse              | text/event-stream    | Hello!            | 25 | 15 | end_turn
          gemini             | gemini.sse                 | text/event-stream    | The quick brown fox jumps. | 8 | 6 | STOP
          ollama             | ollama.ndjson              | application/x-ndjson | The sky           | 26 | 2 | stop
          ollama-generate    | ollama-generate.ndjson     | application/x-ndjson | The sky           | 26 | 2 | length
          tgi                | tgi.sse                    | text/event-stream    | ' Deep learning'  | 5  | 3 | eos_token
          sglang             | sglang.sse                 | text/event-stream    | ' Paris is lovely'| 7  | 3 | length
          triton             | triton.sse                 | text/event-stream    | Machine learning  | -1 | 2 |
          """)
  void readsTheDocumentedStreamSample(
      String backend,
      String sample,
      String contentType,
      String answer,
      int promptTokens,
      int outputTokens,
      String finishReason) {
    Replay replay = Replay.of(Backends.named(backend, "test"), contentType, Replay.sample(sample));
    RequestRecord r = replay.record();

    assertNull(r.error());
    assertTrue(r.ok());
    assertEquals(answer, replay.transcript().answer());
    assertEquals(finishReason, replay.transcript().finishReason());
    assertEquals(promptTokens, r.promptTokens());
    assertEquals(outputTokens, r.outputTokens());
    assertTrue(r.firstTokenNanos() > 0, "a time to first token");
  }
}
