package io.tokenload.simulator;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/** Sets up each accepted connection: HTTP/1.1 codec, keep-alive, whole bodies, then the router. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

  /** Largest request body read; beyond it the answer is 413 and the connection closes. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final ServerState state;

  ServerInitializer(ServerState state) {
    this.state = state;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    SSLContext tls = state.settings().tls();
    if (tls != null) {
      SSLEngine engine = tls.createSSLEngine();
      engine.setUseClientMode(false);
      channel.pipeline().addLast("tls", new SslHandler(engine));
    }
    channel
        .pipeline()
        .addLast("http", new HttpServerCodec())
        // Closes after the response when the client asked (Connection: close, or HTTP/1.0).
        .addLast("keepAlive", new HttpServerKeepAliveHandler())
        .addLast("body", new BodyAggregator())
        .addLast("router", new HttpHandler(state));
  }

  /** Netty's aggregator, with the 413 in OpenAI's error shape instead of an empty body. */
  private static final class BodyAggregator extends HttpObjectAggregator {

    BodyAggregator() {
      super(MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      String requestId = oversized.headers().get(Responses.REQUEST_ID);
      ApiError error =
          ApiError.tooLarge(
              "The request body is larger than "
                  + MAX_BODY_BYTES
                  + " bytes (16 MiB), the most this target reads");
      FullHttpResponse response = Responses.error(ctx.alloc(), error, requestId);
      // The rest of the body may still be on its way: closing is the only safe end.
      HttpUtil.setKeepAlive(response, false);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
