package io.tokenload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.workload.Api;

/**
 * A validated generation request: what the sim needs from an OpenAI-style JSON body, and nothing
 * else. Parsing is pure (JSON in, record or {@link ApiError} out), so every rule below is tested
 * without a socket.
 *
 * <p>Fields the sim has no use for ({@code stop}, {@code seed}, penalties…) are accepted and
 * ignored, as a server would accept them and a load test may send them.
 *
 * @param kind chat or text completion
 * @param stream whether to answer as server-sent events
 * @param includeUsage {@code stream_options.include_usage}: end the stream with a usage chunk
 * @param continuousUsage {@code stream_options.continuous_usage_stats}, honoured as vLLM does: only
 *     together with {@code include_usage}, and then every chunk carries the running usage
 * @param promptTokens prompt tokens, chat template included
 * @param promptHash a hash of the prompt's content, the seed of the generated text
 * @param prefixes the prompt's prefixes by message, for the {@link PrefixCache}
 * @param maxTokens the output cap: {@code max_tokens} ({@code max_completion_tokens} wins for
 *     chat), else the settings' default, never more than the context leaves
 * @param minTokens {@code min_tokens}, 0 when absent
 * @param ignoreEos {@code ignore_eos}: generate exactly {@code maxTokens}
 * @param reasoningTokens reasoning tokens before the answer (chat only): the request's {@code
 *     tokenload.reasoning_tokens}, else the settings' {@link TargetSettings#reasoningTokens()}
 */
record CompletionRequest(
    Api kind,
    boolean stream,
    boolean includeUsage,
    boolean continuousUsage,
    int promptTokens,
    long promptHash,
    int maxTokens,
    int minTokens,
    boolean ignoreEos,
    int reasoningTokens,
    PromptCounter.Prefixes prefixes) {

  /** The request's own extension object, {@code "tokenload": {...}}, and what it may hold. */
  static final String EXTENSION = "tokenload";

  static final String REASONING_TOKENS = "reasoning_tokens";

  static CompletionRequest parse(Api kind, JsonNode body, TargetSettings settings) {
    checkModel(body.get("model"), settings.model());
    PromptCounter.Prompt prompt =
        kind == Api.CHAT
            ? PromptCounter.chat(body.get("messages"), settings)
            : PromptCounter.text(body.get("prompt"));

    boolean stream = orFalse(JsonFields.optionalBoolean(body.get("stream"), "stream"));
    JsonNode options = body.get("stream_options");
    boolean includeUsage = false;
    boolean continuousUsage = false;
    if (!JsonFields.isAbsent(options)) {
      if (!options.isObject()) {
        throw JsonFields.wrongType("stream_options", options, "an object");
      }
      if (!stream) {
        // vLLM refuses this too rather than silently dropping the options.
        throw ApiError.badRequest(
            "stream_options",
            "invalid_value",
            "stream_options is only allowed when stream is true");
      }
      includeUsage =
          orFalse(
              JsonFields.optionalBoolean(
                  options.get("include_usage"), "stream_options.include_usage"));
      continuousUsage =
          includeUsage
              && orFalse(
                  JsonFields.optionalBoolean(
                      options.get("continuous_usage_stats"),
                      "stream_options.continuous_usage_stats"));
    }
    checkSampling(body);
    boolean ignoreEos = orFalse(JsonFields.optionalBoolean(body.get("ignore_eos"), "ignore_eos"));
    int minTokens = minTokens(body);
    int maxTokens = maxTokens(kind, body, prompt.tokens(), minTokens, settings);
    int reasoningTokens = reasoningTokens(kind, body.get(EXTENSION), settings);
    return new CompletionRequest(
        kind,
        stream,
        includeUsage,
        continuousUsage,
        prompt.tokens(),
        prompt.hash(),
        maxTokens,
        minTokens,
        ignoreEos,
        reasoningTokens,
        prompt.prefixes());
  }

  /**
   * {@code tokenload.reasoning_tokens}, chat only. Text completions have no reasoning channel, so
   * the settings' default does not apply to them and asking for it is refused.
   */
  private static int reasoningTokens(Api kind, JsonNode extension, TargetSettings s) {
    if (JsonFields.isAbsent(extension)) {
      return kind == Api.CHAT ? s.reasoningTokens() : 0;
    }
    if (!extension.isObject()) {
      throw JsonFields.wrongType(
          EXTENSION, extension, "an object such as {\"reasoning_tokens\": 64}");
    }
    var names = extension.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals(REASONING_TOKENS)) {
        throw ApiError.badRequest(
            EXTENSION + "." + name,
            "unknown_parameter",
            EXTENSION + "." + name + " is not a tokenload option; allowed: " + REASONING_TOKENS);
      }
    }
    String path = EXTENSION + "." + REASONING_TOKENS;
    Long asked = JsonFields.optionalInteger(extension.get(REASONING_TOKENS), path);
    if (asked == null) {
      return kind == Api.CHAT ? s.reasoningTokens() : 0;
    }
    if (kind != Api.CHAT && asked != 0) {
      throw ApiError.invalidValue(
          path,
          "unsupported_parameter",
          path + " is " + asked + "; reasoning is only simulated on /v1/chat/completions");
    }
    if (asked < 0 || asked > s.maxContextTokens()) {
      throw ApiError.invalidValue(
          path,
          asked < 0 ? "integer_below_min_value" : "integer_above_max_value",
          path + " is " + asked + "; it must be between 0 and " + s.maxContextTokens());
    }
    return (int) (long) asked;
  }

  /** 404 when the request names a model other than the one served. */
  static void checkModel(JsonNode model, String served) {
    String asked = JsonFields.optionalString(model, "model");
    if (asked != null && !asked.equals(served)) {
      throw ApiError.notFound(
          "model",
          "model_not_found",
          "The model `" + asked + "` does not exist; this server serves `" + served + "`");
    }
  }

  /** The sampling fields a client could get wrong: checked for range, otherwise unused. */
  private static void checkSampling(JsonNode body) {
    Double temperature = JsonFields.optionalNumber(body.get("temperature"), "temperature");
    if (temperature != null && !(temperature >= 0)) {
      throw ApiError.invalidValue(
          "temperature",
          "number_below_min_value",
          "temperature is " + temperature + "; it must be at least 0");
    }
    Double topP = JsonFields.optionalNumber(body.get("top_p"), "top_p");
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw ApiError.invalidValue(
          "top_p",
          "invalid_value",
          "top_p is " + topP + "; it must be greater than 0 and at most 1");
    }
    Long n = JsonFields.optionalInteger(body.get("n"), "n");
    if (n != null && n != 1) {
      throw ApiError.invalidValue(
          "n", "invalid_value", "n is " + n + "; this target generates one choice, so n must be 1");
    }
  }

  private static int minTokens(JsonNode body) {
    Long min = JsonFields.optionalInteger(body.get("min_tokens"), "min_tokens");
    if (min == null) {
      return 0;
    }
    if (min < 0 || min > Integer.MAX_VALUE) {
      throw ApiError.invalidValue(
          "min_tokens",
          min < 0 ? "integer_below_min_value" : "integer_above_max_value",
          "min_tokens is " + min + "; it must be between 0 and max_tokens");
    }
    return (int) (long) min;
  }

  private static int maxTokens(
      Api kind, JsonNode body, int promptTokens, int minTokens, TargetSettings s) {
    String field = "max_tokens";
    if (kind == Api.CHAT && !JsonFields.isAbsent(body.get("max_completion_tokens"))) {
      field = "max_completion_tokens"; // OpenAI's newer name wins, as in vLLM
    }
    Long asked = JsonFields.optionalInteger(body.get(field), field);
    int context = s.maxContextTokens();
    long room = (long) context - promptTokens;
    if (room < 1) {
      String template = kind == Api.CHAT ? ", chat template included" : "";
      throw ApiError.invalidValue(
          kind.promptField(),
          "context_length_exceeded",
          String.format(
              "The prompt (%s) is %d tokens%s; this model's context is %d tokens, so the prompt"
                  + " must be at most %d tokens to leave room for output",
              kind.promptField(), promptTokens, template, context, context - 1));
    }
    if (asked == null) {
      // Like a server whose default output budget is raised by min_tokens, within the context.
      int cap = (int) Math.min(room, Math.max(s.defaultOutputTokens(), minTokens));
      checkMinFits(
          minTokens,
          cap,
          "the "
              + cap
              + " output tokens allowed (no max_tokens given; the default is "
              + s.defaultOutputTokens()
              + " and the context leaves "
              + room
              + ")");
      return cap;
    }
    if (asked < 1) {
      throw ApiError.invalidValue(
          field, "integer_below_min_value", field + " is " + asked + "; it must be at least 1");
    }
    if (asked > room) {
      throw ApiError.invalidValue(
          field,
          "context_length_exceeded",
          String.format(
              "%s is %d, but the prompt (%s) takes %d of this model's %d-token context; %s must"
                  + " be between 1 and %d",
              field, asked, kind.promptField(), promptTokens, context, field, room));
    }
    checkMinFits(minTokens, (int) (long) asked, field + " (" + asked + ")");
    return (int) (long) asked;
  }

  private static void checkMinFits(int minTokens, int maxTokens, String maxDescription) {
    if (minTokens > maxTokens) {
      throw ApiError.invalidValue(
          "min_tokens",
          "invalid_value",
          "min_tokens is "
              + minTokens
              + ", more than "
              + maxDescription
              + "; min_tokens must be between 0 and "
              + maxTokens);
    }
  }

  private static boolean orFalse(Boolean value) {
    return value != null && value;
  }
}
