package io.tokenload.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a response's bytes go once the writers have made them: straight to the connection, or
 * trickled out a few bytes at a time ({@link Fault.Kind#DRIP}). Takes ownership of every buffer it
 * is given. Used on the connection's event loop only.
 */
abstract class Outbound {

  static Outbound direct(ChannelHandlerContext ctx) {
    return new Direct(ctx);
  }

  /** Writes {@code bytes} bytes of body at a time, {@code pauseNanos} apart. */
  static Outbound drip(ChannelHandlerContext ctx, int bytes, long pauseNanos) {
    return new Drip(ctx, bytes, pauseNanos);
  }

  /** Sends the status line and headers now. */
  abstract void head(HttpResponse head);

  /** Sends part of the body. */
  abstract void content(ByteBuf piece);

  /** Sends the body's last part; {@code onWritten} runs once it has been handed to the channel. */
  abstract void last(ByteBuf piece, Runnable onWritten);

  /** Drops whatever is still queued. */
  void stop() {}

  private static final class Direct extends Outbound {
    private final ChannelHandlerContext ctx;

    Direct(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    void head(HttpResponse head) {
      ctx.writeAndFlush(head, ctx.voidPromise());
    }

    @Override
    void content(ByteBuf piece) {
      ctx.writeAndFlush(new DefaultHttpContent(piece), ctx.voidPromise());
    }

    @Override
    void last(ByteBuf piece, Runnable onWritten) {
      // A normal promise: the keep-alive handler may add a listener to close the connection.
      ctx.writeAndFlush(new DefaultLastHttpContent(piece));
      onWritten.run();
    }
  }

  /**
   * Queues the body and writes it slice by slice on a timer, each slice flushed on its own, so the
   * client reads it in small pieces. The queue holds at most one response's body.
   */
  private static final class Drip extends Outbound {
    private final ChannelHandlerContext ctx;
    private final int bytes;
    private final long pauseNanos;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private ScheduledFuture<?> timer;
    private long lastWriteNanos;
    private Runnable onWritten;
    private boolean stopped;

    Drip(ChannelHandlerContext ctx, int bytes, long pauseNanos) {
      this.ctx = ctx;
      this.bytes = bytes;
      this.pauseNanos = pauseNanos;
      this.lastWriteNanos = System.nanoTime() - pauseNanos;
    }

    @Override
    void head(HttpResponse head) {
      ctx.writeAndFlush(head, ctx.voidPromise());
    }

    @Override
    void content(ByteBuf piece) {
      enqueue(piece);
    }

    @Override
    void last(ByteBuf piece, Runnable onWritten) {
      this.onWritten = onWritten;
      enqueue(piece);
    }

    @Override
    void stop() {
      stopped = true;
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      ByteBuf b;
      while ((b = queue.poll()) != null) {
        b.release();
      }
    }

    private void enqueue(ByteBuf piece) {
      if (stopped) {
        piece.release();
        return;
      }
      queue.add(piece);
      if (timer == null) {
        long delay = lastWriteNanos + pauseNanos - System.nanoTime();
        timer = ctx.executor().schedule(this::tick, Math.max(0, delay), TimeUnit.NANOSECONDS);
      }
    }

    private void tick() {
      timer = null;
      if (stopped) {
        return;
      }
      ByteBuf head = queue.peek();
      while (head != null && !head.isReadable()) {
        queue.poll().release();
        head = queue.peek();
      }
      if (head != null) {
        ByteBuf slice = head.readRetainedSlice(Math.min(bytes, head.readableBytes()));
        ctx.writeAndFlush(new DefaultHttpContent(slice), ctx.voidPromise());
        lastWriteNanos = System.nanoTime();
      }
      boolean drained = queue.stream().noneMatch(ByteBuf::isReadable);
      if (drained && onWritten != null) {
        stop(); // releases the emptied buffers
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        onWritten.run();
      } else if (!drained) {
        timer = ctx.executor().schedule(this::tick, pauseNanos, TimeUnit.NANOSECONDS);
      }
    }
  }
}
