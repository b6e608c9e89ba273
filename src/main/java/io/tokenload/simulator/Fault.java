package io.tokenload.simulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A misbehaviour the embedded target performs on one generation request (chat, completions,
 * embeddings), asked for per request with the header {@code X-Tokenload-Fault} or drawn at a rate
 * ({@link FaultRate}). Every fault is bounded: it ends when the client disconnects, when the server
 * closes, or at its own time limit.
 *
 * <p>Text form, for the header and the command line: {@code <kind>[;<key>=<value>]...}, for example
 * {@code error;status=503}, {@code disconnect;after=5} or {@code drip;bytes=4;ms=10}. Values are
 * integers; a key left out takes its default. See {@link Kind} for the kinds and their keys.
 *
 * @param kind what goes wrong
 * @param params the keys given explicitly, each within its kind's range
 */
public record Fault(Fault.Kind kind, Map<String, Integer> params) {

  /** {@code after} of {@link Kind#NEVER_ENDS} by default: every token is sent, then silence. */
  public static final int ALL = Integer.MAX_VALUE;

  static final String GRAMMAR = "<kind>[;<key>=<value>]...";

  private static final int MAX_CHUNKS = 1_000_000;

  /** The kinds of fault, each with its keys (name, default, allowed range). */
  public enum Kind {
    /** An error status with OpenAI's error body, at once. */
    ERROR("error", new Param("status", 500, 400, 599, "HTTP status")),
    /** 429 with a {@code Retry-After} header and a {@code rate_limit_error} body, at once. */
    RATE_LIMIT("rate-limit", new Param("retry-after", 1, 0, 86_400, "seconds in Retry-After")),
    /** The connection closes after {@code after} token chunks (a plain reply: before any byte). */
    DISCONNECT("disconnect", new Param("after", 2, 0, MAX_CHUNKS, "token chunks first")),
    /** Nothing, not even the status line, for {@code ms}; then the normal answer. */
    STALL("stall", new Param("ms", 1000, 0, 600_000, "milliseconds of silence")),
    /**
     * A data event whose JSON is cut short before token chunk {@code after} (a plain reply: a cut
     * body).
     */
    MALFORMED("malformed", new Param("after", 1, 0, MAX_CHUNKS, "token chunks first")),
    /** Every byte of the body trickles out, {@code bytes} per write, {@code ms} apart. */
    DRIP(
        "drip",
        new Param("bytes", 8, 1, 65_536, "bytes per write"),
        new Param("ms", 20, 0, 10_000, "milliseconds between writes")),
    /**
     * After {@code after} token chunks (default all of them) nothing more is sent, not even [DONE];
     * the connection stays open until the client leaves, or {@code ms} at most.
     */
    NEVER_ENDS(
        "never-ends",
        new Param("after", ALL, 0, ALL, "token chunks first, default all"),
        new Param("ms", 300_000, 1, 3_600_000, "milliseconds before the server gives up"));

    private final String wireName;
    private final Param[] params;

    Kind(String wireName, Param... params) {
      this.wireName = wireName;
      this.params = params;
    }

    /** The name in the text form, such as {@code rate-limit}. */
    public String wireName() {
      return wireName;
    }

    /**
     * True for the kinds that happen before any answer is generated ({@code error}, {@code
     * rate-limit}, {@code stall}): the ones a server answering with a {@code LocalBackend}
     * performs. The others shape the simulated answer itself.
     */
    public boolean beforeAnswer() {
      return this == ERROR || this == RATE_LIMIT || this == STALL;
    }

    /** The kind whose {@link #wireName()} is {@code name}; null if none. */
    static Kind named(String name) {
      for (Kind kind : values()) {
        if (kind.wireName.equals(name)) {
          return kind;
        }
      }
      return null;
    }

    static String allNames() {
      return Arrays.stream(values()).map(Kind::wireName).collect(Collectors.joining(", "));
    }

    /** The keys this kind takes, for messages: {@code status (400-599, default 500)}. */
    String describeKeys() {
      return Arrays.stream(params).map(Param::toString).collect(Collectors.joining(", "));
    }

    Param param(String key) {
      for (Param p : params) {
        if (p.key.equals(key)) {
          return p;
        }
      }
      return null;
    }
  }

  /** One key of a kind: its default and its inclusive range. */
  record Param(String key, int defaultValue, int min, int max, String meaning) {
    @Override
    public String toString() {
      String dflt = defaultValue == ALL ? "all" : String.valueOf(defaultValue);
      String range = max == ALL ? min + " or more" : min + "-" + max;
      return key + " (" + meaning + ", " + range + ", default " + dflt + ")";
    }
  }

  public Fault {
    if (kind == null) {
      throw new IllegalArgumentException("fault kind is null; allowed: " + Kind.allNames());
    }
    params = Map.copyOf(params);
    for (Map.Entry<String, Integer> e : params.entrySet()) {
      check(kind, e.getKey(), e.getValue(), kind.wireName());
    }
  }

  /** A fault of this kind with every key at its default. */
  public static Fault of(Kind kind) {
    return new Fault(kind, Map.of());
  }

  /**
   * Reads the text form {@code <kind>[;<key>=<value>]...}; spaces around parts are ignored.
   *
   * @throws IllegalArgumentException saying which part is wrong and what is allowed
   */
  public static Fault parse(String spec) {
    String[] parts = spec.split(";", -1);
    Kind kind = Kind.named(parts[0].trim());
    if (kind == null) {
      throw new IllegalArgumentException(
          "fault '"
              + spec
              + "' names the kind '"
              + parts[0].trim()
              + "'; write "
              + GRAMMAR
              + " with a kind among "
              + Kind.allNames());
    }
    Map<String, Integer> params = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "fault '" + spec + "' has '" + part + "' where " + GRAMMAR + " expects <key>=<value>");
      }
      String key = part.substring(0, eq).trim();
      String raw = part.substring(eq + 1).trim();
      Param param = kind.param(key);
      if (param == null) {
        throw new IllegalArgumentException(unknownKey(spec, kind, key));
      }
      if (params.containsKey(key)) {
        throw new IllegalArgumentException("fault '" + spec + "' gives " + key + " twice");
      }
      int value;
      try {
        value = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(outOfRange("fault '" + spec + "'", param, raw));
      }
      if (value < param.min || value > param.max) {
        throw new IllegalArgumentException(outOfRange("fault '" + spec + "'", param, raw));
      }
      params.put(key, value);
    }
    return new Fault(kind, params);
  }

  /** A key's value: the one given, else its default. */
  public int param(String key) {
    Param param = kind.param(key);
    if (param == null) {
      throw new IllegalArgumentException(unknownKey(toString(), kind, key));
    }
    return params.getOrDefault(key, param.defaultValue);
  }

  /** The text form, with the keys that were given. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(kind.wireName());
    for (Param p : kind.params) {
      if (params.containsKey(p.key)) {
        sb.append(';').append(p.key).append('=').append(params.get(p.key));
      }
    }
    return sb.toString();
  }

  private static void check(Kind kind, String key, Integer value, String where) {
    Param param = kind.param(key);
    if (param == null) {
      throw new IllegalArgumentException(unknownKey(where, kind, key));
    }
    if (value == null || value < param.min || value > param.max) {
      throw new IllegalArgumentException(outOfRange("fault '" + where + "'", param, value));
    }
  }

  private static String unknownKey(String spec, Kind kind, String key) {
    return "fault '"
        + spec
        + "': "
        + kind.wireName()
        + " has no key '"
        + key
        + "'; it takes "
        + kind.describeKeys();
  }

  private static String outOfRange(String where, Param param, Object value) {
    String top = param.max == ALL ? String.valueOf(ALL) : String.valueOf(param.max);
    return where
        + ": "
        + param.key
        + " is '"
        + value
        + "'; it must be an integer from "
        + param.min
        + " to "
        + top;
  }
}
