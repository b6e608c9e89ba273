package io.tokenload.backend;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The backends a run can name: the built-ins, then every {@link Backend} a jar on the classpath
 * offers through {@link ServiceLoader}. A loaded backend cannot take a built-in's name.
 */
public final class Backends {

  /**
   * The default: OpenAI chat completions, with vLLM's length forcing unless {@code flavour=openai}.
   */
  public static final String DEFAULT = "openai-chat";

  private static final List<Backend> BUILT_IN =
      List.of(
          new OpenAiBackend("openai-chat", true, true, null),
          new OpenAiBackend("openai-completions", false, true, null),
          new ResponsesBackend(),
          new OpenAiBackend("vllm", true, true, null),
          new SglangBackend(),
          new TgiBackend(),
          new TritonBackend(),
          new OllamaBackend(true),
          new OllamaBackend(false),
          new AnthropicBackend(),
          new GeminiBackend(),
          new OpenAiBackend("hf", true, false, URI.create("https://router.huggingface.co/v1")),
          new OpenAiBackend("moonshot", true, false, URI.create("https://api.moonshot.ai/v1")));

  private Backends() {}

  /** Every backend by name, built-ins first, with those of {@code loader}'s classpath. */
  public static Map<String, Backend> all(ClassLoader loader) {
    Map<String, Backend> all = new LinkedHashMap<>();
    BUILT_IN.forEach(b -> all.put(b.name(), b));
    for (Backend b : ServiceLoader.load(Backend.class, loader)) {
      Backend taken = all.putIfAbsent(b.name(), b);
      if (taken != null && taken != b && BUILT_IN.contains(taken)) {
        throw new IllegalArgumentException(
            b.getClass().getName() + " names itself " + b.name() + ", a built-in backend's name");
      }
    }
    return all;
  }

  /** Every backend of this class's loader. */
  public static Map<String, Backend> all() {
    return all(Backends.class.getClassLoader());
  }

  /**
   * The backend called {@code name}, as typed in {@code where} ({@code -Dbackend}, a file's field).
   *
   * @throws IllegalArgumentException naming the allowed names when there is none of that name
   */
  public static Backend named(String name, String where) {
    return named(name, where, Backends.class.getClassLoader());
  }

  /** {@link #named(String, String)} among {@code loader}'s backends. */
  public static Backend named(String name, String where, ClassLoader loader) {
    Map<String, Backend> all = all(loader);
    Backend backend = all.get(name.strip());
    if (backend == null) {
      throw new IllegalArgumentException(
          where
              + " was '"
              + name
              + "'; allowed: "
              + String.join(", ", new ArrayList<>(all.keySet())));
    }
    return backend;
  }

  /**
   * The OpenAI backend of today's {@code api} and {@code flavour} settings: chat or completions,
   * forcing the length (vLLM) or not (OpenAI).
   */
  public static Backend openAi(boolean chat, boolean forceLength) {
    return new OpenAiBackend(chat ? "openai-chat" : "openai-completions", chat, forceLength, null);
  }
}
