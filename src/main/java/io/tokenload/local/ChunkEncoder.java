package io.tokenload.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tokenload.transport.StreamListener;
import io.tokenload.workload.Api;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes one response in the shapes vLLM sends ({@link OpenAiChunks}, the one writer of that
 * format, which the embedded target uses too), and hands each piece to a {@link StreamListener}
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
  private static final int NO_USAGE = OpenAiChunks.NO_USAGE;

  private final LocalRequest.Delivery delivery;
  private final OpenAiChunks.Head head;
  private final Buffer buffer = new Buffer();
  private final OpenAiChunks chunks = new OpenAiChunks(buffer);
  private final StringBuilder wholeText;
  private char[] chars = new char[64];
  private String finishReason;

  ChunkEncoder(LocalRequest request, String model, long createdSeconds, int promptTokens) {
    Api api = request.api();
    this.delivery = request.delivery();
    this.head =
        new OpenAiChunks.Head(
            api.idPrefix() + request.requestId(), api, createdSeconds, model, promptTokens);
    this.wholeText = delivery.stream() ? null : new StringBuilder();
  }

  /** Chat's first event: the assistant role and empty content. Completions have none. */
  void role(StreamListener listener) {
    if (head.api() == Api.CHAT && delivery.stream()) {
      event(OpenAiChunks.Delta.ROLE, null, null, 0, listener);
    }
  }

  /** An event carrying {@code text}, with {@code completionTokens} generated so far. */
  void text(String text, int completionTokens, StreamListener listener) {
    if (delivery.stream()) {
      event(OpenAiChunks.Delta.CONTENT, text, null, completionTokens, listener);
    } else {
      wholeText.append(text);
    }
  }

  /** The event after the last token: no text and the reason generation stopped. */
  void finish(String finishReason, int completionTokens, StreamListener listener) {
    if (delivery.stream()) {
      event(OpenAiChunks.Delta.NONE, null, finishReason, completionTokens, listener);
    } else {
      this.finishReason = finishReason;
    }
  }

  /**
   * Ends the answer: the usage event if asked for, then {@code [DONE]}; or, not streamed, the whole
   * response object.
   */
  void end(int completionTokens, StreamListener listener) {
    try {
      if (!delivery.stream()) {
        int length = copy(wholeText.toString());
        chunks.beginWhole(head);
        chunks.choice(head, 0, chars, length, null, 0, finishReason);
        chunks.endWhole(head, completionTokens);
        send(listener);
        return;
      }
      if (delivery.includeUsage()) {
        chunks.usageEvent(head, completionTokens);
        send(listener);
      }
      chunks.done();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** One event: running usage on it when the request asked for {@code continuous_usage_stats}. */
  private void event(
      OpenAiChunks.Delta delta,
      String text,
      String finishReason,
      int completionTokens,
      StreamListener listener) {
    int length = text == null ? 0 : copy(text);
    try {
      chunks.event(
          head,
          delta,
          chars,
          length,
          finishReason,
          delivery.continuousUsage() ? completionTokens : NO_USAGE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    send(listener);
  }

  /** Copies {@code text} into the reused char buffer; returns its length. */
  private int copy(String text) {
    if (text.length() > chars.length) {
      chars = new char[Math.max(chars.length * 2, text.length())];
    }
    text.getChars(0, text.length(), chars, 0);
    return text.length();
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
