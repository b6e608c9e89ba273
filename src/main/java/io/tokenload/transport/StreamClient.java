package io.tokenload.transport;

import io.gatling.netty.util.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A non-blocking HTTP/1.1 client for streamed responses: no thread per stream, keep-alive
 * connections reused per event loop, and arrival times stamped before any decoding.
 *
 * <p>Inside Gatling it runs on Gatling's own event loops ({@link #onGatlingLoops}), so each virtual
 * user's stream is read on the thread that runs that user, as Gatling's HTTP client does. Standing
 * alone (tests, benchmarks, the CLI) it owns a small event-loop group ({@link #create}).
 *
 * <p>A listener's last call ({@link StreamListener#onEnd}, {@link StreamListener#onFailure}) waits
 * until the loop has read the sockets that are ready, and such calls run in short slices ({@link
 * EndQueue}): many streams ending at once do not delay the reads, and so the arrival stamps, of the
 * streams still running.
 */
public final class StreamClient implements AutoCloseable {

  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Bootstrap bootstrap;
  private final Map<EventLoop, PerLoop> loops = new ConcurrentHashMap<>();
  private final SSLContext tls;

  private StreamClient(
      EventLoopGroup group,
      ChannelFactory<? extends SocketChannel> factory,
      boolean ownsGroup,
      SSLContext tls) {
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.tls = tls;
    this.bootstrap =
        new Bootstrap()
            .channelFactory(factory)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    // ArrivalStamp first: the time is taken before HTTP or SSE decoding.
                    // Requests go out as bytes (RequestHead), so only responses are decoded.
                    ch.pipeline()
                        .addLast("stamp", new ArrivalStamp())
                        .addLast("http", new HttpResponseDecoder())
                        .addLast("exchange", new ExchangeHandler());
                  }
                });
  }

  /** A client with its own event loops: native epoll where available, else NIO. */
  public static StreamClient create(int threads) {
    return create(threads, null);
  }

  /**
   * {@link #create(int)}, trusting the certificates {@code tls} trusts on {@code https://}; null
   * for the JVM's default ({@link SSLContext#getDefault()}: its CA certificates, or the trust store
   * that {@code -Djavax.net.ssl.trustStore} names).
   */
  public static StreamClient create(int threads, SSLContext tls) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads was " + threads + ", must be at least 1");
    }
    EventLoopGroup group = Transports.newEventLoopGroup(true, false, threads, "tokenload-client");
    return new StreamClient(group, Transports.newSocketChannelFactory(true, false), true, tls);
  }

  /** A client on event loops that someone else owns and closes (Gatling's); the JVM's trust. */
  public static StreamClient onGatlingLoops(
      EventLoopGroup group, boolean useNativeTransport, boolean useIoUring) {
    return new StreamClient(
        group, Transports.newSocketChannelFactory(useNativeTransport, useIoUring), false, null);
  }

  /** The event loop that the next unbound request would run on. */
  public EventLoop nextLoop() {
    return group.next();
  }

  /**
   * Sends {@code request} on {@code loop} (one of this client's group, or null for any) and streams
   * the response to {@code listener}. Returns at once; the listener is called on the loop.
   */
  public void send(StreamRequest request, EventLoop loop, StreamListener listener) {
    EventLoop target = loop == null ? group.next() : loop;
    if (target.inEventLoop()) {
      start(request, target, listener, true);
    } else {
      target.execute(() -> start(request, target, listener, true));
    }
  }

  private void start(
      StreamRequest request, EventLoop loop, StreamListener listener, boolean mayReuse) {
    PerLoop pool = loops.computeIfAbsent(loop, PerLoop::new);
    String key = key(request.uri(), request.port());
    Channel idle = mayReuse ? pool.connections().take(key) : null;
    if (idle != null) {
      exchange(idle, request, listener, pool, key, true);
      return;
    }
    connect(
        loop,
        request.uri().getHost(),
        request.port(),
        request.secure(),
        (ch, failure) -> {
          if (failure == null) {
            exchange(ch, request, listener, pool, key, false);
          } else {
            listener.onFailure(System.nanoTime(), failure);
          }
        });
  }

  /**
   * Opens connections to {@code endpoint}'s server on {@code loop} until that loop has {@code
   * count} idle ones there, then calls {@code done} on the loop with how many it has. A connection
   * that fails to open is left out: the request that would have used it opens its own and reports
   * the failure. So that a cell's first requests do not pay for opening their connections (their
   * send lag would count it) where a warm-up has not opened them all.
   */
  public void preconnect(URI endpoint, int count, EventLoop loop, IntConsumer done) {
    if (!loop.inEventLoop()) {
      loop.execute(() -> preconnect(endpoint, count, loop, done));
      return;
    }
    boolean secure = StreamRequest.secure(endpoint);
    int port = StreamRequest.port(endpoint);
    PerLoop pool = loops.computeIfAbsent(loop, PerLoop::new);
    String key = key(endpoint, port);
    int missing = count - pool.connections().idle(key);
    if (missing <= 0) {
      done.accept(pool.connections().idle(key));
      return;
    }
    int[] left = {missing};
    for (int i = 0; i < missing; i++) {
      connect(
          loop,
          endpoint.getHost(),
          port,
          secure,
          (ch, failure) -> {
            if (failure == null) {
              pool.connections().release(key, ch);
            }
            if (--left[0] == 0) {
              done.accept(pool.connections().idle(key));
            }
          });
    }
  }

  private static String key(URI uri, int port) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + port;
  }

  /**
   * Opens a connection on {@code loop}, with TLS when {@code secure}, and calls {@code then} on the
   * loop with it, or with null and why it could not be opened.
   */
  private void connect(
      EventLoop loop, String host, int port, boolean secure, BiConsumer<Channel, String> then) {
    ChannelFuture connect = bootstrap.clone(loop).connect(host, port);
    connect.addListener(
        f -> {
          if (f.isSuccess() && secure) {
            handshake(connect.channel(), host, port, then);
          } else if (f.isSuccess()) {
            then.accept(connect.channel(), null);
          } else {
            then.accept(
                null,
                "connect to "
                    + (secure ? "https" : "http")
                    + "://"
                    + host
                    + ":"
                    + port
                    + " failed: "
                    + Failures.describe(f.cause()));
          }
        });
  }

  /**
   * Starts TLS on a new connection and hands it on once the handshake is done, so a request's send
   * time, like a plain connection's, follows the connection set-up. TLS sits behind {@link
   * ArrivalStamp}: arrivals are stamped when the encrypted bytes are read.
   */
  private void handshake(Channel ch, String host, int port, BiConsumer<Channel, String> then) {
    SSLContext context;
    try {
      context = tls != null ? tls : SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      ch.close();
      then.accept(null, "no TLS in this JVM: " + Failures.describe(e));
      return;
    }
    SSLEngine engine = context.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    SSLParameters params = engine.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
    engine.setSSLParameters(params);
    SslHandler ssl = new SslHandler(engine);
    ch.pipeline().addAfter("stamp", "tls", ssl);
    ssl.handshakeFuture()
        .addListener(
            f -> {
              if (f.isSuccess()) {
                then.accept(ch, null);
              } else {
                ch.close();
                then.accept(
                    null,
                    "TLS handshake with https://"
                        + host
                        + ":"
                        + port
                        + " failed: "
                        + Failures.describe(f.cause()));
              }
            });
  }

  private void exchange(
      Channel ch,
      StreamRequest request,
      StreamListener listener,
      PerLoop pool,
      String key,
      boolean reused) {
    ExchangeHandler handler = ch.pipeline().get(ExchangeHandler.class);
    EventLoop loop = (EventLoop) ch.eventLoop();
    Runnable retryOnFreshConnection = reused ? () -> start(request, loop, listener, false) : null;
    try {
      handler.begin(
          request,
          listener,
          () -> pool.connections().release(key, ch),
          retryOnFreshConnection,
          pool.ends());
    } catch (IllegalArgumentException e) {
      // A header HTTP does not allow: nothing was written, so the connection serves the next one.
      // Thrown inside a connect listener, Netty would only log it, and the request wait forever.
      pool.connections().release(key, ch);
      listener.onFailure(System.nanoTime(), "not sent: " + e.getMessage());
    }
  }

  /** What one event loop keeps: its idle connections and the exchange ends waiting to run. */
  private record PerLoop(ConnectionPool connections, EndQueue ends) {
    PerLoop(EventLoop loop) {
      this(new ConnectionPool(), new EndQueue(loop));
    }
  }

  @Override
  public void close() {
    loops.values().forEach(l -> l.connections().closeAll());
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
