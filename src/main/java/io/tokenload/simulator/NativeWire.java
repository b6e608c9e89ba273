package io.tokenload.simulator;

import io.netty.buffer.ByteBuf;
import io.tokenload.simulator.protocol.Encoder;

/** Another protocol's events, written by its {@link Encoder}. */
final class NativeWire implements Wire {

  private final Encoder encoder;
  private final String contentType;

  NativeWire(Encoder encoder, String contentType) {
    this.encoder = encoder;
    this.contentType = contentType;
  }

  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public boolean hasFirst() {
    return true;
  }

  @Override
  public void first(ByteBuf out) {
    encoder.start(out);
  }

  @Override
  public void tokens(ByteBuf out, OutputPlan plan, int from, int to) {
    encoder.text(out, plan.text(from, to), plan.isReasoning(from), to);
  }

  /**
   * The first half of the tokens' event, then its separator: a strict prefix of a JSON object is
   * never valid JSON, in any framing.
   */
  @Override
  public void malformed(ByteBuf out, OutputPlan plan, int from, int to) {
    ByteBuf whole = out.alloc().heapBuffer(256);
    try {
      encoder.text(whole, plan.text(from, to), plan.isReasoning(from), to);
      int cut = whole.writerIndex() / 2;
      while ((whole.getByte(cut) & 0xC0) == 0x80) {
        cut--; // not inside a UTF-8 sequence
      }
      out.writeBytes(whole, 0, cut);
      out.writeBytes(contentType.contains("ndjson") ? new byte[] {'\n'} : new byte[] {'\n', '\n'});
    } finally {
      whole.release();
    }
  }

  @Override
  public void end(ByteBuf out, OutputPlan plan) {
    encoder.end(out, plan.finishReason(), plan.tokens());
  }
}
