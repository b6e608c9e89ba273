package io.tokenload.simulator.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Writes one answer in a protocol's format, event by event, into Netty buffers. The target calls
 * {@link #start} once with the first token (every protocol's first bytes come after prefill), then
 * {@link #text} once per chunk of tokens, then {@link #end}; or, for an answer that is not
 * streamed, {@link #whole} alone. Not thread-safe: one answer, one event loop.
 */
public interface Encoder {

  /** The events before the first text, such as Anthropic's {@code message_start}; may be none. */
  void start(ByteBuf out);

  /**
   * One chunk of text.
   *
   * @param reasoning whether the text is reasoning (a thinking channel) rather than the answer
   * @param completionTokens tokens generated so far, this chunk's included
   */
  void text(ByteBuf out, String text, boolean reasoning, int completionTokens);

  /**
   * The events after the last text.
   *
   * @param finishReason OpenAI's: {@code stop} (end of sequence) or {@code length} (the cap)
   */
  void end(ByteBuf out, String finishReason, int completionTokens);

  /** A whole answer that is not streamed: one JSON body. {@code reasoning} may be empty. */
  void whole(ByteBuf out, String reasoning, String text, String finishReason, int completionTokens);
}
