package io.tokenload.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A complete (not streamed) answer, sent when the last of its tokens exists: a non-streamed
 * completion, or an embedding once its input is prefilled.
 *
 * <p>Faults ({@link Fault}) change what is sent then: {@code disconnect} closes the connection
 * without a byte; {@code never-ends} sends nothing and holds the connection open until the client
 * leaves or the fault's {@code ms} pass; {@code malformed} cuts the JSON body in half (with a
 * matching {@code Content-Length}); {@code drip} trickles the body out. Runs on the connection's
 * event loop.
 */
final class DelayedReply implements HttpHandler.InFlight {

  private final ChannelHandlerContext ctx;
  private final Pace pace;
  private final Fault fault;
  private final Supplier<FullHttpResponse> response;
  private final Runnable onDone;
  private ScheduledFuture<?> timer;
  private Outbound outbound;
  private boolean sent;
  private boolean stopped;

  /**
   * @param pace checked, not yet started
   * @param response builds the answer when it is due
   * @param onDone runs once the answer is handed to the connection
   */
  DelayedReply(
      ChannelHandlerContext ctx,
      Pace pace,
      Fault fault,
      Supplier<FullHttpResponse> response,
      Runnable onDone) {
    this.ctx = ctx;
    this.pace = pace;
    this.fault = fault;
    this.response = response;
    this.onDone = onDone;
  }

  /** Starts generating; the answer follows when it is due. */
  void start(long startNanos) {
    pace.start(startNanos, this::wake);
    if (pace.finishDueNanos() != Pace.UNKNOWN) { // else the engine wakes this reply
      sendWhenDue();
    }
  }

  /** Sends now if the answer is due, else sleeps until it is (waking early from long waits). */
  private void sendWhenDue() {
    long delay = pace.finishDueNanos() - System.nanoTime();
    if (delay <= 0) {
      send();
    } else {
      timer =
          ctx.executor().schedule(this::sendWhenDue, Pace.wakeDelay(delay), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    pace.stop();
    if (outbound != null) {
      outbound.stop();
    }
  }

  private void wake() {
    if (pace.finished(System.nanoTime())) {
      send();
    }
  }

  private void send() {
    timer = null;
    if (stopped || sent || !ctx.channel().isActive()) {
      return;
    }
    sent = true;
    Fault.Kind kind = fault == null ? null : fault.kind();
    if (kind == Fault.Kind.DISCONNECT) {
      ctx.close();
      return;
    }
    if (kind == Fault.Kind.NEVER_ENDS) {
      long holdNanos = fault.param("ms") * 1_000_000L;
      timer = ctx.executor().schedule(() -> ctx.close(), holdNanos, TimeUnit.NANOSECONDS);
      return;
    }
    FullHttpResponse answer = response.get();
    if (kind == Fault.Kind.MALFORMED) {
      cutInHalf(answer);
    }
    if (kind == Fault.Kind.DRIP) {
      long pauseNanos = fault.param("ms") * 1_000_000L;
      outbound = Outbound.drip(ctx, fault.param("bytes"), pauseNanos);
      outbound.head(
          new DefaultHttpResponse(answer.protocolVersion(), answer.status(), answer.headers()));
      outbound.last(answer.content(), onDone);
      return;
    }
    ctx.writeAndFlush(answer);
    onDone.run();
  }

  private static void cutInHalf(FullHttpResponse answer) {
    ByteBuf body = answer.content();
    int cut = body.readerIndex() + body.readableBytes() / 2;
    while (cut > body.readerIndex() && (body.getByte(cut) & 0xC0) == 0x80) {
      cut--; // not inside a UTF-8 sequence
    }
    body.writerIndex(cut);
    answer.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
  }
}
