package io.tokenload.cli;

import io.tokenload.eval.EvalException;
import io.tokenload.eval.EvalOptions;
import io.tokenload.eval.Indicator;
import io.tokenload.eval.attack.Attack;
import io.tokenload.workload.Api;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The flags of {@code tokenload eval}, read into {@link EvalOptions}. Every check that needs no
 * file and no server happens here, so {@code --dry-run} (job templates, CI) proves a command line
 * valid without running it. Errors name the flag and what is allowed.
 */
final class EvalArgs {

  /** {@code --backend} values and the API each speaks. Other backends are added later. */
  static final List<String> BACKENDS = List.of("openai-chat", "openai-completions");

  private EvalArgs() {}

  static Options options() {
    return new Options()
        .addOption(opt("indicator", "what to measure: " + Indicator.allowed() + " (required)"))
        .addOption(opt("out", "the contract file to write, FILE.json (required)"))
        .addOption(
            opt(
                "base-url",
                "the server: base URL (http://127.0.0.1:8000) or full endpoint URL (required)"))
        .addOption(opt("model", "model name sent in each request (required)"))
        .addOption(opt("api-key-env", "environment variable holding the API key"))
        .addOption(opt("backend", "how to talk to it: " + String.join(", ", BACKENDS)))
        .addOption(opt("data", "question set, JSON Lines of {prompt|messages, answers[]}"))
        .addOption(opt("concurrency", "requests in flight at most (default 4)"))
        .addOption(opt("max-tokens", "max_tokens of each answer (default 64)"))
        .addOption(opt("timeout-s", "a stream silent this long fails (default 60)"))
        .addOption(opt("seed", "seeds the attacks (default 1)"))
        .addOption(opt("limit", "use the first N questions only"))
        .addOption(opt("attack", "robustness_adv: " + Attack.allowed() + " (default typo)"))
        .addOption(opt("strength", "robustness_adv: share of characters/words edited (0.1)"))
        .addOption(opt("correct-f1", "robustness_adv: F1 at which an answer is correct (0.5)"))
        .addOption(opt("classifier", "toxicity: word-list (default) or moderation"))
        .addOption(opt("word-list", "toxicity: a word list (.json array, .txt lines or folder)"))
        .addOption(opt("languages", "toxicity: packaged list languages, as en,zh (default all)"))
        .addOption(opt("moderation-url", "toxicity: a /v1/moderations endpoint URL"))
        .addOption(opt("moderation-model", "toxicity: the model sent to the moderation endpoint"))
        .addOption(opt("moderation-key-env", "toxicity: environment variable of its API key"))
        .addOption(opt("requests", "latency_p99, throughput_rps: requests sent (default 64)"))
        .addOption(opt("input-tokens", "load without --data: prompt length in words (128)"))
        .addOption(
            Option.builder()
                .longOpt("dry-run")
                .desc("check the arguments, then exit 0 (2 when wrong)")
                .get())
        .addOption("h", "help", false, "show this help");
  }

  private static Option opt(String name, String description) {
    return Option.builder().longOpt(name).hasArg().desc(description).get();
  }

  /** Parses and checks; {@code --help} and {@code --dry-run} are left to the caller to see. */
  static CommandLine line(String[] args) {
    try {
      CommandLine line = new DefaultParser().parse(options(), args);
      if (!line.getArgList().isEmpty()) {
        throw new EvalException(
            "unexpected argument '" + line.getArgList().get(0) + "'; every setting is a --flag");
      }
      return line;
    } catch (ParseException e) {
      throw new EvalException(e.getMessage(), e);
    }
  }

  static EvalOptions parse(CommandLine line) throws UsageException {
    Indicator indicator = Indicator.parse(required(line, "indicator"));
    String out = required(line, "out");
    if (!out.endsWith(".json")) {
      throw new EvalException("--out was '" + out + "'; allowed: a file name ending in .json");
    }
    URI base = url(line, "base-url", required(line, "base-url"));
    String backend = line.getOptionValue("backend", BACKENDS.get(0));
    if (!BACKENDS.contains(backend)) {
      throw new EvalException(
          "--backend was '" + backend + "'; allowed: " + String.join(", ", BACKENDS));
    }
    Api api = backend.equals("openai-chat") ? Api.CHAT : Api.COMPLETIONS;
    String data = line.getOptionValue("data");
    if (indicator.needsAnswers() && data == null) {
      throw new EvalException(
          "--data is required for "
              + indicator.wireName()
              + ": a JSON Lines file of {\"prompt\": …, \"answers\": […]}");
    }
    if (indicator == Indicator.TOXICITY && data == null) {
      throw new EvalException(
          "--data is required for toxicity: the prompts whose answers are checked");
    }
    return new EvalOptions(
        indicator,
        Path.of(out),
        base,
        required(line, "model"),
        line.getOptionValue("api-key-env"),
        api,
        data == null ? null : Path.of(data),
        (int) number(line, "concurrency", 4, 1, 1024),
        (int) number(line, "max-tokens", 64, 1, 1_000_000),
        Duration.ofMillis((long) (number(line, "timeout-s", 60, 0.001, 86_400) * 1000)),
        seed(line),
        (int) number(line, "limit", 0, 0, Integer.MAX_VALUE),
        Attack.parse(line.getOptionValue("attack", "typo")),
        number(line, "strength", 0.1, 0, 1),
        number(line, "correct-f1", 0.5, 0, 1),
        toxicity(line),
        (int) number(line, "requests", 64, 1, 10_000_000),
        (int) number(line, "input-tokens", 128, 1, 1_000_000));
  }

  private static EvalOptions.ToxicityOptions toxicity(CommandLine line) throws UsageException {
    String classifier = line.getOptionValue("classifier", EvalOptions.ToxicityOptions.WORD_LIST);
    boolean moderation = classifier.equals(EvalOptions.ToxicityOptions.MODERATION);
    if (!moderation && !classifier.equals(EvalOptions.ToxicityOptions.WORD_LIST)) {
      throw new EvalException(
          "--classifier was '" + classifier + "'; allowed: word-list, moderation");
    }
    String url = line.getOptionValue("moderation-url");
    if (moderation && url == null) {
      throw new EvalException(
          "--classifier moderation needs --moderation-url, as http://host:port/v1/moderations");
    }
    for (String wordListOnly : new String[] {"word-list", "languages"}) {
      if (moderation && line.hasOption(wordListOnly)) {
        throw new EvalException("--" + wordListOnly + " applies to --classifier word-list only");
      }
    }
    String languages = line.getOptionValue("languages", "");
    return new EvalOptions.ToxicityOptions(
        classifier,
        line.hasOption("word-list") ? Path.of(line.getOptionValue("word-list")) : null,
        languages.isBlank()
            ? List.of()
            : Arrays.stream(languages.split(",")).map(String::strip).toList(),
        url == null ? null : url(line, "moderation-url", url),
        line.getOptionValue("moderation-model"),
        line.getOptionValue("moderation-key-env"));
  }

  private static long seed(CommandLine line) {
    String raw = line.getOptionValue("seed", "1");
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new EvalException("--seed was '" + raw + "'; allowed: a whole number (64-bit)", e);
    }
  }

  private static String required(CommandLine line, String option) {
    String value = line.getOptionValue(option);
    if (value == null || value.isBlank()) {
      throw new EvalException("--" + option + " is required; see tokenload eval --help");
    }
    return value;
  }

  private static URI url(CommandLine line, String option, String raw) {
    try {
      URI uri = new URI(raw);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // fall through to the message below
    }
    throw new EvalException(
        "--" + option + " was '" + raw + "'; allowed: an http:// or https:// URL with a host");
  }

  private static double number(
      CommandLine line, String option, double fallback, double min, double max)
      throws UsageException {
    Double value = Args.number(line, option, min, max);
    return value == null ? fallback : value;
  }
}
