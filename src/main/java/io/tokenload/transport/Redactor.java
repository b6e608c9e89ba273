package io.tokenload.transport;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Blanks the secrets a run holds (its API key) out of text that came from the server or from an
 * exception, before that text becomes an error string anywhere: a request's record, the summary,
 * the page, Gatling's log, the console. A server that echoes the key ({@code 401 Incorrect API key
 * provided: sk-…}) must not make tokenload write it.
 *
 * <p>Only error text passes through here, never the measured stream, so it costs nothing on the hot
 * path.
 */
public final class Redactor {

  /** What a secret is replaced with. */
  public static final String MARK = "[redacted]";

  /** A redactor for a run without secrets: text passes unchanged. */
  public static final Redactor NONE = new Redactor(List.of());

  /** Shorter values are not blanked: replacing every "ab" would garble errors, not hide a key. */
  private static final int MIN_SECRET_CHARS = 4;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A redactor of {@code secrets}; null, blank and very short values are left out. */
  public static Redactor of(String... secrets) {
    List<String> kept =
        Arrays.stream(secrets)
            .filter(Objects::nonNull)
            .map(String::strip)
            .filter(s -> s.length() >= MIN_SECRET_CHARS)
            .distinct()
            .toList();
    return kept.isEmpty() ? NONE : new Redactor(kept);
  }

  /** {@code text} with every secret replaced by {@value #MARK}; null stays null. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MARK);
    }
    return out;
  }
}
