package io.tokenload.backend;

import io.tokenload.stream.StreamFormat;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One serving protocol's wire format, and the only place it is written down: where a request goes,
 * how it is authenticated, what its body says, and how its answer (streamed or whole) is read.
 *
 * <p>Built-ins are listed in {@link Backends}; a jar on the classpath adds its own by implementing
 * this interface and naming the class in {@code META-INF/services/io.tokenload.backend.Backend}
 * ({@link java.util.ServiceLoader}; {@code docs/backends.md} has a complete example). Chosen with
 * {@code -Dbackend=NAME} or a run definition's {@code backend}.
 *
 * <p>Implementations are immutable and thread-safe; the per-response state of a stream lives in
 * {@link StreamFormat#newReader()}.
 */
public interface Backend {

  /** The name users choose it by, such as {@code openai-chat}: lower case, digits and dashes. */
  String name();

  /**
   * Where requests go: {@code base} plus the protocol's path, or {@code base} itself when it
   * already is a full endpoint URL as users paste it ({@link Urls#join}).
   *
   * @param model the model name, for protocols that put it in the path (Gemini, Triton)
   * @param stream whether the request streams, for protocols with two paths (TGI, Gemini)
   */
  URI requestUri(URI base, String model, boolean stream);

  /** Where the server lists its models or says it is up, asked before any load; empty to skip. */
  default Optional<URI> modelsUri(URI base) {
    return Optional.empty();
  }

  /**
   * The base URL of a hosted service, used when a run gives none; empty for self-hosted servers.
   */
  default Optional<URI> defaultBaseUrl() {
    return Optional.empty();
  }

  /** How the key is sent. */
  Auth auth();

  /**
   * The request body as JSON values, before the user's generation parameters are merged in ({@link
   * Bodies#merge}). It holds {@code request.prompt()} once as a string value, where the request
   * factory escapes each prompt into place.
   *
   * @throws IllegalArgumentException when the protocol cannot carry what is asked (a conversation
   *     to a prompt-only endpoint)
   */
  Map<String, Object> body(BodyRequest request);

  /** How its answers are framed and read. */
  StreamFormat format();

  /**
   * True when the body forces the asked output length exactly (vLLM's {@code ignore_eos} and {@code
   * min_tokens}); false when it can only cap it.
   */
  default boolean forcesLength() {
    return false;
  }

  /**
   * True when the server wraps the prompt in a chat template and reports the prompt tokens of a
   * whole answer, so the template probe ({@link io.tokenload.workload.TemplateProbe}) measures the
   * template's tokens and prompts are shortened by them; false for raw prompts (no template) or
   * answers without a prompt token count.
   */
  default boolean chatTemplate() {
    return false;
  }
}
