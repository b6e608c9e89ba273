package io.tokenload.maven.jmh;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code -Djmh.*} properties of one {@code mvn jmh:run}, as typed (null when not given), and
 * the command line of {@code org.openjdk.jmh.Main} they stand for. Every value is checked here, so
 * a mistake fails before JMH's JVM is started, with a message naming the property and what it
 * allows. Pure: no files, no clock.
 *
 * @param filter {@code jmh.filter}: a regular expression; benchmarks whose full name it finds run
 * @param forks {@code jmh.forks} ({@code -f}): 0 or more
 * @param warmupIterations {@code jmh.warmupIterations} ({@code -wi}): 0 or more
 * @param iterations {@code jmh.iterations} ({@code -i}): 1 or more
 * @param warmupTime {@code jmh.warmupTime} ({@code -w}): a duration such as {@code 500ms}, {@code
 *     2s}; a bare number is seconds
 * @param time {@code jmh.time} ({@code -r}): as {@code warmupTime}
 * @param threads {@code jmh.threads} ({@code -t}): 1 or more, or {@code max}
 * @param params {@code jmh.params} ({@code -p}): {@code name=v1,v2;name2=v}
 * @param resultFormat {@code jmh.resultFormat} ({@code -rf}): json (default), csv or text
 * @param profilers {@code jmh.profilers} ({@code -prof}): comma-separated, such as {@code gc,stack}
 * @param args {@code jmh.args}: more JMH arguments, split at spaces; quote with ' or "
 * @param list {@code jmh.list}: list the benchmarks the filter matches instead of running them
 */
record JmhOptions(
    String filter,
    String forks,
    String warmupIterations,
    String iterations,
    String warmupTime,
    String time,
    String threads,
    String params,
    String resultFormat,
    String profilers,
    String args,
    boolean list) {

  private static final Pattern DURATION = Pattern.compile("\\d+\\s*(ns|us|ms|s|m|min|h|hr|d|day)?");
  private static final Pattern PARAM = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*)=([^=]+)");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int MAX_FILTER_CHARS_IN_NAME = 60;

  /** Where the results go: {@code <UTC yyyyMMdd-HHmmss>-<filter>.<json|csv|txt>}. */
  String resultFileName(Instant now) {
    // Letters, digits, '-' and '_' only: regex syntax and dots become '_'.
    String name = filter == null ? "" : filter.replaceAll("[^A-Za-z0-9_-]+", "_");
    name = name.replaceAll("^_+|_+$", "");
    if (name.length() > MAX_FILTER_CHARS_IN_NAME) {
      name = name.substring(0, MAX_FILTER_CHARS_IN_NAME);
    }
    return STAMP.format(now) + "-" + (name.isEmpty() ? "all" : name) + "." + format().extension;
  }

  /**
   * The arguments of {@code org.openjdk.jmh.Main}; {@code resultFile} is ignored for a listing.
   *
   * @throws IllegalArgumentException naming the first property with a bad value
   */
  List<String> arguments(Path resultFile) {
    List<String> out = new ArrayList<>();
    if (filter != null && !filter.isBlank()) {
      try {
        Pattern.compile(filter);
      } catch (PatternSyntaxException e) {
        throw bad("jmh.filter", filter, "a regular expression (" + e.getDescription() + ")");
      }
      out.add(filter);
    }
    if (list) {
      out.add("-l");
      return out;
    }
    addCount(out, "-f", "jmh.forks", forks, 0);
    addCount(out, "-wi", "jmh.warmupIterations", warmupIterations, 0);
    addCount(out, "-i", "jmh.iterations", iterations, 1);
    addDuration(out, "-w", "jmh.warmupTime", warmupTime);
    addDuration(out, "-r", "jmh.time", time);
    if (given(threads)) {
      out.add("-t");
      out.add(
          threads.strip().equalsIgnoreCase("max")
              ? "max"
              : String.valueOf(count("jmh.threads", threads, 1)));
    }
    if (given(params)) {
      for (String param : params.split(";")) {
        if (param.isBlank()) {
          continue;
        }
        if (!PARAM.matcher(param.strip()).matches()) {
          throw bad(
              "jmh.params", params, "name=v1,v2;name2=v (a @Param field's name, '=', its values)");
        }
        out.add("-p");
        out.add(param.strip());
      }
    }
    if (given(profilers)) {
      for (String profiler : profilers.split(",")) {
        if (!profiler.isBlank()) {
          out.add("-prof");
          out.add(profiler.strip());
        }
      }
    }
    out.add("-rf");
    out.add(format().jmhName);
    out.add("-rff");
    out.add(resultFile.toString());
    if (given(args)) {
      out.addAll(split(args));
    }
    return out;
  }

  private enum Format {
    JSON("json", "json"),
    CSV("csv", "csv"),
    TEXT("text", "txt");

    final String jmhName;
    final String extension;

    Format(String jmhName, String extension) {
      this.jmhName = jmhName;
      this.extension = extension;
    }
  }

  private Format format() {
    if (!given(resultFormat)) {
      return Format.JSON;
    }
    for (Format f : Format.values()) {
      if (f.jmhName.equalsIgnoreCase(resultFormat.strip())) {
        return f;
      }
    }
    throw bad("jmh.resultFormat", resultFormat, "json, csv or text");
  }

  private static void addCount(
      List<String> out, String flag, String property, String value, int min) {
    if (given(value)) {
      out.add(flag);
      out.add(String.valueOf(count(property, value, min)));
    }
  }

  private static int count(String property, String value, int min) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(property, value, "a whole number, " + min + " or more");
  }

  private static void addDuration(List<String> out, String flag, String property, String value) {
    if (!given(value)) {
      return;
    }
    String v = value.strip();
    if (!DURATION.matcher(v).matches()) {
      throw bad(property, value, "a duration such as 500ms, 2s or 1min (a bare number is seconds)");
    }
    out.add(flag);
    out.add(Character.isDigit(v.charAt(v.length() - 1)) ? v + "s" : v.replace(" ", ""));
  }

  /** Splits at whitespace; '…' and "…" group words and are removed. */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (quote != 0) {
      throw bad("jmh.args", line, "balanced quotes (a " + quote + " is not closed)");
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static boolean given(String value) {
    return value != null && !value.isBlank();
  }

  private static IllegalArgumentException bad(String property, String value, String allowed) {
    return new IllegalArgumentException(
        "-D" + property + "=" + value + " is not valid: " + property + " must be " + allowed);
  }
}
