package io.tokenload.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flags of {@code run_1k_4k.sh} and the properties it turns them into, so that a message about
 * a property names the flag the user typed: {@code --url http://x:1} where the library says {@code
 * -Dbase.url=http://x:1}. Keep this table equal to the script's {@code case} of flags.
 */
final class ScriptFlags {

  static final String SCRIPT = "run_1k_4k.sh";

  private static final Map<String, String> FLAG_OF = new LinkedHashMap<>();

  static {
    FLAG_OF.put("config", "--config");
    FLAG_OF.put("parallel", "--parallel");
    FLAG_OF.put("number", "--number");
    FLAG_OF.put("input.output", "--input-output");
    FLAG_OF.put("base.url", "--url");
    FLAG_OF.put("model", "--model");
    FLAG_OF.put("api.key.env", "--api-key-env");
    FLAG_OF.put("api", "--api");
    FLAG_OF.put("flavour", "--flavour");
    FLAG_OF.put("backend", "--backend");
    FLAG_OF.put("resume", "--resume");
    FLAG_OF.put("scenario", "--scenario");
    FLAG_OF.put("dataset", "--dataset");
    FLAG_OF.put("tokenizer", "--tokenizer");
    FLAG_OF.put("repeat", "--repeat");
  }

  private ScriptFlags() {}

  /**
   * {@code message} with every {@code -Dname=value} and {@code -Dname} of a script flag spelt as
   * the flag, given the {@code props} the script passed (whose values are what the user typed,
   * lists joined by commas).
   */
  static String spell(String message, Map<String, String> props) {
    String out = message;
    // Longest names first, so -Dapi.key.env is not taken for -Dapi.
    for (String name : byLength()) {
      String flag = FLAG_OF.get(name);
      String value = props.get(name);
      if (value != null) {
        out = out.replace("-D" + name + "=" + value, flag + " " + typed(name, value));
      }
      out =
          out.replaceAll(
              "-D" + Pattern.quote(name) + "=(?=\\S)", Matcher.quoteReplacement(flag + " "));
      out =
          out.replaceAll(
              "-D" + Pattern.quote(name) + "(?![\\w.=-])", Matcher.quoteReplacement(flag));
      if (name.contains(".")) {
        // Dotted names are never words of a sentence: "api.key.env names the variable ...".
        out =
            out.replaceAll(
                "(?<![\\w.-])" + Pattern.quote(name) + "(?![\\w.])",
                Matcher.quoteReplacement(flag));
      }
    }
    return out;
  }

  /** How the user typed a list flag's value: {@code 1 2 4} for the script's {@code 1,2,4}. */
  private static String typed(String name, String value) {
    return name.equals("parallel") || name.equals("number") ? value.replace(',', ' ') : value;
  }

  private static Iterable<String> byLength() {
    return FLAG_OF.keySet().stream()
        .sorted((a, b) -> Integer.compare(b.length(), a.length()))
        .toList();
  }
}
