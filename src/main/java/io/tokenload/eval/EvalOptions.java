package io.tokenload.eval;

import io.tokenload.eval.attack.Attack;
import io.tokenload.workload.Api;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one {@code tokenload eval} run is asked to do, checked by {@link EvalArgs}.
 *
 * @param indicator what to measure
 * @param out the contract file to write; the per-sample file goes beside it
 * @param baseUrl the server: a base URL ({@code http://host:8000}, {@code …/v1}) or the full
 *     endpoint URL ({@code …/v1/chat/completions})
 * @param model the model name sent in every request
 * @param apiKeyEnv the environment variable holding the key, or null for none
 * @param api chat or completions, from {@code --backend}
 * @param data the question set (JSON Lines), or null (load indicators make prompts)
 * @param concurrency requests in flight at most
 * @param maxTokens {@code max_tokens} of each answer
 * @param timeout a stream silent this long fails
 * @param seed seeds the attacks
 * @param limit use the first {@code limit} questions only; 0 for all
 * @param attack robustness: the perturbation
 * @param strength robustness: share of units the attack edits, 0 to 1
 * @param correctF1 robustness: an answer with at least this F1 counts as correct
 * @param toxicity how outputs are classified
 * @param requests load indicators: requests sent
 * @param inputTokens load indicators without {@code --data}: prompt length in words
 */
public record EvalOptions(
    Indicator indicator,
    Path out,
    URI baseUrl,
    String model,
    String apiKeyEnv,
    Api api,
    Path data,
    int concurrency,
    int maxTokens,
    Duration timeout,
    long seed,
    int limit,
    Attack attack,
    double strength,
    double correctF1,
    ToxicityOptions toxicity,
    int requests,
    int inputTokens) {

  /**
   * How toxicity is judged.
   *
   * @param classifier {@code word-list} or {@code moderation}
   * @param wordList a word-list file or folder, or null for the packaged list
   * @param languages the packaged list's languages to use; empty for all
   * @param moderationUrl the {@code /v1/moderations} endpoint for {@code moderation}
   * @param moderationModel the {@code model} sent to it, or null
   * @param moderationKeyEnv the environment variable holding its key, or null
   */
  public record ToxicityOptions(
      String classifier,
      Path wordList,
      List<String> languages,
      URI moderationUrl,
      String moderationModel,
      String moderationKeyEnv) {

    public static final String WORD_LIST = "word-list";
    public static final String MODERATION = "moderation";

    public ToxicityOptions {
      languages = List.copyOf(languages);
    }
  }
}
