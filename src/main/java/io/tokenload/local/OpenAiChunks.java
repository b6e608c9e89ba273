package io.tokenload.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tokenload.workload.Api;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one writer of OpenAI's (and vLLM's) chat and completions answers: the streamed {@code data:}
 * events and the whole response objects, byte for byte as vLLM writes them. The embedded target
 * ({@code simulator.ChunkJson}, into Netty buffers) and the local engines ({@link ChunkEncoder})
 * both write through it.
 *
 * <p>A streamed chunk, on one line:
 *
 * <pre>
 * data: {"id":"chatcmpl-r1","object":"chat.completion.chunk","created":1718000000,"model":"m",
 *        "choices":[{"index":0,"delta":{"content":" he"},"logprobs":null,"finish_reason":null}],
 *        "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
 * </pre>
 *
 * Completions put the text in {@code choices[0].text}. Text comes as a range of a char array so the
 * target's hot path (over 100,000 chunks a second) copies tokens into a reused buffer instead of
 * making Strings; field names are pre-encoded. Not thread-safe: one writer per thread or response.
 */
public final class OpenAiChunks {

  /**
   * What every object of one response repeats.
   *
   * @param cachedTokens prompt tokens served from the prefix cache, reported as {@code
   *     usage.prompt_tokens_details.cached_tokens}; -1 writes no details
   */
  public record Head(
      String id, Api api, long created, String model, int promptTokens, int cachedTokens) {

    public Head(String id, Api api, long created, String model, int promptTokens) {
      this(id, api, created, model, promptTokens, -1);
    }
  }

  /** What one event's choice carries. */
  public enum Delta {
    /** Chat's first event: the assistant role and empty content. */
    ROLE,
    /** Answer text: chat's {@code delta.content}, completions' {@code text}. */
    CONTENT,
    /** Reasoning text: chat's {@code delta.reasoning_content}. */
    REASONING,
    /** No text: an empty delta (chat) or empty text (completions). */
    NONE
  }

  /** No usage field on this event. */
  public static final int NO_USAGE = -1;

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private static final SerializableString ID = new SerializedString("id");
  private static final SerializableString OBJECT = new SerializedString("object");
  private static final SerializableString CREATED = new SerializedString("created");
  private static final SerializableString MODEL = new SerializedString("model");
  private static final SerializableString CHOICES = new SerializedString("choices");
  private static final SerializableString INDEX = new SerializedString("index");
  private static final SerializableString DELTA = new SerializedString("delta");
  private static final SerializableString MESSAGE = new SerializedString("message");
  private static final SerializableString ROLE = new SerializedString("role");
  private static final SerializableString ASSISTANT = new SerializedString("assistant");
  private static final SerializableString CONTENT = new SerializedString("content");
  private static final SerializableString REASONING_CONTENT =
      new SerializedString("reasoning_content");
  private static final SerializableString TEXT = new SerializedString("text");
  private static final SerializableString LOGPROBS = new SerializedString("logprobs");
  private static final SerializableString FINISH_REASON = new SerializedString("finish_reason");
  private static final SerializableString USAGE = new SerializedString("usage");
  private static final SerializableString PROMPT_TOKENS = new SerializedString("prompt_tokens");
  private static final SerializableString COMPLETION_TOKENS =
      new SerializedString("completion_tokens");
  private static final SerializableString TOTAL_TOKENS = new SerializedString("total_tokens");
  private static final SerializableString PROMPT_TOKENS_DETAILS =
      new SerializedString("prompt_tokens_details");
  private static final SerializableString CACHED_TOKENS = new SerializedString("cached_tokens");

  private final OutputStream sink;
  private JsonGenerator gen;

  /** A writer into {@code sink}; each event or object is flushed to it whole. */
  public OpenAiChunks(OutputStream sink) {
    this.sink = sink;
    this.gen = newGenerator();
  }

  /** The stream's last event, {@code data: [DONE]}, as bytes (a copy). */
  public static byte[] doneEvent() {
    return Arrays.copyOf(DONE, DONE.length);
  }

  /**
   * One {@code data:} event with a single choice.
   *
   * @param text the text of a {@link Delta#CONTENT} or {@link Delta#REASONING} event, its first
   *     {@code length} chars; ignored for the others
   * @param finishReason null writes JSON null
   * @param usageTokens completion tokens so far for a {@code usage} field, or {@link #NO_USAGE}
   */
  public void event(
      Head head, Delta delta, char[] text, int length, String finishReason, int usageTokens)
      throws IOException {
    sink.write(DATA);
    begin(head, head.api().chunkObject());
    gen.writeFieldName(CHOICES);
    gen.writeStartArray();
    gen.writeStartObject();
    gen.writeFieldName(INDEX);
    gen.writeNumber(0);
    boolean hasText = delta == Delta.CONTENT || delta == Delta.REASONING;
    if (head.api() == Api.CHAT) {
      gen.writeFieldName(DELTA);
      gen.writeStartObject();
      if (delta == Delta.ROLE) {
        gen.writeFieldName(ROLE);
        gen.writeString(ASSISTANT);
        gen.writeFieldName(CONTENT);
        gen.writeString("");
      } else if (hasText) {
        gen.writeFieldName(delta == Delta.REASONING ? REASONING_CONTENT : CONTENT);
        gen.writeString(text, 0, length);
      }
      gen.writeEndObject();
    } else {
      gen.writeFieldName(TEXT);
      if (hasText) {
        gen.writeString(text, 0, length);
      } else {
        gen.writeString("");
      }
    }
    gen.writeFieldName(LOGPROBS);
    gen.writeNull();
    gen.writeFieldName(FINISH_REASON);
    gen.writeString(finishReason); // null writes JSON null
    gen.writeEndObject();
    gen.writeEndArray();
    end(head, usageTokens);
    sink.write(EVENT_END);
  }

  /** The usage event of {@code stream_options.include_usage}: no choices, only the totals. */
  public void usageEvent(Head head, int completionTokens) throws IOException {
    sink.write(DATA);
    begin(head, head.api().chunkObject());
    gen.writeFieldName(CHOICES);
    gen.writeStartArray();
    gen.writeEndArray();
    end(head, completionTokens);
    sink.write(EVENT_END);
  }

  /** {@code data: [DONE]}, which OpenAI clients read as the end of the stream. */
  public void done() throws IOException {
    sink.write(DONE);
  }

  /** Opens a whole non-streamed response: {@link #choice} per answer, then {@link #endWhole}. */
  public void beginWhole(Head head) throws IOException {
    begin(head, head.api().object());
    gen.writeFieldName(CHOICES);
    gen.writeStartArray();
  }

  /**
   * One choice of a whole response: chat's {@code message} or completions' {@code text}.
   *
   * @param content the answer's first {@code contentLength} chars; a null {@code content} writes
   *     JSON null (chat: reasoning used up the output)
   * @param reasoning chat's {@code reasoning_content}, its first {@code reasoningLength} chars;
   *     null for none
   */
  public void choice(
      Head head,
      int index,
      char[] content,
      int contentLength,
      char[] reasoning,
      int reasoningLength,
      String finishReason)
      throws IOException {
    gen.writeStartObject();
    gen.writeFieldName(INDEX);
    gen.writeNumber(index);
    if (head.api() == Api.CHAT) {
      gen.writeFieldName(MESSAGE);
      gen.writeStartObject();
      gen.writeFieldName(ROLE);
      gen.writeString(ASSISTANT);
      gen.writeFieldName(CONTENT);
      if (content == null) {
        gen.writeNull();
      } else {
        gen.writeString(content, 0, contentLength);
      }
      if (reasoning != null) {
        gen.writeFieldName(REASONING_CONTENT);
        gen.writeString(reasoning, 0, reasoningLength);
      }
      gen.writeEndObject();
    } else {
      gen.writeFieldName(TEXT);
      gen.writeString(content == null ? new char[0] : content, 0, contentLength);
    }
    gen.writeFieldName(LOGPROBS);
    gen.writeNull();
    gen.writeFieldName(FINISH_REASON);
    gen.writeString(finishReason);
    gen.writeEndObject();
  }

  /** Closes a whole response with the usage of all its choices. */
  public void endWhole(Head head, int completionTokens) throws IOException {
    gen.writeEndArray();
    end(head, completionTokens);
  }

  /** After a failure mid-object the generator's state is unknown: start afresh. */
  public void reset() {
    gen = newGenerator();
  }

  private void begin(Head head, String object) throws IOException {
    gen.writeStartObject();
    gen.writeFieldName(ID);
    gen.writeString(head.id());
    gen.writeFieldName(OBJECT);
    gen.writeString(object);
    gen.writeFieldName(CREATED);
    gen.writeNumber(head.created());
    gen.writeFieldName(MODEL);
    gen.writeString(head.model());
  }

  /** Closes the object, with {@code usage} unless {@code usageTokens} is {@link #NO_USAGE}. */
  private void end(Head head, int usageTokens) throws IOException {
    if (usageTokens != NO_USAGE) {
      gen.writeFieldName(USAGE);
      gen.writeStartObject();
      gen.writeFieldName(PROMPT_TOKENS);
      gen.writeNumber(head.promptTokens());
      gen.writeFieldName(COMPLETION_TOKENS);
      gen.writeNumber(usageTokens);
      gen.writeFieldName(TOTAL_TOKENS);
      gen.writeNumber(head.promptTokens() + usageTokens);
      if (head.cachedTokens() >= 0) {
        gen.writeFieldName(PROMPT_TOKENS_DETAILS);
        gen.writeStartObject();
        gen.writeFieldName(CACHED_TOKENS);
        gen.writeNumber(head.cachedTokens());
        gen.writeEndObject();
      }
      gen.writeEndObject();
    }
    gen.writeEndObject();
    gen.flush();
  }

  private JsonGenerator newGenerator() {
    try {
      JsonGenerator g = JSON.createGenerator(sink);
      g.setRootValueSeparator(null); // consecutive events must not be separated by a space
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
