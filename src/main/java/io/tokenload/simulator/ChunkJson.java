package io.tokenload.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.tokenload.local.OpenAiChunks;
import io.tokenload.local.OpenAiChunks.Head;
import io.tokenload.workload.Api;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the embedded target's OpenAI answers, streamed events and whole response objects, as UTF-8
 * straight into Netty buffers, through the one writer of that format ({@link OpenAiChunks}): this
 * class only copies an {@link OutputPlan}'s tokens into reused char buffers and points the writer
 * at the buffer of the moment.
 *
 * <p>This is the target's hot path (over 100,000 chunks a second). One instance per thread is
 * reused for every event: each connection's writes happen on its own event-loop thread, so a
 * thread-local instance is never shared. Obtain it with {@link #forThisThread()} and do not keep it
 * across threads.
 */
final class ChunkJson {

  /** No usage field on this event. */
  static final int NO_USAGE = OpenAiChunks.NO_USAGE;

  private static final byte[] DONE = OpenAiChunks.doneEvent();
  private static final int DATA_LENGTH = "data: ".length();
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

  private static final FastThreadLocal<ChunkJson> PER_THREAD =
      new FastThreadLocal<>() {
        @Override
        protected ChunkJson initialValue() {
          return new ChunkJson();
        }
      };

  private final Sink sink = new Sink();
  private final OpenAiChunks chunks = new OpenAiChunks(sink);
  private final Text text = new Text();
  private final Text reasoning = new Text();

  private ChunkJson() {}

  static ChunkJson forThisThread() {
    return PER_THREAD.get();
  }

  /** Chat's first event: the assistant role and empty content. Completions have none. */
  void role(ByteBuf out, Head head, int usageTokens) {
    sink.target = out;
    try {
      chunks.event(head, OpenAiChunks.Delta.ROLE, null, 0, null, usageTokens);
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    } finally {
      sink.target = null;
    }
  }

  /**
   * An event carrying the text of tokens {@code from} (inclusive) to {@code to} (exclusive): in
   * chat's {@code delta.reasoning_content} when they are reasoning, else {@code delta.content}.
   */
  void tokens(ByteBuf out, Head head, OutputPlan plan, int from, int to, int usageTokens) {
    text.fill(plan, from, to);
    OpenAiChunks.Delta delta =
        plan.isReasoning(from) ? OpenAiChunks.Delta.REASONING : OpenAiChunks.Delta.CONTENT;
    sink.target = out;
    try {
      chunks.event(head, delta, text.chars, text.length, null, usageTokens);
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    } finally {
      sink.target = null;
    }
  }

  /**
   * A token event cut short: {@code data: } and the first half of its JSON, then the blank line, as
   * a broken proxy or server might send. A strict prefix of a JSON object is never valid JSON.
   */
  void malformed(ByteBuf out, Head head, OutputPlan plan, int from, int to) {
    ByteBuf whole = out.alloc().heapBuffer(256);
    try {
      tokens(whole, head, plan, from, to, NO_USAGE);
      int json = DATA_LENGTH;
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
    sink.target = out;
    try {
      chunks.event(head, OpenAiChunks.Delta.NONE, null, 0, finishReason, usageTokens);
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    } finally {
      sink.target = null;
    }
  }

  /** The usage event of {@code stream_options.include_usage}: no choices, only the totals. */
  void usage(ByteBuf out, Head head, int completionTokens) {
    sink.target = out;
    try {
      chunks.usageEvent(head, completionTokens);
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    } finally {
      sink.target = null;
    }
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
    sink.target = out;
    try {
      chunks.beginWhole(head);
      int completionTokens = 0;
      for (int index = 0; index < plans.length; index++) {
        choice(head, plans[index], index);
        completionTokens += plans[index].tokens();
      }
      chunks.endWhole(head, completionTokens);
    } catch (IOException | RuntimeException e) {
      throw broken(e);
    } finally {
      sink.target = null;
    }
  }

  private void choice(Head head, OutputPlan plan, int index) throws IOException {
    int thinking = head.api() == Api.CHAT ? plan.reasoningTokens() : 0;
    // Reasoning that used up max_tokens leaves no answer: content null, as vLLM says it.
    boolean noAnswer = thinking > 0 && thinking == plan.tokens();
    if (!noAnswer) {
      text.fill(plan, thinking, plan.tokens());
    }
    if (thinking > 0) {
      reasoning.fill(plan, 0, thinking);
    }
    chunks.choice(
        head,
        index,
        noAnswer ? null : text.chars,
        noAnswer ? 0 : text.length,
        thinking > 0 ? reasoning.chars : null,
        thinking > 0 ? reasoning.length : 0,
        plan.finishReason());
  }

  /** After a failure mid-object the writer's state is unknown: start this thread afresh. */
  private RuntimeException broken(Exception e) {
    sink.target = null;
    chunks.reset();
    return e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
  }

  /** Tokens' text copied into a reused buffer, not a new String. */
  private static final class Text {
    char[] chars = new char[256];
    int length;

    void fill(OutputPlan plan, int from, int to) {
      length = 0;
      for (int i = from; i < to; i++) {
        String token = plan.token(i);
        if (length + token.length() > chars.length) {
          chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + token.length()));
        }
        token.getChars(0, token.length(), chars, length);
        length += token.length();
      }
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
