package io.tokenload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.tokenload.local.OpenAiChunks;
import io.tokenload.simulator.protocol.Encoder;
import io.tokenload.simulator.protocol.Protocol;
import io.tokenload.simulator.protocol.ProtocolException;
import io.tokenload.simulator.protocol.Protocols;
import io.tokenload.simulator.protocol.Reply;
import io.tokenload.simulator.protocol.Translation;
import io.tokenload.workload.Api;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Makes the answer to one generation request, once its body is read and its fault drawn: OpenAI
 * chat and completions (simulated, or from the {@link TargetSettings#backend()}), another
 * protocol's request ({@link Protocols}), embeddings, or a request the {@link Gateway} forwards.
 * Each method parses and checks (throwing {@link ApiError}) and returns what starts the answer,
 * given the start time. One instance per request, on the connection's event loop.
 */
final class Answers {

  /** What an answer tells its connection. */
  interface Connection {
    /** The answer is starting: stop it if the client leaves. */
    void begin(HttpHandler.InFlight inFlight);

    /** The answer is complete. */
    void done();

    /** The request speaks {@code protocol}: its errors take that shape. */
    void speaks(Protocol protocol);
  }

  private final ServerState state;
  private final TargetSettings settings;
  private final ChannelHandlerContext ctx;
  private final Connection connection;

  Answers(ServerState state, ChannelHandlerContext ctx, Connection connection) {
    this.state = state;
    this.settings = state.settings();
    this.ctx = ctx;
    this.connection = connection;
  }

  /** Parses a completion request and returns what starts its answer, given the start time. */
  LongConsumer completion(JsonNode body, Api kind, String requestId, Fault fault) {
    CompletionRequest parsed = CompletionRequest.parse(kind, body, settings);
    if (settings.backend() != null) {
      return backendCompletion(parsed, body, requestId);
    }
    OutputPlan[] plans = plans(parsed, body);
    OutputPlan plan = plans[0];
    // vLLM builds the response id from X-Request-Id when a client sends one; so do we.
    String id = kind.idPrefix() + (requestId != null ? requestId : randomId());
    long created = System.currentTimeMillis() / 1000;
    int cached = state.prefixCache().cachedTokens(parsed.prefixes());
    // Only a conversation (earlier messages) can hit the cache, so only it reports the count.
    int reported = parsed.prefixes().hashes().length > 1 ? cached : -1;
    var head =
        new OpenAiChunks.Head(id, kind, created, settings.model(), parsed.promptTokens(), reported);
    int longest = Arrays.stream(plans).mapToInt(OutputPlan::tokens).max().orElseThrow();
    return answer(
        parsed,
        cached,
        plan,
        longest,
        new OpenAiWire(head, parsed),
        () -> Responses.completion(ctx.alloc(), head, plans, requestId),
        requestId != null ? requestId : id,
        requestId,
        fault);
  }

  /**
   * The gateway's answer when the body's {@code framework} names a remote server; empty to answer
   * here (no gateway, no {@code framework}, or a local one).
   */
  Optional<LongConsumer> routed(String path, JsonNode body, String requestId) {
    Gateway gateway = settings.gateway();
    String framework =
        gateway == null ? null : JsonFields.optionalString(body.get("framework"), "framework");
    if (framework == null) {
      return Optional.empty();
    }
    if (gateway.isLocal(framework)) {
      checkLocalModel(framework, path, body);
      return Optional.empty();
    }
    boolean stream = Boolean.TRUE.equals(JsonFields.optionalBoolean(body.get("stream"), "stream"));
    String id = requestId != null ? requestId : randomId();
    BackendReply reply =
        new BackendReply(
            ctx,
            listener -> {
              try {
                return gateway.forward(framework, path, body, stream, id, listener);
              } catch (Gateway.Refusal e) {
                throw ApiError.refused(e);
              }
            },
            stream,
            id,
            requestId,
            connection::done);
    return Optional.of(
        startNanos -> {
          connection.begin(reply);
          reply.start();
        });
  }

  /** A local framework serves this server's model; embeddings name theirs in embedding_model. */
  private void checkLocalModel(String framework, String path, JsonNode body) {
    String model = JsonFields.optionalString(body.get("model"), "model");
    if (model != null && !model.equals(settings.model()) && !path.equals("/v1/embeddings")) {
      throw ApiError.refused(
          new Gateway.Refusal(
              422,
              Gateway.Refusal.CAPABILITY_NOT_SUPPORTED,
              "framework "
                  + framework
                  + " is this server's own engine, which serves the model '"
                  + settings.model()
                  + "', not '"
                  + model
                  + "'; name a remote framework ("
                  + String.join(", ", settings.gateway().remotes().keySet())
                  + ") to reach another model"));
    }
  }

  /** A request of another protocol, read as the OpenAI request it stands for and answered alike. */
  LongConsumer nativeCompletion(
      String path, String query, JsonNode body, String requestId, Fault fault) {
    Protocol protocol = Protocols.of(path, body);
    connection.speaks(protocol);
    if (settings.backend() != null) {
      throw ApiError.notFound(
          null,
          "unknown_url",
          "No "
              + protocol.name()
              + " endpoint here: this server answers with the model "
              + settings.model()
              + " on OpenAI's endpoints only: "
              + HttpHandler.BACKEND_ENDPOINTS);
    }
    Translation translation;
    try {
      translation = protocol.translate(path, query, body);
    } catch (ProtocolException e) {
      throw ApiError.badRequest(e.param(), "invalid_request", e.getMessage());
    }
    Api kind = translation.chat() ? Api.CHAT : Api.COMPLETIONS;
    CompletionRequest parsed = CompletionRequest.parse(kind, translation.openAi(), settings);
    OutputPlan plan = OutputPlan.of(parsed);
    String id = requestId != null ? requestId : randomId();
    Reply reply =
        new Reply(
            id,
            settings.model(),
            System.currentTimeMillis() / 1000,
            parsed.promptTokens(),
            parsed.maxTokens(),
            plan.tokens(),
            plan.finishReason());
    Encoder encoder = protocol.encoder(reply, translation.chat());
    return answer(
        parsed,
        state.prefixCache().cachedTokens(parsed.prefixes()),
        plan,
        plan.tokens(),
        new NativeWire(encoder, protocol.streamContentType()),
        () -> Responses.whole(ctx.alloc(), encoder, plan, requestId),
        id,
        requestId,
        fault);
  }

  /**
   * What starts an answer, given the start time: streamed by {@code wire}, or {@code whole} when
   * its last token is due. Paced as one request of {@code outputTokens} whose first {@code
   * cachedTokens} prompt tokens the prefix cache holds.
   */
  private LongConsumer answer(
      CompletionRequest parsed,
      int cachedTokens,
      OutputPlan plan,
      int outputTokens,
      Wire wire,
      Supplier<FullHttpResponse> whole,
      String listenerId,
      String requestId,
      Fault fault) {
    Pace pace =
        Pace.of(
            settings,
            state.engine(),
            ctx.executor(),
            parsed.promptTokens(),
            cachedTokens,
            outputTokens,
            parsed.maxTokens());
    if (parsed.stream()) {
      StreamWriter stream =
          new StreamWriter(ctx, wire, plan, settings, listenerId, pace, fault, connection::done);
      return startNanos -> {
        connection.begin(stream);
        stream.start(requestId, startNanos);
      };
    }
    DelayedReply reply = new DelayedReply(ctx, pace, fault, whole, connection::done);
    return startNanos -> {
      connection.begin(reply);
      reply.start(startNanos);
    };
  }

  /**
   * One plan per prompt: a text completion's batch of prompts gets one choice each, timed as one
   * request of the batch's prompt tokens and its longest answer. A batch is not streamed.
   */
  private static OutputPlan[] plans(CompletionRequest parsed, JsonNode body) {
    var batch =
        parsed.kind() == Api.COMPLETIONS
            ? PromptCounter.batch(body.get("prompt"))
            : List.<PromptCounter.Prompt>of();
    if (batch.isEmpty()) {
      return new OutputPlan[] {OutputPlan.of(parsed)};
    }
    if (parsed.stream()) {
      throw ApiError.badRequest(
          "prompt",
          "unsupported_value",
          "prompt holds "
              + batch.size()
              + " prompts and stream is true; this target streams one prompt at a time, so send"
              + " them as separate requests or set stream to false");
    }
    OutputPlan[] plans = new OutputPlan[batch.size()];
    for (int i = 0; i < plans.length; i++) {
      plans[i] = OutputPlan.of(parsed, batch.get(i).hash());
    }
    return plans;
  }

  /** What starts the backend's answer to a parsed completion request. */
  private LongConsumer backendCompletion(
      CompletionRequest parsed, JsonNode body, String requestId) {
    // As for simulated answers, the response id comes from X-Request-Id when a client sends one.
    var local = BackendRequest.of(parsed, body, requestId != null ? requestId : randomId());
    BackendReply reply =
        new BackendReply(ctx, settings.backend(), local, requestId, connection::done);
    return startNanos -> {
      connection.begin(reply);
      reply.start();
    };
  }

  /** Parses an embeddings request and returns what starts its answer, given the start time. */
  LongConsumer embeddings(JsonNode request, String requestId, Fault fault) {
    // Through the gateway a request names its embedding model, which the replica here simulates.
    String embeddingModel =
        settings.gateway() == null
            ? null
            : JsonFields.optionalString(request.get("embedding_model"), "embedding_model");
    JsonNode body =
        embeddingModel == null ? request : ((ObjectNode) request.deepCopy()).without("model");
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
                    embeddingModel == null
                        ? Embeddings.response(parsed, id, created, settings.model())
                        : Embeddings.response(parsed, id, created, embeddingModel)
                            .put("model_replica", "default"),
                    requestId),
            connection::done);
    return startNanos -> {
      connection.begin(reply);
      reply.start(startNanos);
    };
  }

  /** 32 hex digits, the shape of vLLM's {@code random_uuid()}. */
  static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("%016x%016x", random.nextLong(), random.nextLong());
  }
}
