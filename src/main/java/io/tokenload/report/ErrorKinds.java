package io.tokenload.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Failed requests counted by kind: messages that differ only in numbers or ids are one kind ({@code
 * idle timeout after 5000 ms} and {@code … 5028 ms} are {@code idle timeout after <n> ms}), with
 * the first message of each kind kept as its example. An HTTP status stays part of the kind: {@code
 * HTTP 429} and {@code HTTP 500} are different failures. At most {@value #MAX_KINDS} kinds are
 * kept; later new kinds are counted under {@value #OTHER}.
 */
final class ErrorKinds {

  static final int MAX_KINDS = 50;
  static final String OTHER = "other errors";

  /** UUIDs and long hex or mixed letter-and-digit tokens: request ids, trace ids, keys. */
  private static final Pattern ID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"
              + "|\\b(?=[A-Za-z_-]*\\d)(?=[\\d_-]*[A-Za-z])[A-Za-z0-9_-]{12,}\\b"
              + "|\\b[0-9a-fA-F]*\\d[0-9a-fA-F]*[a-fA-F][0-9a-fA-F]{6,}\\b");

  /** Numbers, except an HTTP status right after {@code HTTP}. */
  private static final Pattern NUMBER = Pattern.compile("(?<!HTTP )(?<![\\w.])\\d+(\\.\\d+)?\\b");

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, String> examples = new LinkedHashMap<>();

  /** The kind of {@code message}: its ids become {@code <id>}, its numbers {@code <n>}. */
  static String kindOf(String message) {
    String withoutIds = ID.matcher(message).replaceAll("<id>");
    return NUMBER.matcher(withoutIds).replaceAll("<n>");
  }

  void add(String message) {
    String kind = kindOf(message);
    if (counts.size() >= MAX_KINDS && !counts.containsKey(kind)) {
      kind = OTHER;
    }
    counts.merge(kind, 1L, Long::sum);
    examples.putIfAbsent(kind, message);
  }

  /** Failed requests per kind, in the order the kinds first appeared. */
  Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  /** The first message of each kind, as it was written. */
  Map<String, String> examples() {
    return Collections.unmodifiableMap(examples);
  }
}
