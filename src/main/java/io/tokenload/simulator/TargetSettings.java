package io.tokenload.simulator;

import io.tokenload.local.LocalBackend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How the embedded target behaves: where it listens, which model it claims to be, and how fast it
 * "generates". Immutable; start from {@link #defaults()} and change fields with the {@code with…}
 * methods, each of which returns a new instance and validates it.
 *
 * @param host the address to bind; loopback unless told otherwise
 * @param port the port to bind, 0 to let the system pick a free one
 * @param model the only model name served; requests naming another model get 404
 * @param timeToFirstToken from accepting a request to its first token (the {@code fixed} preset)
 * @param interTokenLatency between consecutive tokens of one response (the {@code fixed} preset)
 * @param tokensPerChunk tokens carried by each streamed chunk (the last chunk may carry fewer)
 * @param chunksPerWrite at most this many token chunks that are due together go out in one write
 *     (one {@code send()}); 1 writes each chunk on its own, as a server that sends every chunk as
 *     it is made does
 * @param defaultOutputTokens output cap when a request gives no {@code max_tokens}, clipped to what
 *     the context leaves after the prompt
 * @param maxContextTokens prompt plus output tokens allowed per request
 * @param eventLoopThreads Netty event-loop threads serving all connections
 * @param templateTokensPerMessage tokens a chat template adds around each message
 * @param templateTokensForReply tokens a chat template adds to open the assistant's reply
 * @param chunkWriteListener told of every flushed token chunk; null for none
 * @param engine the continuous-batching model that times generation; null for the {@code fixed}
 *     preset, where {@code timeToFirstToken} and {@code interTokenLatency} do
 * @param seed seeds the engine's jitter and the fault draws: same seed, same behaviour
 * @param reasoningTokens reasoning tokens each chat answer starts with ({@code
 *     delta.reasoning_content}), unless a request says otherwise; 0 for none
 * @param faults faults drawn at random for requests that do not ask for one; their probabilities
 *     add up to at most 1
 * @param backend a model that answers chat and completions instead of the simulated text (see
 *     {@link #withBackend}); null to simulate. The server does not own it: close the server, then
 *     the backend
 * @param tls serve HTTPS with this context's key and certificate ({@link #withTls}); null for plain
 *     HTTP
 * @param gateway routes requests whose {@code framework} field names a remote server there ({@link
 *     #withGateway}); null to ignore the field. The server does not own it
 */
public record TargetSettings(
    String host,
    int port,
    String model,
    Duration timeToFirstToken,
    Duration interTokenLatency,
    int tokensPerChunk,
    int chunksPerWrite,
    int defaultOutputTokens,
    int maxContextTokens,
    int eventLoopThreads,
    int templateTokensPerMessage,
    int templateTokensForReply,
    ChunkWriteListener chunkWriteListener,
    EngineModel engine,
    long seed,
    int reasoningTokens,
    List<FaultRate> faults,
    LocalBackend backend,
    SSLContext tls,
    Gateway gateway) {

  /** The preset in which {@code timeToFirstToken} and {@code interTokenLatency} time generation. */
  public static final String FIXED = "fixed";

  static final Duration MAX_DELAY = Duration.ofHours(1);
  static final int MAX_TOKENS_PER_CHUNK = 4096;
  static final int MAX_CHUNKS_PER_WRITE = 1024;
  static final int MAX_CONTEXT_TOKENS = 10_000_000;
  static final int MAX_EVENT_LOOP_THREADS = 256;
  static final int MAX_TEMPLATE_TOKENS = 1000;

  public TargetSettings {
    requireText("host", host);
    requireRange("port", port, 0, 65535);
    requireText("model", model);
    requireDelay("timeToFirstToken", timeToFirstToken);
    requireDelay("interTokenLatency", interTokenLatency);
    requireRange("tokensPerChunk", tokensPerChunk, 1, MAX_TOKENS_PER_CHUNK);
    requireRange("chunksPerWrite", chunksPerWrite, 1, MAX_CHUNKS_PER_WRITE);
    requireRange("maxContextTokens", maxContextTokens, 2, MAX_CONTEXT_TOKENS);
    // Not bounded by maxContextTokens, so with… calls work in any order: requests clip it anyway.
    requireRange("defaultOutputTokens", defaultOutputTokens, 1, MAX_CONTEXT_TOKENS);
    requireRange("eventLoopThreads", eventLoopThreads, 1, MAX_EVENT_LOOP_THREADS);
    requireRange("templateTokensPerMessage", templateTokensPerMessage, 0, MAX_TEMPLATE_TOKENS);
    requireRange("templateTokensForReply", templateTokensForReply, 0, MAX_TEMPLATE_TOKENS);
    requireRange("reasoningTokens", reasoningTokens, 0, MAX_CONTEXT_TOKENS);
    Objects.requireNonNull(faults, "TargetSettings.faults is null; use List.of()");
    faults = List.copyOf(faults);
    double sum = faults.stream().mapToDouble(FaultRate::probability).sum();
    if (sum > 1 + 1e-9) {
      throw new IllegalArgumentException(
          "TargetSettings.faults " + faults + " add up to " + sum + "; the sum must be at most 1");
    }
    if (backend != null) {
      requireBackendFits(model, engine, reasoningTokens, faults, backend);
    }
  }

  /**
   * Loopback, a free port, model {@code tokenload-sim}, the {@code fixed} preset with no delays,
   * one token per chunk, up to 16 chunks that are due together in one write, 128 output tokens by
   * default, a 32,768-token context, one event loop per processor, a chat template of 4 tokens per
   * message plus 3 for the reply (the shape of ChatML-style templates), seed 0, no reasoning and no
   * faults.
   */
  public static TargetSettings defaults() {
    return new TargetSettings(
        "127.0.0.1",
        0,
        "tokenload-sim",
        Duration.ZERO,
        Duration.ZERO,
        1,
        16,
        128,
        32768,
        Math.min(Runtime.getRuntime().availableProcessors(), MAX_EVENT_LOOP_THREADS),
        4,
        3,
        null,
        null,
        0,
        0,
        List.of(),
        null,
        null,
        null);
  }

  /** {@code fixed}, or the name of the engine model. */
  public String preset() {
    return engine == null ? FIXED : engine.name();
  }

  /** Template tokens a chat request with {@code messages} messages adds to its prompt. */
  public int chatTemplateTokens(int messages) {
    return templateTokensPerMessage * messages + templateTokensForReply;
  }

  public TargetSettings withHost(String value) {
    Draft d = new Draft(this);
    d.host = value;
    return d.build();
  }

  public TargetSettings withPort(int value) {
    Draft d = new Draft(this);
    d.port = value;
    return d.build();
  }

  public TargetSettings withModel(String value) {
    Draft d = new Draft(this);
    d.model = value;
    return d.build();
  }

  public TargetSettings withTimeToFirstToken(Duration value) {
    Draft d = new Draft(this);
    d.timeToFirstToken = value;
    return d.build();
  }

  public TargetSettings withInterTokenLatency(Duration value) {
    Draft d = new Draft(this);
    d.interTokenLatency = value;
    return d.build();
  }

  public TargetSettings withTokensPerChunk(int value) {
    Draft d = new Draft(this);
    d.tokensPerChunk = value;
    return d.build();
  }

  public TargetSettings withChunksPerWrite(int value) {
    Draft d = new Draft(this);
    d.chunksPerWrite = value;
    return d.build();
  }

  public TargetSettings withDefaultOutputTokens(int value) {
    Draft d = new Draft(this);
    d.defaultOutputTokens = value;
    return d.build();
  }

  public TargetSettings withMaxContextTokens(int value) {
    Draft d = new Draft(this);
    d.maxContextTokens = value;
    return d.build();
  }

  public TargetSettings withEventLoopThreads(int value) {
    Draft d = new Draft(this);
    d.eventLoopThreads = value;
    return d.build();
  }

  /** Sets both parts of the simulated chat template's overhead. */
  public TargetSettings withChatTemplateOverhead(int tokensPerMessage, int tokensForReply) {
    Draft d = new Draft(this);
    d.templateTokensPerMessage = tokensPerMessage;
    d.templateTokensForReply = tokensForReply;
    return d.build();
  }

  /** Sets the listener told of every flushed token chunk; null removes it. */
  public TargetSettings withChunkWriteListener(ChunkWriteListener value) {
    Draft d = new Draft(this);
    d.chunkWriteListener = value;
    return d.build();
  }

  /**
   * Selects a preset by name: {@code fixed} (timing by {@code timeToFirstToken} and {@code
   * interTokenLatency}) or one of {@link EngineModel#presetNames()}.
   *
   * @throws IllegalArgumentException naming the allowed presets
   */
  public TargetSettings withPreset(String name) {
    if (FIXED.equals(name)) {
      return withEngine(null);
    }
    EngineModel engine;
    try {
      engine = EngineModel.preset(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TargetSettings." + e.getMessage(), e);
    }
    return withEngine(engine);
  }

  /** Times generation with this engine model; null returns to the {@code fixed} preset. */
  public TargetSettings withEngine(EngineModel value) {
    Draft d = new Draft(this);
    d.engine = value;
    return d.build();
  }

  public TargetSettings withSeed(long value) {
    Draft d = new Draft(this);
    d.seed = value;
    return d.build();
  }

  public TargetSettings withReasoningTokens(int value) {
    Draft d = new Draft(this);
    d.reasoningTokens = value;
    return d.build();
  }

  public TargetSettings withFaults(List<FaultRate> value) {
    Draft d = new Draft(this);
    d.faults = value;
    return d.build();
  }

  /**
   * Answers {@code POST /v1/chat/completions} and {@code /v1/completions} with {@code value}, a
   * real model (or its stand-in) run in-process, and serves its name: {@code model} becomes {@code
   * value.model()}. The backend generates and times every token, so the settings that shape
   * simulated text ({@code timeToFirstToken}, {@code interTokenLatency}, {@code tokensPerChunk},
   * the chat template overhead, {@code reasoningTokens}, the engine) do not apply; the preset must
   * be {@code fixed} and faults limited to those that happen before an answer ({@link
   * Fault.Kind#beforeAnswer()}). Null returns to simulated text.
   */
  public TargetSettings withBackend(LocalBackend value) {
    Draft d = new Draft(this);
    d.backend = value;
    if (value != null) {
      d.model = value.model();
    }
    return d.build();
  }

  /**
   * Routes chat, completions and embeddings by their {@code framework} field ({@link Gateway}):
   * local names to this server's own engine, the others to the remote servers the gateway knows.
   * Null serves every request here, whatever its {@code framework}.
   */
  public TargetSettings withGateway(Gateway value) {
    Draft d = new Draft(this);
    d.gateway = value;
    return d.build();
  }

  /**
   * Serves HTTPS with {@code value}'s key and certificate (its key managers); null serves plain
   * HTTP. For testing clients against TLS: the target itself has no certificate of its own.
   */
  public TargetSettings withTls(SSLContext value) {
    Draft d = new Draft(this);
    d.tls = value;
    return d.build();
  }

  private static void requireBackendFits(
      String model,
      EngineModel engine,
      int reasoningTokens,
      List<FaultRate> faults,
      LocalBackend backend) {
    String why = null;
    if (!model.equals(backend.model())) {
      why = "model is '" + model + "' but the backend serves '" + backend.model() + "'";
    } else if (engine != null) {
      why = "the preset is " + engine.name() + "; a backend times its tokens itself (use fixed)";
    } else if (reasoningTokens != 0) {
      why = "reasoningTokens is " + reasoningTokens + "; reasoning is only simulated (use 0)";
    } else {
      for (FaultRate rate : faults) {
        if (!rate.fault().kind().beforeAnswer()) {
          why =
              "faults include "
                  + rate.fault().kind().wireName()
                  + "; with a backend only error, rate-limit and stall apply";
          break;
        }
      }
    }
    if (why != null) {
      throw new IllegalArgumentException("TargetSettings.backend " + backend.model() + ": " + why);
    }
  }

  /** A mutable copy, so each {@code with…} method names only the field it changes. */
  private static final class Draft {
    String host;
    int port;
    String model;
    Duration timeToFirstToken;
    Duration interTokenLatency;
    int tokensPerChunk;
    int chunksPerWrite;
    int defaultOutputTokens;
    int maxContextTokens;
    int eventLoopThreads;
    int templateTokensPerMessage;
    int templateTokensForReply;
    ChunkWriteListener chunkWriteListener;
    EngineModel engine;
    long seed;
    int reasoningTokens;
    List<FaultRate> faults;
    LocalBackend backend;
    SSLContext tls;
    Gateway gateway;

    Draft(TargetSettings s) {
      host = s.host;
      port = s.port;
      model = s.model;
      timeToFirstToken = s.timeToFirstToken;
      interTokenLatency = s.interTokenLatency;
      tokensPerChunk = s.tokensPerChunk;
      chunksPerWrite = s.chunksPerWrite;
      defaultOutputTokens = s.defaultOutputTokens;
      maxContextTokens = s.maxContextTokens;
      eventLoopThreads = s.eventLoopThreads;
      templateTokensPerMessage = s.templateTokensPerMessage;
      templateTokensForReply = s.templateTokensForReply;
      chunkWriteListener = s.chunkWriteListener;
      engine = s.engine;
      seed = s.seed;
      reasoningTokens = s.reasoningTokens;
      faults = s.faults;
      backend = s.backend;
      tls = s.tls;
      gateway = s.gateway;
    }

    TargetSettings build() {
      return new TargetSettings(
          host,
          port,
          model,
          timeToFirstToken,
          interTokenLatency,
          tokensPerChunk,
          chunksPerWrite,
          defaultOutputTokens,
          maxContextTokens,
          eventLoopThreads,
          templateTokensPerMessage,
          templateTokensForReply,
          chunkWriteListener,
          engine,
          seed,
          reasoningTokens,
          faults,
          backend,
          tls,
          gateway);
    }
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "TargetSettings."
              + field
              + " is "
              + (value == null ? "null" : "blank")
              + "; it must be a non-blank string");
    }
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "TargetSettings."
              + field
              + " is "
              + value
              + "; it must be between "
              + min
              + " and "
              + max);
    }
  }

  private static void requireDelay(String field, Duration value) {
    Objects.requireNonNull(value, () -> "TargetSettings." + field + " is null; use Duration.ZERO");
    if (value.isNegative() || value.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "TargetSettings."
              + field
              + " is "
              + value
              + "; it must be between PT0S and "
              + MAX_DELAY);
    }
  }
}
