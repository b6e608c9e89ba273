package io.tokenload.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The backends a run can name: the built-ins, then every {@link Backend} a jar offers through
 * {@link ServiceLoader}: a jar on the classpath, or one dropped into the {@value #FOLDER} folder of
 * the working directory (the repository root for {@code ./run_1k_4k.sh} and {@code mvn}). A loaded
 * backend cannot take a built-in's name.
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

  /** Where jars of backends of one's own are picked up, beside the classpath. */
  public static final String FOLDER = "backends";

  private Backends() {}

  /** The loader of the classpath and of the jars in {@code folder}, if there are any. */
  public static ClassLoader withJars(Path folder) {
    ClassLoader parent = Backends.class.getClassLoader();
    if (!Files.isDirectory(folder)) {
      return parent;
    }
    try (Stream<Path> files = Files.list(folder)) {
      URL[] jars =
          files
              .filter(f -> f.toString().endsWith(".jar"))
              .sorted()
              .map(Backends::url)
              .toArray(URL[]::new);
      return jars.length == 0 ? parent : new URLClassLoader(jars, parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(jar + " is not a file a URL can name", e);
    }
  }

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

  /** Every backend of the classpath and of the {@value #FOLDER} folder. */
  public static Map<String, Backend> all() {
    return all(withJars(Path.of(FOLDER)));
  }

  /**
   * The backend called {@code name}, as typed in {@code where} ({@code -Dbackend}, a file's field).
   *
   * @throws IllegalArgumentException naming the allowed names when there is none of that name
   */
  public static Backend named(String name, String where) {
    Backend builtIn = builtIn(name.strip());
    return builtIn != null ? builtIn : named(name, where, withJars(Path.of(FOLDER)));
  }

  private static Backend builtIn(String name) {
    return BUILT_IN.stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
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
