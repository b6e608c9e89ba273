package io.tokenload.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad streams in every protocol fail the request with a reason; nothing throws. */
class BackendErrorsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          anthropic        | text/event-stream    | `event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n` | overloaded_error: Overloaded
          tgi              | text/event-stream    | `data:{"error":"Out of available cache blocks","error_type":"generation"}\n\n` | generation: Out of available cache blocks
          ollama           | application/x-ndjson | `{"error":"model 'llama9' not found"}\n` | model 'llama9' not found
          openai-responses | text/event-stream    | `event: error\ndata: {"type":"error","code":"server_error","message":"boom"}\n\n` | server_error: boom
          gemini           | text/event-stream    | `data: {"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}\n\n` | Resource exhausted
          triton           | text/event-stream    | `data: {"error":"in ensemble 'ensemble', failed"}\n\n` | failed
          sglang           | text/event-stream    | `data: {"error":{"message":"CUDA out of memory"}}\n\n` | CUDA out of memory
          """)
  void anInBandErrorFailsTheRequestWithTheServersMessage(
      String backend, String contentType, String body, String message) {
    RequestRecord r = replay(backend, contentType, body);

    assertFalse(r.ok());
    assertTrue(r.error().startsWith("stream error after 0 chunks"), r.error());
    assertTrue(r.error().contains(message), r.error());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          anthropic        | text/event-stream    | `event: content_block_delta\ndata: {"type":"content_block_delta","delta":\n\n`
          gemini           | text/event-stream    | `data: [1,2]\n\n`
          ollama           | application/x-ndjson | `{"message":{"content":"a"},"done":false}\nnot json\n`
          tgi              | text/event-stream    | `data:{"token":\n\n`
          sglang           | text/event-stream    | `data: "text"\n\n`
          triton           | text/event-stream    | `data: {oops}\n\n`
          openai-responses | text/event-stream    | `event: response.output_text.delta\ndata: {\n\n`
          """)
  void aMalformedEventFailsTheRequestNamingIt(String backend, String contentType, String body) {
    RequestRecord r = replay(backend, contentType, body);

    assertFalse(r.ok());
    assertTrue(r.error().startsWith("malformed chunk after"), r.error());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          anthropic        | text/event-stream    | `event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"Hi"}}\n\n`
          ollama           | application/x-ndjson | `{"message":{"content":"a"},"done":false}\n`
          tgi              | text/event-stream    | `data:{"index":1,"token":{"text":"a","special":false},"generated_text":null}\n\n`
          openai-responses | text/event-stream    | `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"a"}\n\n`
          sglang           | text/event-stream    | `data: {"text":"a","meta_info":{"completion_tokens":1}}\n\n`
          """)
  void aStreamCutBeforeItsEndFails(String backend, String contentType, String body) {
    RequestRecord r = replay(backend, contentType, body);

    assertFalse(r.ok());
    assertTrue(r.error().startsWith("stream ended before"), r.error());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"gemini", "triton"})
  void aProtocolWithoutTerminatorFailsAnEmptyStream(String backend) {
    RequestRecord r = replay(backend, "text/event-stream", "");

    assertFalse(r.ok());
  }

  private static RequestRecord replay(String backend, String contentType, String body) {
    return Replay.of(Backends.named(backend, "test"), contentType, body.replace("\\n", "\n"))
        .record();
  }
}
