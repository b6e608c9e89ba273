package io.tokenload.gatling;

import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.tokenizer.Tokenizers;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.MeasuredDataset;
import io.tokenload.workload.PreparedPrompts;
import io.tokenload.workload.PromptLengths;
import io.tokenload.workload.PromptSource;
import io.tokenload.workload.SyntheticPrompts;
import io.tokenload.workload.TemplateProbe;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a run makes its prompts: in which tokenizer, with which length spread and shared prefix, and
 * how many tokens to leave for the server's chat template, measured once per run by a probe so that
 * the server sees exactly the asked input length.
 *
 * <p>The probe can only measure in the server's own tokenizer. With an explicit {@code -Dtokenizer}
 * that is not the server's, the run stops: the lengths asked for cannot be had. With the default
 * word tokenizer, which is no real model's, it warns and goes on uncompensated: the server then
 * counts other input lengths than asked, as the report's length tally shows. A server that answers
 * the probe without {@code usage}, or with an error, gets the same warning and no compensation.
 */
final class Prompts {

  private static final Logger LOG = LoggerFactory.getLogger(Prompts.class);

  /**
   * Prepared ahead of the load: at least this many per cell, and more while they hold at most
   * {@link #PREPARED_TOKENS} tokens in all; later ones are made on demand, on the event loop.
   */
  private static final int MIN_PREPARED = 16_384;

  /**
   * About 50 MB of prompt text: a 30-second cell of 1,024 streams sends 28,672 requests of 128
   * tokens, all of which fit.
   */
  private static final long PREPARED_TOKENS = 8L << 20;

  private final Tokenizer tokenizer;
  private final int templateOverheadTokens;
  private final double rangeRatio;
  private final int sharedPrefixTokens;
  private final Optional<MeasuredDataset> dataset;

  private Prompts(
      Tokenizer tokenizer,
      int templateOverheadTokens,
      double rangeRatio,
      int sharedPrefixTokens,
      Optional<MeasuredDataset> dataset) {
    this.tokenizer = tokenizer;
    this.templateOverheadTokens = templateOverheadTokens;
    this.rangeRatio = rangeRatio;
    this.sharedPrefixTokens = sharedPrefixTokens;
    this.dataset = dataset;
  }

  static Prompts forRun(Endpoint endpoint, RunSettings settings) {
    Tokenizer tokenizer = Tokenizers.load(settings.tokenizer());
    int overhead = 0;
    if (endpoint.backend().chatTemplate() && settings.templateProbe()) {
      try {
        overhead = TemplateProbe.of(endpoint).overheadTokens(tokenizer);
      } catch (TemplateProbe.TokenizerMismatchException e) {
        if (!(tokenizer instanceof WordTokenizer)) {
          throw e;
        }
        LOG.warn(
            "{}. Prompts go out without template compensation, and the server counts other input"
                + " lengths than asked (summary.json's length tally shows them); set -Dtokenizer"
                + " to the model's tokenizer.json for exact lengths",
            e.getMessage());
      } catch (TemplateProbe.NoUsageException | IOException e) {
        // The probe only refines prompt lengths; a server it cannot measure is still tested.
        LOG.warn(
            "{}. Prompts go out without chat-template compensation: the server sees input.tokens"
                + " plus its template's tokens (-Dtemplate.probe=false skips this probe)",
            e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while measuring the chat template's tokens", e);
      }
    }
    return new Prompts(
        tokenizer,
        overhead,
        settings.rangeRatio(),
        settings.sharedPrefixTokens(),
        RunDataset.measure(settings.dataset(), tokenizer));
  }

  Tokenizer tokenizer() {
    return tokenizer;
  }

  int templateOverheadTokens() {
    return templateOverheadTokens;
  }

  /** The prompts of {@code cell} from index {@code first} on (a shard's part of the cell). */
  PromptSource forCell(CellSpec cell, long first) {
    // Warm-up cells (LoadPlan names them "warm-up <cell>") keep synthetic prompts of the cell's
    // input length, so they cannot pre-fill a prefix cache with the dataset prompts measured next.
    if (dataset.isPresent() && !cell.name().startsWith("warm-up ")) {
      return fromDataset(dataset.get(), cell, first);
    }
    PromptLengths lengths =
        PromptLengths.exactly(cell.inputTokens())
            .withRangeRatio(rangeRatio)
            .withSharedPrefix(sharedPrefixTokens)
            .withTemplateOverhead(templateOverheadTokens);
    SyntheticPrompts synthetic = new SyntheticPrompts(tokenizer, lengths, cell.seed());
    PromptSource source = first == 0 ? synthetic : index -> synthetic.prompt(first + index);
    // Made now, before the load: a real tokenizer's exact prompt costs milliseconds, and even the
    // words tokenizer's costs tens of microseconds that would otherwise sit between a request's
    // intended and actual send, on the event loop that also stamps arrivals.
    long fit = Math.max(MIN_PREPARED, PREPARED_TOKENS / Math.max(1, cell.inputTokens()));
    return PreparedPrompts.first(source, (int) Math.min(cell.requests(), fit));
  }

  /** A seeded sample of the dataset: the whole cell's, of which a shard takes its part. */
  private PromptSource fromDataset(MeasuredDataset measured, CellSpec cell, long first) {
    PromptSource sample =
        cell.timeBounded()
            ? measured.cycling(cell.seed(), templateOverheadTokens)
            : measured.sample(
                (int) Math.min(Integer.MAX_VALUE, first + cell.requests()),
                cell.seed(),
                templateOverheadTokens);
    return first == 0 ? sample : index -> sample.prompt(first + index);
  }
}
