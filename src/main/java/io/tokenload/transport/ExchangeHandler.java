package io.tokenload.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one request/response exchange at a time on a connection and forwards the response to a
 * {@link StreamListener}, with the arrival times {@link ArrivalStamp} took.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {

  private ChannelHandlerContext ctx;
  private ArrivalStamp stamp;
  private byte[] scratch = new byte[16 * 1024];

  private StreamListener listener;
  private Runnable release;
  private Runnable retryOnFreshConnection;
  private EndQueue ends;
  private boolean active;
  private boolean responseSeen;
  private boolean keepAlive;
  private long bodyBytes;
  private long lastActivityNanos;
  private long idleTimeoutNanos;
  private ScheduledFuture<?> idleCheck;

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
    this.listener = listener;
    this.release = release;
    this.retryOnFreshConnection = retryOnFreshConnection;
    this.ends = ends;
    this.active = true;
    this.responseSeen = false;
    this.keepAlive = false;
    this.bodyBytes = 0;
    this.idleTimeoutNanos = request.idleTimeout().toNanos();

    FullHttpRequest http = toHttp(request);
    long sent = System.nanoTime();
    lastActivityNanos = sent;
    listener.onSent(sent);
    ctx.writeAndFlush(http)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail("sending the request failed: " + Failures.describe(f.cause()));
              }
            });
    scheduleIdleCheck(idleTimeoutNanos);
  }

  private static FullHttpRequest toHttp(StreamRequest request) {
    FullHttpRequest http =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            request.pathAndQuery(),
            Unpooled.wrappedBuffer(request.body()));
    http.headers()
        .set(HttpHeaderNames.HOST, request.uri().getHost() + ":" + request.port())
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .set(HttpHeaderNames.ACCEPT, "text/event-stream, application/json")
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
        .set("X-Request-Id", request.requestId())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      http.headers().set(h.getKey(), h.getValue());
    }
    return http;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (active) {
        read((HttpObject) msg);
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
      }
    }
  }

  private void end(long nanos) {
    active = false;
    cancelIdleCheck();
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
    cancelIdleCheck();
    StreamListener l = listener;
    listener = null;
    ctx.close();
    long nanos = System.nanoTime();
    ends.add(() -> l.onFailure(nanos, reason));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (active && !responseSeen && bodyBytes == 0 && retryOnFreshConnection != null) {
      // A reused keep-alive connection that the server had already closed: not the request's fault.
      active = false;
      cancelIdleCheck();
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

  private void scheduleIdleCheck(long delayNanos) {
    idleCheck = ctx.executor().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkIdle() {
    if (!active) {
      return;
    }
    long idle = System.nanoTime() - lastActivityNanos;
    if (idle >= idleTimeoutNanos) {
      fail(
          "no data from the server for "
              + TimeUnit.NANOSECONDS.toMillis(idle)
              + " ms (idle timeout "
              + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos)
              + " ms)");
    } else {
      scheduleIdleCheck(idleTimeoutNanos - idle);
    }
  }

  private void cancelIdleCheck() {
    if (idleCheck != null) {
      idleCheck.cancel(false);
      idleCheck = null;
    }
  }
}
