package io.tokenload.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First handler of the pipeline: notes when bytes were read from the socket, before the HTTP
 * decoder and the SSE parser see them. Everything decoded from one read shares that time.
 */
final class ArrivalStamp extends ChannelInboundHandlerAdapter {

  private long lastReadNanos;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastReadNanos = System.nanoTime();
    ctx.fireChannelRead(msg);
  }

  long lastReadNanos() {
    return lastReadNanos;
  }
}
