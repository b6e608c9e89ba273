package io.tokenload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Routes each request on one connection and answers it: one instance per connection, all on its
 * event loop.
 *
 * <p>HTTP/1.1 answers requests in order, so while a response is still streaming, requests that a
 * client pipelined behind it wait in a queue. A request's timing starts when it is taken up. A
 * client that queues more than {@link #MAX_WAITING} requests is cut off (connection closed), so the
 * queue's memory stays bounded; load clients do not pipeline, so this only stops abuse.
 *
 * <p>Generation requests (chat, completions, embeddings) first get their fault ({@link FaultDraw}):
 * {@code error} and {@code rate-limit} answer at once, {@code stall} delays the start, and the
 * others travel with the response to its writer.
 *
 * <p>With a {@link TargetSettings#backend()}, chat and completions are answered by it ({@link
 * BackendReply}) instead of the simulated text, faults are limited to those before an answer, and
 * embeddings are not served.
 */
final class HttpHandler extends ChannelInboundHandlerAdapter {

  /** The response in progress on a connection, stopped when the client leaves. */
  interface InFlight {
    void stop();
  }

  private static final System.Logger LOG = System.getLogger(HttpHandler.class.getName());

  static final int MAX_WAITING = 64;

  private static final String BACKEND_ENDPOINTS =
      "GET /healthz, GET /v1/models, GET /models, POST /v1/chat/completions, POST /v1/completions";
  private static final String ENDPOINTS = BACKEND_ENDPOINTS + ", POST /v1/embeddings";

  private final ServerState state;
  private final TargetSettings settings;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;
  private InFlight current;

  HttpHandler(ServerState state) {
    this.state = state;
    this.settings = state.settings();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (busy) {
      if (waiting.size() >= MAX_WAITING) {
        request.release();
        ctx.close(); // channelInactive releases the queue
        return;
      }
      waiting.add(request);
      return;
    }
    serve(ctx, request);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current instanceof StreamWriter stream) {
      stream.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // The client went away: stop generating for it.
    if (current != null) {
      current.stop();
    }
    FullHttpRequest request;
    while ((request = waiting.poll()) != null) {
      request.release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) { // resets by clients that leave are routine
      LOG.log(System.Logger.Level.WARNING, "Closing a connection after an error", cause);
    }
    ctx.close();
  }

  private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
    long acceptNanos = System.nanoTime();
    busy = true;
    String requestId = request.headers().get(Responses.REQUEST_ID);
    try {
      if (!request.decoderResult().isSuccess()) {
        // What follows on this connection cannot be trusted to start at a request: close it.
        ApiError error =
            ApiError.badRequest(
                null, "invalid_http", "The request is not valid HTTP: " + request.decoderResult());
        reply(ctx, Responses.error(ctx.alloc(), error, requestId), true);
        return;
      }
      route(ctx, request, requestId, acceptNanos);
    } catch (ApiError e) {
      reply(ctx, Responses.error(ctx.alloc(), e, requestId), false);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Failed to serve " + request.uri(), e);
      if (current != null) { // a response has begun: no error response can follow, only a close
        current.stop();
        ctx.close();
      } else {
        ApiError error = ApiError.internal("Internal error: " + e);
        reply(ctx, Responses.error(ctx.alloc(), error, requestId), true);
      }
    } finally {
      request.release();
    }
  }

  private void route(
      ChannelHandlerContext ctx, FullHttpRequest request, String requestId, long acceptNanos) {
    String path = pathOf(request.uri());
    switch (path) {
      case "/healthz" -> {
        require(request, HttpMethod.GET, path);
        reply(ctx, Responses.health(ctx.alloc(), settings.model(), requestId), false);
      }
      case "/v1/models", "/models" -> {
        require(request, HttpMethod.GET, path);
        reply(ctx, Responses.models(ctx.alloc(), settings.model(), requestId), false);
      }
      case "/v1/chat/completions" -> {
        require(request, HttpMethod.POST, path);
        generate(ctx, request, CompletionKind.CHAT, requestId, acceptNanos);
      }
      case "/v1/completions" -> {
        require(request, HttpMethod.POST, path);
        generate(ctx, request, CompletionKind.TEXT, requestId, acceptNanos);
      }
      case "/v1/embeddings" -> {
        require(request, HttpMethod.POST, path);
        if (settings.backend() != null) {
          throw ApiError.notFound(
              null,
              "unknown_url",
              "No embeddings here: this server answers with the model "
                  + settings.model()
                  + ", which only generates; it serves "
                  + BACKEND_ENDPOINTS);
        }
        generate(ctx, request, null, requestId, acceptNanos);
      }
      default ->
          throw ApiError.notFound(
              null,
              "unknown_url",
              "No endpoint at "
                  + request.method()
                  + " "
                  + path
                  + "; this server serves "
                  + (settings.backend() == null ? ENDPOINTS : BACKEND_ENDPOINTS));
    }
  }

  /**
   * Answers a generation request: chat or text completion, or embeddings when {@code kind} is null.
   */
  private void generate(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      CompletionKind kind,
      String requestId,
      long acceptNanos) {
    Fault fault = state.faults().choose(request.headers().get(FaultDraw.HEADER));
    Fault.Kind faultKind = fault == null ? null : fault.kind();
    if (faultKind == Fault.Kind.ERROR || faultKind == Fault.Kind.RATE_LIMIT) {
      throw ApiError.injected(fault);
    }
    if (faultKind != null && settings.backend() != null && !faultKind.beforeAnswer()) {
      throw ApiError.unprocessable(
          FaultDraw.HEADER,
          "unsupported_fault",
          FaultDraw.HEADER
              + " asks for "
              + fault
              + "; this server answers with a real model, so only error, rate-limit and stall"
              + " apply");
    }
    var body = JsonFields.read(new ByteBufInputStream(request.content()));
    LongConsumer start =
        kind == null
            ? embeddings(ctx, body, requestId, fault)
            : completion(ctx, body, kind, requestId, fault);
    if (faultKind != Fault.Kind.STALL) {
      start.accept(acceptNanos);
      return;
    }
    // Nothing is written, not even the head, until the stall ends; then timing starts afresh.
    ScheduledFuture<?> stall =
        ctx.executor()
            .schedule(() -> startAfterStall(ctx, start), fault.param("ms"), TimeUnit.MILLISECONDS);
    current = () -> stall.cancel(false);
  }

  private void startAfterStall(ChannelHandlerContext ctx, LongConsumer start) {
    try {
      start.accept(System.nanoTime());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Failed to start a response after a stall", e);
      ctx.close();
    }
  }

  /** Parses a completion request and returns what starts its answer, given the start time. */
  private LongConsumer completion(
      ChannelHandlerContext ctx,
      JsonNode body,
      CompletionKind kind,
      String requestId,
      Fault fault) {
    CompletionRequest parsed = CompletionRequest.parse(kind, body, settings);
    if (settings.backend() != null) {
      return backendCompletion(ctx, parsed, body, requestId);
    }
    OutputPlan plan = OutputPlan.of(parsed);
    // vLLM builds the response id from X-Request-Id when a client sends one; so do we.
    String id = kind.idPrefix() + (requestId != null ? requestId : randomId());
    long created = System.currentTimeMillis() / 1000;
    int cached = state.prefixCache().cachedTokens(parsed.prefixes());
    // Only a conversation (earlier messages) can hit the cache, so only it reports the count.
    int reported = parsed.prefixes().hashes().length > 1 ? cached : -1;
    var head =
        new ChunkJson.Head(id, kind, created, settings.model(), parsed.promptTokens(), reported);
    Pace pace =
        Pace.of(
            settings,
            state.engine(),
            ctx.executor(),
            parsed.promptTokens(),
            cached,
            plan.tokens(),
            parsed.maxTokens());
    if (parsed.stream()) {
      String listenerId = requestId != null ? requestId : id;
      StreamWriter stream =
          new StreamWriter(
              ctx, head, parsed, plan, settings, listenerId, pace, fault, () -> done(ctx));
      return startNanos -> {
        current = stream;
        stream.start(requestId, startNanos);
      };
    }
    DelayedReply reply =
        new DelayedReply(
            ctx,
            pace,
            fault,
            () -> Responses.completion(ctx.alloc(), head, plan, requestId),
            () -> done(ctx));
    return startNanos -> {
      current = reply;
      reply.start(startNanos);
    };
  }

  /** What starts the backend's answer to a parsed completion request. */
  private LongConsumer backendCompletion(
      ChannelHandlerContext ctx, CompletionRequest parsed, JsonNode body, String requestId) {
    // As for simulated answers, the response id comes from X-Request-Id when a client sends one.
    var local = BackendRequest.of(parsed, body, requestId != null ? requestId : randomId());
    BackendReply reply =
        new BackendReply(ctx, settings.backend(), local, requestId, () -> done(ctx));
    return startNanos -> {
      current = reply;
      reply.start();
    };
  }

  /** Parses an embeddings request and returns what starts its answer, given the start time. */
  private LongConsumer embeddings(
      ChannelHandlerContext ctx, JsonNode body, String requestId, Fault fault) {
    Embeddings.Request parsed = Embeddings.parse(body, settings);
    String id = "embd-" + (requestId != null ? requestId : randomId());
    long created = System.currentTimeMillis() / 1000;
    Pace pace = Pace.of(settings, state.engine(), ctx.executor(), parsed.promptTokens(), 0, 0);
    DelayedReply reply =
        new DelayedReply(
            ctx,
            pace,
            fault,
            () ->
                Responses.ok(
                    ctx.alloc(),
                    Embeddings.response(parsed, id, created, settings.model()),
                    requestId),
            () -> done(ctx));
    return startNanos -> {
      current = reply;
      reply.start(startNanos);
    };
  }

  /** Sends a complete response; {@code close} ends the connection after it. */
  private void reply(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
    if (!ctx.channel().isActive()) {
      response.release();
      return;
    }
    if (close) {
      HttpUtil.setKeepAlive(response, false);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(response);
    }
    done(ctx);
  }

  /** The current response is complete: take up the next pipelined request, if any. */
  private void done(ChannelHandlerContext ctx) {
    busy = false;
    current = null;
    if (!waiting.isEmpty()) {
      // Later, not now: done() may run inside serve(), and the queue must not recurse.
      ctx.executor().execute(() -> serveNext(ctx));
    }
  }

  private void serveNext(ChannelHandlerContext ctx) {
    FullHttpRequest next = waiting.poll();
    if (next != null && !busy) {
      serve(ctx, next);
    } else if (next != null) {
      waiting.addFirst(next);
    }
  }

  private static void require(FullHttpRequest request, HttpMethod allowed, String path) {
    if (!request.method().equals(allowed)) {
      throw ApiError.methodNotAllowed(
          allowed.name(),
          "Method " + request.method() + " is not allowed on " + path + "; use " + allowed);
    }
  }

  private static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  /** 32 hex digits, the shape of vLLM's {@code random_uuid()}. */
  private static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("%016x%016x", random.nextLong(), random.nextLong());
  }
}
