package io.tokenload.simulator;

import io.netty.buffer.ByteBuf;

/**
 * The bytes of one streamed answer, as {@link StreamWriter} asks for them: OpenAI's chunks ({@link
 * OpenAiWire}, the hot path) or another protocol's events ({@link NativeWire}). The writer owns the
 * timing; a wire only encodes.
 */
interface Wire {

  /** The {@code Content-Type} of the stream. */
  String contentType();

  /** Whether the answer has events before its first text (chat's role chunk, a message start). */
  boolean hasFirst();

  /** The events sent with the first token, before its text. */
  void first(ByteBuf out);

  /** The text of tokens {@code from} (inclusive) to {@code to} (exclusive). */
  void tokens(ByteBuf out, OutputPlan plan, int from, int to);

  /** The tokens' event cut in half, as a broken server might send it ({@code malformed}). */
  void malformed(ByteBuf out, OutputPlan plan, int from, int to);

  /** Everything after the last text: the finish, the usage, the end of the stream. */
  void end(ByteBuf out, OutputPlan plan);
}
