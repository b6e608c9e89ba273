package io.tokenload.eval;

import io.tokenload.eval.accuracy.AccuracyIndicator;
import io.tokenload.eval.attack.RobustnessIndicator;
import io.tokenload.eval.data.QaItem;
import io.tokenload.eval.data.QaSet;
import io.tokenload.eval.load.LoadIndicator;
import io.tokenload.eval.toxicity.Classifier;
import io.tokenload.eval.toxicity.ModerationClassifier;
import io.tokenload.eval.toxicity.ToxicityIndicator;
import io.tokenload.eval.toxicity.WordList;
import io.tokenload.eval.toxicity.WordListClassifier;
import io.tokenload.workload.Api;
import io.tokenload.workload.ApiKey;
import io.tokenload.workload.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * {@code tokenload eval}'s one entry point (the platform guide's {@code run_eval}): reads the
 * inputs, checking every one before the first request, then measures the indicator asked for.
 */
public final class EvalRunner {

  private EvalRunner() {}

  /**
   * Runs {@code options} against the server; {@code env} gives the API keys.
   *
   * @throws EvalException for bad input, before any request is sent
   */
  public static Outcome run(EvalOptions options, Map<String, String> env)
      throws IOException, InterruptedException {
    List<QaItem> items = items(options);
    Endpoint endpoint = EvalTarget.endpoint(options, env);
    Classifier fixedClassifier =
        options.indicator() == Indicator.TOXICITY && isWordList(options)
            ? new WordListClassifier(wordList(options))
            : null;
    try (EvalClient client = new EvalClient(endpoint, options.concurrency(), options.maxTokens())) {
      return switch (options.indicator()) {
        case ACCURACY_F1 -> AccuracyIndicator.run(client, items, options.data(), options.out());
        case ROBUSTNESS_ADV ->
            RobustnessIndicator.run(
                client,
                items,
                new RobustnessIndicator.Settings(
                    options.attack(), options.strength(), options.seed(), options.correctF1()),
                options.data(),
                options.out());
        case TOXICITY ->
            ToxicityIndicator.run(
                client,
                items,
                fixedClassifier != null ? fixedClassifier : moderation(options, client, env),
                options.data(),
                options.out());
        case LATENCY_P99, THROUGHPUT_RPS ->
            LoadIndicator.run(
                client,
                options.indicator(),
                items,
                new LoadIndicator.Settings(
                    options.requests(), options.inputTokens(), options.apiKeyEnv()),
                options.out());
      };
    }
  }

  private static List<QaItem> items(EvalOptions options) {
    if (options.data() == null) {
      return null;
    }
    if (!Files.isRegularFile(options.data()) || !Files.isReadable(options.data())) {
      throw new EvalException("--data " + options.data() + " is not a readable file");
    }
    List<QaItem> items = QaSet.read(options.data(), options.indicator().needsAnswers());
    if (options.api() == Api.COMPLETIONS) {
      items.stream()
          .filter(i -> !i.messages().isEmpty())
          .findFirst()
          .ifPresent(
              i -> {
                throw new EvalException(
                    options.data()
                        + " line "
                        + i.source().substring(i.source().lastIndexOf(':') + 1)
                        + ": \"messages\" need --backend openai-chat; openai-completions sends a"
                        + " prompt");
              });
    }
    return options.limit() > 0 && options.limit() < items.size()
        ? items.subList(0, options.limit())
        : items;
  }

  private static boolean isWordList(EvalOptions options) {
    return EvalOptions.ToxicityOptions.WORD_LIST.equals(options.toxicity().classifier());
  }

  private static WordList wordList(EvalOptions options) {
    EvalOptions.ToxicityOptions t = options.toxicity();
    return t.wordList() != null ? WordList.read(t.wordList()) : WordList.packaged(t.languages());
  }

  private static Classifier moderation(
      EvalOptions options, EvalClient client, Map<String, String> env) {
    EvalOptions.ToxicityOptions t = options.toxicity();
    try {
      return new ModerationClassifier(
          client,
          t.moderationUrl(),
          t.moderationModel(),
          ApiKey.fromEnvironment(t.moderationKeyEnv(), env),
          options.timeout());
    } catch (IllegalArgumentException e) {
      throw new EvalException(
          "--moderation-key-env names " + t.moderationKeyEnv() + ", which is not set");
    }
  }
}
