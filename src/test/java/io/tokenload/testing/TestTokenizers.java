package io.tokenload.testing;

import io.tokenload.tokenizer.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real tokenizers the tests use: Qwen3's and Llama 3's {@code tokenizer.json}, fetched by
 * {@code data/tokenizers/fetch.sh} into {@code .cache/tokenizers/} during {@code mvn test}'s
 * generate-test-resources phase. Loaded once per test JVM and shared (they are thread-safe).
 */
public final class TestTokenizers {

  private TestTokenizers() {}

  /** {@code .cache/tokenizers/<name>/tokenizer.json} of this project. */
  public static Path file(String name) {
    Path base = Path.of(System.getProperty("basedir", "."));
    Path file = base.resolve(".cache/tokenizers").resolve(name).resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file.toAbsolutePath()
              + " is missing; run the tests through Maven (mvn test), or data/tokenizers/fetch.sh");
    }
    return file;
  }

  public static HfTokenizer qwen3() {
    return Qwen3.TOKENIZER;
  }

  public static HfTokenizer llama3() {
    return Llama3.TOKENIZER;
  }

  /** Qwen3's or Llama 3's tokenizer by name. */
  public static HfTokenizer named(String name) {
    return switch (name) {
      case "qwen3" -> qwen3();
      case "llama3" -> llama3();
      default -> throw new IllegalArgumentException("no test tokenizer " + name);
    };
  }

  private static final class Qwen3 {
    static final HfTokenizer TOKENIZER = HfTokenizer.load(file("qwen3"));
  }

  private static final class Llama3 {
    static final HfTokenizer TOKENIZER = HfTokenizer.load(file("llama3"));
  }
}
