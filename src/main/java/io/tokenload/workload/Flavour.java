package io.tokenload.workload;

/**
 * How a server is told the output length.
 *
 * <p>vLLM, SGLang and the embedded target accept {@code ignore_eos} and {@code min_tokens}, which
 * force the output to exactly {@code max_tokens}, and {@code continuous_usage_stats}, which gives a
 * running token count on every chunk. OpenAI's own API rejects those fields, so the {@code openai}
 * flavour sends only {@code max_tokens} and {@code include_usage}.
 */
public enum Flavour {
  VLLM,
  OPENAI;

  public static Flavour parse(String value, String where) {
    for (Flavour f : values()) {
      if (f.name().equalsIgnoreCase(value.strip())) {
        return f;
      }
    }
    throw new IllegalArgumentException(where + " was '" + value + "'; allowed: vllm, openai");
  }
}
