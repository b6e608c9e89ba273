package io.tokenload.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tokenload.transport.StreamListener;
import io.tokenload.workload.Api;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one response's server-sent events in the shape vLLM streams them, and hands each to a
 * {@link StreamListener} stamped with the time it was ready.
 *
 * <pre>
 * data: {"id":"chatcmpl-r1","object":"chat.completion.chunk","created":1718000000,"model":"m",
 *        "choices":[{"index":0,"delta":{"content":" he"},"logprobs":null,"finish_reason":null}],
 *        "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
 * </pre>
 *
 * (one line on the wire), then a chunk with an empty delta and the {@code finish_reason}, a chunk
 * with {@code "choices":[]} and the final usage, and {@code data: [DONE]}. Completions put the text
 * in {@code choices[0].text} and have no role chunk. Every chunk carries the running usage (vLLM's
 * {@code continuous_usage_stats}), so the recorder counts tokens per chunk exactly.
 *
 * <p>One encoder per response; not thread-safe. The event buffer is reused, as {@link
 * StreamListener#onBytes} allows.
 */
final class ChunkEncoder {

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Api api;
  private final String id;
  private final String model;
  private final long createdSeconds;
  private final int promptTokens;
  private final Buffer buffer = new Buffer();
  private final JsonGenerator gen;

  ChunkEncoder(Api api, String requestId, String model, long createdSeconds, int promptTokens) {
    this.api = api;
    this.id = (api == Api.CHAT ? "chatcmpl-" : "cmpl-") + requestId;
    this.model = model;
    this.createdSeconds = createdSeconds;
    this.promptTokens = promptTokens;
    try {
      gen = JSON.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gen.setRootValueSeparator(null);
  }

  /** Chat's first event: the assistant role and empty content. Completions have none. */
  void role(StreamListener listener) {
    if (api == Api.CHAT) {
      choice(null, true, null, 0, listener);
    }
  }

  /** An event carrying {@code text}, with {@code completionTokens} generated so far. */
  void text(String text, int completionTokens, StreamListener listener) {
    choice(text, false, null, completionTokens, listener);
  }

  /** The event after the last token: no text and the reason generation stopped. */
  void finish(String finishReason, int completionTokens, StreamListener listener) {
    choice(null, false, finishReason, completionTokens, listener);
  }

  /** The usage event of {@code stream_options.include_usage}, then {@code [DONE]}. */
  void usageAndDone(int completionTokens, StreamListener listener) {
    try {
      begin();
      gen.writeArrayFieldStart("choices");
      gen.writeEndArray();
      end(completionTokens);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    send(listener);
    buffer.write(DONE, 0, DONE.length);
    send(listener);
  }

  /** Writes an OpenAI error body, as a server answers a request it refuses with HTTP 400. */
  static byte[] errorBody(String message) {
    Buffer out = new Buffer();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", message);
      g.writeStringField("type", "invalid_request_error");
      g.writeNumberField("code", 400);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Arrays.copyOf(out.bytes, out.length);
  }

  private void choice(
      String text, boolean role, String finishReason, int completionTokens, StreamListener l) {
    try {
      begin();
      gen.writeArrayFieldStart("choices");
      gen.writeStartObject();
      gen.writeNumberField("index", 0);
      if (api == Api.CHAT) {
        gen.writeObjectFieldStart("delta");
        if (role) {
          gen.writeStringField("role", "assistant");
          gen.writeStringField("content", "");
        } else if (text != null) {
          gen.writeStringField("content", text);
        }
        gen.writeEndObject();
      } else {
        gen.writeStringField("text", text == null ? "" : text);
      }
      gen.writeNullField("logprobs");
      gen.writeStringField("finish_reason", finishReason); // null writes JSON null
      gen.writeEndObject();
      gen.writeEndArray();
      end(completionTokens);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    send(l);
  }

  private void begin() throws IOException {
    buffer.write(DATA, 0, DATA.length);
    gen.writeStartObject();
    gen.writeStringField("id", id);
    gen.writeStringField("object", api == Api.CHAT ? "chat.completion.chunk" : "text_completion");
    gen.writeNumberField("created", createdSeconds);
    gen.writeStringField("model", model);
  }

  private void end(int completionTokens) throws IOException {
    gen.writeObjectFieldStart("usage");
    gen.writeNumberField("prompt_tokens", promptTokens);
    gen.writeNumberField("completion_tokens", completionTokens);
    gen.writeNumberField("total_tokens", promptTokens + completionTokens);
    gen.writeEndObject();
    gen.writeEndObject();
    gen.flush();
    buffer.write(EVENT_END, 0, EVENT_END.length);
  }

  /** Hands the event to the listener, stamped now, and starts the next one. */
  private void send(StreamListener listener) {
    listener.onBytes(System.nanoTime(), buffer.bytes, 0, buffer.length);
    buffer.length = 0;
  }

  /** A growable byte array the generator writes into. */
  private static final class Buffer extends OutputStream {
    byte[] bytes = new byte[512];
    int length;

    @Override
    public void write(int b) {
      room(1);
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      room(len);
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }

    private void room(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }
}
