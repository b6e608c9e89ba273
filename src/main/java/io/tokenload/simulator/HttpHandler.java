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
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tokenload.simulator.protocol.GeminiProtocol;
import io.tokenload.simulator.protocol.OllamaProtocol;
import io.tokenload.simulator.protocol.Protocol;
import io.tokenload.simulator.protocol.Protocols;
import io.tokenload.simulator.protocol.SglangProtocol;
import io.tokenload.simulator.protocol.TgiProtocol;
import io.tokenload.workload.Api;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
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

  private static final String MODELS_PREFIX = "/v1/models/";
  private static final String GEMINI_OPENAI_CHAT = "/v1beta/openai/chat/completions";

  static final String BACKEND_ENDPOINTS =
      "GET /healthz, GET /v1/models, GET /v1/models/{id}, GET /models, POST /v1/chat/completions, POST /v1/completions";
  private static final String ENDPOINTS = BACKEND_ENDPOINTS + ", POST /v1/embeddings";

  private final ServerState state;
  private final TargetSettings settings;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;
  private InFlight current;

  /** The protocol of the request being served when it is not OpenAI's: errors take its shape. */
  private Protocol protocol;

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
    protocol = null;
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
      reply(ctx, Responses.error(ctx.alloc(), e, protocol, requestId), false);
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
    if (Protocols.isGeneration(path)) {
      require(request, HttpMethod.POST, path);
      protocol = Protocols.of(path, null);
      String query = request.uri().substring(path.length());
      generate(
          ctx,
          request,
          acceptNanos,
          (body, fault) -> answers(ctx).nativeCompletion(path, query, body, requestId, fault));
      return;
    }
    switch (path) {
      case "/healthz" -> {
        require(request, HttpMethod.GET, path);
        reply(ctx, Responses.health(ctx.alloc(), settings, requestId), false);
      }
      case "/v1/models", "/models" -> {
        require(request, HttpMethod.GET, path);
        reply(
            ctx,
            Responses.models(ctx.alloc(), settings.model(), state.startedSeconds(), requestId),
            false);
      }
      case "/metrics" -> {
        require(request, HttpMethod.GET, path);
        if (state.engine() == null) {
          throw ApiError.notFound(
              null,
              "unknown_url",
              "No /metrics on the fixed preset: only an engine preset (such as 8b-h100) has"
                  + " queues and a KV cache to report");
        }
        String text = state.engine().metricsText(settings.model());
        reply(ctx, Responses.metrics(ctx.alloc(), text, requestId), false);
      }
      // Gemini's OpenAI-compatible path is OpenAI's chat at another address.
      case "/v1/chat/completions", GEMINI_OPENAI_CHAT -> {
        require(request, HttpMethod.POST, path);
        generate(
            ctx,
            request,
            acceptNanos,
            (body, fault) ->
                answers(ctx)
                    .routed("/v1/chat/completions", body, requestId)
                    .orElseGet(() -> answers(ctx).completion(body, Api.CHAT, requestId, fault)));
      }
      case "/v1/completions" -> {
        require(request, HttpMethod.POST, path);
        generate(
            ctx,
            request,
            acceptNanos,
            (body, fault) ->
                answers(ctx)
                    .routed(path, body, requestId)
                    .orElseGet(
                        () -> answers(ctx).completion(body, Api.COMPLETIONS, requestId, fault)));
      }
      case "/api/tags" -> {
        require(request, HttpMethod.GET, path);
        protocol = Protocols.OLLAMA;
        JsonNode tags = OllamaProtocol.tags(settings.model(), state.startedSeconds());
        reply(ctx, Responses.ok(ctx.alloc(), tags, requestId), false);
      }
      // What each protocol's clients ask before any load (Backend.modelsUri).
      case "/info" ->
          discovery(
              ctx,
              request,
              Protocols.TGI,
              TgiProtocol.info(settings.model(), settings.maxContextTokens()),
              requestId);
      case "/get_model_info" ->
          discovery(
              ctx,
              request,
              Protocols.SGLANG,
              SglangProtocol.modelInfo(settings.model()),
              requestId);
      case "/v1beta/models" ->
          discovery(
              ctx,
              request,
              Protocols.GEMINI,
              GeminiProtocol.models(settings.model(), settings.maxContextTokens()),
              requestId);
      case "/v2/health/ready" -> discovery(ctx, request, Protocols.TRITON, null, requestId);
      case "/api/version" -> {
        require(request, HttpMethod.GET, path);
        protocol = Protocols.OLLAMA;
        reply(ctx, Responses.ok(ctx.alloc(), OllamaProtocol.version(), requestId), false);
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
        generate(
            ctx,
            request,
            acceptNanos,
            (body, fault) ->
                answers(ctx)
                    .routed(path, body, requestId)
                    .orElseGet(() -> answers(ctx).embeddings(body, requestId, fault)));
      }
      default -> {
        if (path.startsWith(MODELS_PREFIX)) {
          require(request, HttpMethod.GET, path);
          reply(ctx, modelById(ctx, path.substring(MODELS_PREFIX.length()), requestId), false);
          return;
        }
        throw ApiError.notFound(
            null,
            "unknown_url",
            "No endpoint at "
                + request.method()
                + " "
                + path
                + "; this server serves "
                + (settings.backend() == null
                    ? ENDPOINTS + ", " + Protocols.ENDPOINTS
                    : BACKEND_ENDPOINTS));
      }
    }
  }

  /** {@code GET /v1/models/{id}}: the served model, or OpenAI's 404 for any other id. */
  private FullHttpResponse modelById(ChannelHandlerContext ctx, String id, String requestId) {
    String decoded = QueryStringDecoder.decodeComponent(id);
    if (!decoded.equals(settings.model())) {
      throw ApiError.notFound(
          "model",
          "model_not_found",
          "The model `"
              + decoded
              + "` does not exist; this server serves `"
              + settings.model()
              + "`");
    }
    return Responses.model(ctx.alloc(), decoded, state.startedSeconds(), requestId);
  }

  /**
   * Answers a generation request (chat or text completion in any protocol, embeddings): draws its
   * fault, reads its body and starts what {@code answer} makes of them.
   */
  private void generate(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      long acceptNanos,
      BiFunction<JsonNode, Fault, LongConsumer> answer) {
    Fault fault = state.faults().choose(request.headers().get(FaultDraw.HEADER));
    Fault.Kind faultKind = fault == null ? null : fault.kind();
    if (faultKind == Fault.Kind.ERROR || faultKind == Fault.Kind.RATE_LIMIT) {
      throw ApiError.injected(fault);
    }
    if (faultKind != null && settings.backend() != null && !faultKind.beforeAnswer()) {
      throw ApiError.invalidValue(
          FaultDraw.HEADER,
          "unsupported_fault",
          FaultDraw.HEADER
              + " asks for "
              + fault
              + "; this server answers with a real model, so only error, rate-limit and stall"
              + " apply");
    }
    var body = JsonFields.read(new ByteBufInputStream(request.content()));
    LongConsumer start = answer.apply(body, fault);
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

  /** The answers of a request on this connection. */
  private Answers answers(ChannelHandlerContext ctx) {
    return new Answers(
        state,
        ctx,
        new Answers.Connection() {
          @Override
          public void begin(InFlight inFlight) {
            current = inFlight;
          }

          @Override
          public void done() {
            HttpHandler.this.done(ctx);
          }

          @Override
          public void speaks(Protocol spoken) {
            protocol = spoken;
          }
        });
  }

  /** Sends a complete response; {@code close} ends the connection after it. */
  /** A GET a protocol's clients make before load: {@code body}, or an empty 200 when null. */
  private void discovery(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      Protocol of,
      JsonNode body,
      String requestId) {
    require(request, HttpMethod.GET, pathOf(request.uri()));
    protocol = of;
    reply(
        ctx,
        body == null
            ? Responses.empty(ctx.alloc(), requestId)
            : Responses.ok(ctx.alloc(), body, requestId),
        false);
  }

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
}
