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
 * Writes one response in the shapes vLLM sends, and hands each piece to a {@link StreamListener}
 * stamped with the time it was ready.
 *
 * <p>Streamed, each server-sent event is one {@code onBytes} call:
 *
 * <pre>
 * data: {"id":"chatcmpl-r1","object":"chat.completion.chunk","created":1718000000,"model":"m",
 *        "choices":[{"index":0,"delta":{"content":" he"},"logprobs":null,"finish_reason":null}],
 *        "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
 * </pre>
 *
 * (one line on the wire), then a chunk with an empty delta and the {@code finish_reason}, and
 * {@code data: [DONE]}. Completions put the text in {@code choices[0].text} and have no role chunk.
 * The request's {@link LocalRequest.Delivery} decides the usage: the running usage on every chunk
 * (vLLM's {@code continuous_usage_stats}, so a recorder counts tokens per chunk exactly), and a
 * chunk with {@code "choices":[]} and the final usage before {@code [DONE]} ({@code
 * include_usage}). A request that is not streamed gets one {@code chat.completion} or {@code
 * text_completion} object, with its usage, from {@link #end}.
 *
 * <p>One encoder per response; not thread-safe. The event buffer is reused, as {@link
 * StreamListener#onBytes} allows.
 */
final class ChunkEncoder {

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final int NO_USAGE = -1;

  private final Api api;
  private final LocalRequest.Delivery delivery;
  private final String id;
  private final String model;
  private final long createdSeconds;
  private final int promptTokens;
  private final Buffer buffer = new Buffer();
  private final JsonGenerator gen;
  private final StringBuilder wholeText;
  private String finishReason;

  ChunkEncoder(LocalRequest request, String model, long createdSeconds, int promptTokens) {
    this.api = request.api();
    this.delivery = request.delivery();
    this.id = api.idPrefix() + request.requestId();
    this.model = model;
    this.createdSeconds = createdSeconds;
    this.promptTokens = promptTokens;
    this.wholeText = delivery.stream() ? null : new StringBuilder();
    try {
      gen = JSON.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gen.setRootValueSeparator(null);
  }

  /** Chat's first event: the assistant role and empty content. Completions have none. */
  void role(StreamListener listener) {
    if (api == Api.CHAT && delivery.stream()) {
      choice(null, true, null, 0, listener);
    }
  }

  /** An event carrying {@code text}, with {@code completionTokens} generated so far. */
  void text(String text, int completionTokens, StreamListener listener) {
    if (delivery.stream()) {
      choice(text, false, null, completionTokens, listener);
    } else {
      wholeText.append(text);
    }
  }

  /** The event after the last token: no text and the reason generation stopped. */
  void finish(String finishReason, int completionTokens, StreamListener listener) {
    if (delivery.stream()) {
      choice(null, false, finishReason, completionTokens, listener);
    } else {
      this.finishReason = finishReason;
    }
  }

  /**
   * Ends the answer: the usage event if asked for, then {@code [DONE]}; or, not streamed, the whole
   * response object.
   */
  void end(int completionTokens, StreamListener listener) {
    if (!delivery.stream()) {
      whole(completionTokens, listener);
      return;
    }
    if (delivery.includeUsage()) {
      try {
        begin(true);
        gen.writeArrayFieldStart("choices");
        gen.writeEndArray();
        end(completionTokens);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      send(listener);
    }
    buffer.write(DONE, 0, DONE.length);
    send(listener);
  }

  /**
   * Writes an OpenAI error body, as a server answers a request it refuses with HTTP 400; {@code
   * code} is OpenAI's string code, such as {@code context_length_exceeded}.
   */
  static byte[] errorBody(String message, String code) {
    Buffer out = new Buffer();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", message);
      g.writeStringField("type", "invalid_request_error");
      g.writeNullField("param");
      g.writeStringField("code", code);
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
      begin(true);
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
      end(delivery.continuousUsage() ? completionTokens : NO_USAGE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    send(l);
  }

  /** The non-streamed answer: one object with the whole text, the finish reason and the usage. */
  private void whole(int completionTokens, StreamListener listener) {
    try {
      begin(false);
      gen.writeArrayFieldStart("choices");
      gen.writeStartObject();
      gen.writeNumberField("index", 0);
      if (api == Api.CHAT) {
        gen.writeObjectFieldStart("message");
        gen.writeStringField("role", "assistant");
        gen.writeStringField("content", wholeText.toString());
        gen.writeEndObject();
      } else {
        gen.writeStringField("text", wholeText.toString());
      }
      gen.writeNullField("logprobs");
      gen.writeStringField("finish_reason", finishReason);
      gen.writeEndObject();
      gen.writeEndArray();
      writeUsage(completionTokens);
      gen.writeEndObject();
      gen.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    send(listener);
  }

  /** Opens an object: an event's ({@code data: } first) or the whole response's. */
  private void begin(boolean event) throws IOException {
    if (event) {
      buffer.write(DATA, 0, DATA.length);
    }
    String object = event ? api.chunkObject() : api.object();
    gen.writeStartObject();
    gen.writeStringField("id", id);
    gen.writeStringField("object", object);
    gen.writeNumberField("created", createdSeconds);
    gen.writeStringField("model", model);
  }

  /** Closes an event, with {@code usage} unless {@code completionTokens} is {@code NO_USAGE}. */
  private void end(int completionTokens) throws IOException {
    if (completionTokens != NO_USAGE) {
      writeUsage(completionTokens);
    }
    gen.writeEndObject();
    gen.flush();
    buffer.write(EVENT_END, 0, EVENT_END.length);
  }

  private void writeUsage(int completionTokens) throws IOException {
    gen.writeObjectFieldStart("usage");
    gen.writeNumberField("prompt_tokens", promptTokens);
    gen.writeNumberField("completion_tokens", completionTokens);
    gen.writeNumberField("total_tokens", promptTokens + completionTokens);
    gen.writeEndObject();
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
