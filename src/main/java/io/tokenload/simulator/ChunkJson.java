package io.tokenload.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.tokenload.workload.Api;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the streamed events and the complete response objects, in the exact shape vLLM sends, as
 * UTF-8 straight into Netty buffers.
 *
 * <p>This is the sim's hot path (over 100,000 chunks a second), so it uses Jackson's streaming
 * generator with pre-encoded field names instead of building a tree or reflecting over a POJO. One
 * generator per thread is reused for every event: each connection's writes happen on its own
 * event-loop thread, so a thread-local instance is never shared. Obtain it with {@link
 * #forThisThread()} and do not keep it across threads.
 */
final class ChunkJson {

  /** What every object of one response repeats. */
  /**
   * @param cachedTokens prompt tokens served from the prefix cache, reported as {@code
   *     usage.prompt_tokens_details.cached_tokens}; -1 writes no details
   */
  record Head(String id, Api kind, long created, String model, int promptTokens, int cachedTokens) {

    Head(String id, Api kind, long created, String model, int promptTokens) {
      this(id, kind, created, model, promptTokens, -1);
    }
  }

  /** No usage field on this event. */
  static final int NO_USAGE = -1;

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

  private static final FastThreadLocal<ChunkJson> PER_THREAD =
      new FastThreadLocal<>() {
        @Override
        protected ChunkJson initialValue() {
          return new ChunkJson();
        }
      };

  private final Sink sink = new Sink();
  private JsonGenerator gen = newGenerator();
  private char[] chars = new char[256];

  private ChunkJson() {}

  static ChunkJson forThisThread() {
    return PER_THREAD.get();
  }

  /** Chat's first event: the assistant role and empty content. Completions have none. */
  void role(ByteBuf out, Head head, int usageTokens) {
    event(out, head, null, true, 0, 0, null, usageTokens);
  }

  /**
   * An event carrying the text of tokens {@code from} (inclusive) to {@code to} (exclusive): in
   * chat's {@code delta.reasoning_content} when they are reasoning, else {@code delta.content}.
   */
  void tokens(ByteBuf out, Head head, OutputPlan plan, int from, int to, int usageTokens) {
    event(out, head, plan, false, from, to, null, usageTokens);
  }

  /**
   * A token event cut short: {@code data: } and the first half of its JSON, then the blank line, as
   * a broken proxy or server might send. A strict prefix of a JSON object is never valid JSON.
   */
  void malformed(ByteBuf out, Head head, OutputPlan plan, int from, int to) {
    ByteBuf whole = out.alloc().heapBuffer(256);
    try {
      tokens(whole, head, plan, from, to, NO_USAGE);
      int json = DATA.length;
      int cut = json + (whole.writerIndex() - EVENT_END.length - json) / 2;
      while ((whole.getByte(cut) & 0xC0) == 0x80) {
        cut--; // not inside a UTF-8 sequence
      }
      out.writeBytes(whole, 0, cut).writeBytes(EVENT_END);
    } finally {
      whole.release();
    }
  }

  /**
   * The event after the last token: an empty delta (or text) and the finish reason, in a chunk of
   * its own as OpenAI sends it (vLLM puts the reason on the last token's chunk instead).
   */
  void finish(ByteBuf out, Head head, String finishReason, int usageTokens) {
    event(out, head, null, false, 0, 0, finishReason, usageTokens);
  }

  /** The usage event of {@code stream_options.include_usage}: no choices, only the totals. */
  void usage(ByteBuf out, Head head, int completionTokens) {
    out.writeBytes(DATA);
    try {
      begin(out, head, head.kind().chunkObject());
      gen.writeFieldName(CHOICES);
      gen.writeStartArray();
      gen.writeEndArray();
      end(out, head, completionTokens);
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    }
    out.writeBytes(EVENT_END);
  }

  /** The stream's last event, which OpenAI clients read as end of stream. */
  static void done(ByteBuf out) {
    out.writeBytes(DONE);
  }

  /** A complete non-streamed {@code chat.completion} or {@code text_completion} with usage. */
  void completion(ByteBuf out, Head head, OutputPlan plan) {
    completion(out, head, new OutputPlan[] {plan});
  }

  /**
   * A complete non-streamed response with one choice per plan ({@code index} 0, 1, … as OpenAI
   * answers a batch of prompts) and the usage of them all; {@code head.promptTokens} is the
   * batch's.
   */
  void completion(ByteBuf out, Head head, OutputPlan[] plans) {
    try {
      begin(out, head, head.kind().object());
      gen.writeFieldName(CHOICES);
      gen.writeStartArray();
      int completionTokens = 0;
      for (int index = 0; index < plans.length; index++) {
        choice(head, plans[index], index);
        completionTokens += plans[index].tokens();
      }
      gen.writeEndArray();
      end(out, head, completionTokens);
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    }
  }

  private void choice(Head head, OutputPlan plan, int index) throws IOException {
    gen.writeStartObject();
    gen.writeFieldName(INDEX);
    gen.writeNumber(index);
    if (head.kind() == Api.CHAT) {
      gen.writeFieldName(MESSAGE);
      gen.writeStartObject();
      gen.writeFieldName(ROLE);
      gen.writeString(ASSISTANT);
      gen.writeFieldName(CONTENT);
      int reasoning = plan.reasoningTokens();
      if (reasoning > 0 && reasoning == plan.tokens()) {
        gen.writeNull(); // reasoning used up max_tokens: no answer, as vLLM says it
      } else {
        writeText(plan, reasoning, plan.tokens());
      }
      if (reasoning > 0) {
        gen.writeFieldName(REASONING_CONTENT);
        writeText(plan, 0, reasoning);
      }
      gen.writeEndObject();
    } else {
      gen.writeFieldName(TEXT);
      writeText(plan, 0, plan.tokens());
    }
    gen.writeFieldName(LOGPROBS);
    gen.writeNull();
    gen.writeFieldName(FINISH_REASON);
    gen.writeString(plan.finishReason());
    gen.writeEndObject();
  }

  /**
   * One {@code data:} event with a single choice. Chat puts text in {@code delta} (the role event
   * adds {@code role}); completions put it in {@code text}. {@code plan == null} means no text.
   */
  private void event(
      ByteBuf out,
      Head head,
      OutputPlan plan,
      boolean role,
      int from,
      int to,
      String finishReason,
      int usageTokens) {
    out.writeBytes(DATA);
    try {
      begin(out, head, head.kind().chunkObject());
      gen.writeFieldName(CHOICES);
      gen.writeStartArray();
      gen.writeStartObject();
      gen.writeFieldName(INDEX);
      gen.writeNumber(0);
      if (head.kind() == Api.CHAT) {
        gen.writeFieldName(DELTA);
        gen.writeStartObject();
        if (role) {
          gen.writeFieldName(ROLE);
          gen.writeString(ASSISTANT);
          gen.writeFieldName(CONTENT);
          gen.writeString("");
        } else if (plan != null) {
          gen.writeFieldName(plan.isReasoning(from) ? REASONING_CONTENT : CONTENT);
          writeText(plan, from, to);
        }
        gen.writeEndObject();
      } else {
        gen.writeFieldName(TEXT);
        writeText(plan, from, to);
      }
      gen.writeFieldName(LOGPROBS);
      gen.writeNull();
      gen.writeFieldName(FINISH_REASON);
      gen.writeString(finishReason); // null writes JSON null
      gen.writeEndObject();
      gen.writeEndArray();
      end(out, head, usageTokens);
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    }
    out.writeBytes(EVENT_END);
  }

  private void begin(ByteBuf out, Head head, String object) throws IOException {
    sink.target = out;
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

  /** Closes the object and moves the generator's buffered bytes into {@code out}. */
  private void end(ByteBuf out, Head head, int usageTokens) throws IOException {
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
    sink.target = null;
  }

  /** Writes tokens' text as one JSON string, copied through a reused buffer, not a new String. */
  private void writeText(OutputPlan plan, int from, int to) throws IOException {
    if (plan == null) {
      gen.writeString("");
      return;
    }
    int length = 0;
    for (int i = from; i < to; i++) {
      String token = plan.token(i);
      if (length + token.length() > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + token.length()));
      }
      token.getChars(0, token.length(), chars, length);
      length += token.length();
    }
    gen.writeString(chars, 0, length);
  }

  /** After a failure mid-object the generator's state is unknown: start this thread afresh. */
  private RuntimeException broken(Exception e) {
    sink.target = null;
    gen = newGenerator();
    return e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
  }

  private JsonGenerator newGenerator() {
    try {
      JsonGenerator g = JsonFields.MAPPER.getFactory().createGenerator(sink);
      g.setRootValueSeparator(null); // consecutive events must not be separated by a space
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An output stream whose destination buffer changes per event. */
  private static final class Sink extends OutputStream {
    ByteBuf target;

    @Override
    public void write(int b) {
      target.writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      target.writeBytes(b, off, len);
    }
  }
}
