package io.tokenload.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one request/response exchange at a time on a connection and forwards the response to a
 * {@link StreamListener}, with the arrival times {@link ArrivalStamp} took.
 *
 * <p>Timers: the idle timeout counts from the last bytes read from the socket (any bytes, also
 * those of headers still incomplete), the max stream time from the send. A listener that needs no
 * more ({@link StreamListener#progress}) ends the request at once: after {@code [DONE]} the
 * connection waits up to {@value #DRAIN_MILLIS} ms for the server to end the response and then goes
 * back to the pool, else it is closed; a listener that gave up has the connection closed.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {

  static final long DRAIN_MILLIS = 1_000;

  private ChannelHandlerContext ctx;
  private ArrivalStamp stamp;
  private byte[] scratch = new byte[16 * 1024];

  private StreamListener listener;
  private Runnable release;
  private Runnable retryOnFreshConnection;
  private EndQueue ends;
  private boolean active;
  private boolean draining;
  private boolean responseSeen;
  private boolean keepAlive;
  private long bodyBytes;
  private long sentNanos;
  private long lastActivityNanos;
  private long idleTimeoutNanos;
  private long maxDurationNanos;
  private ScheduledFuture<?> timer;
  private RequestHead head; // the last request's, reused while the URI and headers stay

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.stamp = ctx.pipeline().get(ArrivalStamp.class);
  }

  /** Starts an exchange; must be called on the channel's event loop. */
  void begin(
      StreamRequest request,
      StreamListener listener,
      Runnable release,
      Runnable retryOnFreshConnection,
      EndQueue ends) {
    head = RequestHead.of(request, head);
    ByteBuf http = head.encode(ctx.alloc(), request);
    this.listener = listener;
    this.release = release;
    this.retryOnFreshConnection = retryOnFreshConnection;
    this.ends = ends;
    this.active = true;
    this.draining = false;
    this.responseSeen = false;
    this.keepAlive = false;
    this.bodyBytes = 0;
    this.idleTimeoutNanos = request.idleTimeout().toNanos();
    this.maxDurationNanos = request.maxDuration().toNanos();

    long sent = System.nanoTime();
    sentNanos = sent;
    lastActivityNanos = sent;
    listener.onSent(sent);
    ctx.writeAndFlush(http)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail("sending the request failed: " + Failures.describe(f.cause()));
              }
            });
    schedule(this::checkTimers, Math.min(idleTimeoutNanos, maxDurationNanos));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (active) {
        read((HttpObject) msg);
      } else if (draining) {
        drain((HttpObject) msg);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void read(HttpObject msg) {
    long t = stamp.lastReadNanos();
    lastActivityNanos = t;
    if (msg.decoderResult().isFailure()) {
      fail("malformed HTTP response: " + Failures.describe(msg.decoderResult().cause()));
      return;
    }
    if (msg instanceof HttpResponse response) {
      responseSeen = true;
      keepAlive = HttpUtil.isKeepAlive(response);
      listener.onStatus(t, response.status().code());
      HttpHeaders headers = response.headers();
      listener.onHeaders(
          t,
          headers.get(HttpHeaderNames.CONTENT_TYPE),
          headers.get(HttpHeaderNames.CONTENT_ENCODING),
          headers.get(HttpHeaderNames.LOCATION));
      String retryAfter = headers.get(HttpHeaderNames.RETRY_AFTER);
      if (retryAfter != null) {
        listener.onRetryAfter(t, retryAfter);
      }
      if (!(msg instanceof LastHttpContent) && listenerIsDone(t)) {
        return;
      }
    }
    if (msg instanceof HttpContent content) {
      ByteBuf buf = content.content();
      int n = buf.readableBytes();
      if (n > 0) {
        if (n > scratch.length) {
          scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        buf.getBytes(buf.readerIndex(), scratch, 0, n);
        bodyBytes += n;
        listener.onBytes(t, scratch, 0, n);
      }
      if (msg instanceof LastHttpContent) {
        end(t);
      } else {
        listenerIsDone(t);
      }
    }
  }

  /** Ends the request early when the listener needs no more of the response. */
  private boolean listenerIsDone(long nanos) {
    StreamListener.Progress progress = listener.progress();
    if (progress == StreamListener.Progress.MORE) {
      return false;
    }
    active = false;
    cancelTimer();
    StreamListener l = listener;
    listener = null;
    if (progress == StreamListener.Progress.COMPLETE) {
      draining = true;
      // Queued ends run after the reads at hand: the response's end usually came with [DONE], and
      // then no drain timer is made at all.
      ends.add(
          () -> {
            startDrainTimer();
            l.onEnd(nanos);
          });
    } else {
      ctx.close();
      ends.add(() -> l.onEnd(nanos));
    }
    return true;
  }

  private void startDrainTimer() {
    if (draining && timer == null) {
      schedule(this::stopDraining, TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS));
    }
  }

  /**
   * The drain timer starts only when a read ended without the response's end: the end usually comes
   * in the same read as {@code [DONE]}, and then no timer is made at all.
   */
  /** After {@code [DONE]}: waits for the response's end to keep the connection; reads nothing. */
  private void drain(HttpObject msg) {
    if (msg.decoderResult().isFailure()) {
      stopDraining();
    } else if (msg instanceof LastHttpContent) {
      draining = false;
      cancelTimer();
      if (keepAlive) {
        release.run();
      } else {
        ctx.close();
      }
    }
  }

  /** The server kept the response open after {@code [DONE]}: the connection cannot be reused. */
  private void stopDraining() {
    if (draining) {
      draining = false;
      cancelTimer();
      ctx.close();
    }
  }

  private void end(long nanos) {
    active = false;
    cancelTimer();
    StreamListener l = listener;
    listener = null;
    if (keepAlive) {
      release.run();
    } else {
      ctx.close();
    }
    ends.add(() -> l.onEnd(nanos));
  }

  private void fail(String reason) {
    if (!active) {
      return;
    }
    active = false;
    cancelTimer();
    StreamListener l = listener;
    listener = null;
    ctx.close();
    long nanos = System.nanoTime();
    ends.add(() -> l.onFailure(nanos, reason));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (draining) {
      draining = false;
      cancelTimer();
    } else if (active && !responseSeen && bodyBytes == 0 && retryOnFreshConnection != null) {
      // A reused keep-alive connection that the server had already closed: not the request's fault.
      active = false;
      cancelTimer();
      listener = null;
      retryOnFreshConnection.run();
    } else {
      fail(
          responseSeen
              ? "connection closed by the server after " + bodyBytes + " body bytes"
              : "connection closed by the server before a response");
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(Failures.describe(cause));
    ctx.close();
  }

  private void schedule(Runnable check, long delayNanos) {
    timer = ctx.executor().schedule(check, delayNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The idle timeout and the max stream time. Idle time counts from the last bytes read from the
   * socket, so a server sending its headers a byte at a time is not idle.
   */
  private void checkTimers() {
    if (!active) {
      return;
    }
    long now = System.nanoTime();
    long running = now - sentNanos;
    if (running >= maxDurationNanos) {
      fail(
          "stream cut at the max stream time of "
              + seconds(maxDurationNanos)
              + " s (stream.max.s)");
      return;
    }
    long idle = now - Math.max(lastActivityNanos, stamp.lastReadNanos());
    if (idle >= idleTimeoutNanos) {
      fail(
          "no data from the server for "
              + TimeUnit.NANOSECONDS.toMillis(idle)
              + " ms (idle timeout "
              + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos)
              + " ms)");
    } else {
      schedule(this::checkTimers, Math.min(idleTimeoutNanos - idle, maxDurationNanos - running));
    }
  }

  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
