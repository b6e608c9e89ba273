package io.tokenload.simulator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded target: an OpenAI-compatible streaming HTTP/1.1 server that generates text with
 * exact token counts and precise timing, so tokenload runs, and is tested, without a GPU.
 *
 * <p>It serves {@code GET /healthz}, {@code GET /v1/models} (and {@code /models}), {@code POST
 * /v1/chat/completions} and {@code POST /v1/completions}, streamed or not, in vLLM's format, and
 * {@code POST /v1/embeddings}; and the same generation in the native protocols of Ollama, TGI,
 * SGLang, Triton, Anthropic, Gemini and OpenAI's Responses API ({@code simulator.protocol}).
 * Generation is timed either by fixed delays (the {@code fixed} preset) or by a model of a
 * continuous-batching engine ({@link EngineModel}), driven by one engine thread per server. Faults
 * can be asked for per request or drawn at a rate ({@link Fault}). See {@link TargetSettings} for
 * what can be tuned, and {@code docs/target.md}.
 *
 * <p>With {@link TargetSettings#withBackend} the same server answers chat and completions with a
 * model run in-process, such as llama.cpp's, on the backend's own threads ({@link BackendReply}): a
 * real OpenAI-compatible endpoint for real inference.
 *
 * <pre>{@code
 * try (TargetServer server = TargetServer.start(TargetSettings.defaults()
 *     .withTimeToFirstToken(Duration.ofMillis(100))
 *     .withInterTokenLatency(Duration.ofMillis(20)))) {
 *   URI chat = server.baseUri().resolve("/v1/chat/completions");
 *   ...
 * }
 * }</pre>
 *
 * <p>Threads are daemon threads: a server left open does not keep the JVM alive.
 */
public final class TargetServer implements AutoCloseable {

  /**
   * The name of the target's event-loop threads (then a number): they time its answers, so a client
   * sharing the JVM keeps them at its loops' priority ({@code LoopPriority}).
   */
  public static final String LOOP_THREADS = "tokenload-sim";

  /** The name of the engine's scheduling thread (then a number), as {@link #LOOP_THREADS}. */
  public static final String ENGINE_THREAD = "tokenload-engine-";

  private static final int ACCEPT_BACKLOG = 4096; // a load test opens 1,024 connections at once

  private final TargetSettings settings;
  private final EventLoopGroup group;
  private final EngineLoop engine;
  private final Channel listener;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TargetServer(
      TargetSettings settings, EventLoopGroup group, EngineLoop engine, Channel listener) {
    this.settings = settings;
    this.group = group;
    this.engine = engine;
    this.listener = listener;
    this.port = ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /**
   * Binds and starts serving; returns once the port accepts connections.
   *
   * @throws UncheckedIOException when the address cannot be bound (in use, not local, …)
   */
  public static TargetServer start(TargetSettings settings) {
    Objects.requireNonNull(settings, "settings");
    // epoll's timers have microsecond resolution; NIO's selector waits in whole milliseconds.
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            settings.eventLoopThreads(), new DefaultThreadFactory(LOOP_THREADS, true), ioHandler);
    EngineLoop engine =
        settings.engine() == null
            ? null
            : new EngineLoop(new Engine(settings.engine(), settings.seed(), Ticker.SYSTEM));
    try {
      Channel listener =
          new ServerBootstrap()
              .group(group)
              .channel(channelType)
              .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true) // every chunk leaves when flushed
              .childHandler(new ServerInitializer(ServerState.of(settings, engine)))
              .bind(settings.host(), settings.port())
              .sync()
              .channel();
      return new TargetServer(settings, group, engine, listener);
    } catch (Exception e) { // sync() rethrows the bind failure, checked or not
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      if (engine != null) {
        engine.close();
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String where = settings.host() + ":" + settings.port();
      String message = "tokenload-sim could not listen on " + where + ": " + e.getMessage();
      throw new UncheckedIOException(
          message, e instanceof IOException ioe ? ioe : new IOException(e));
    }
  }

  /** The port bound, the one picked when the settings asked for 0. */
  public int port() {
    return port;
  }

  /**
   * For example {@code http://127.0.0.1:41234} ({@code https://} when the settings give TLS);
   * resolve API paths against it.
   */
  public URI baseUri() {
    String host = settings.host();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal
    }
    return URI.create((settings.tls() == null ? "http://" : "https://") + host + ":" + port);
  }

  public TargetSettings settings() {
    return settings;
  }

  /** The engine loop, null on the {@code fixed} preset; for tests. */
  EngineLoop engineLoop() {
    return engine;
  }

  /**
   * Stops accepting, drops open connections (streams that never end included) and stops the
   * threads, the engine's too; waits at most a few seconds.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    if (engine != null) {
      engine.close();
    }
  }
}
