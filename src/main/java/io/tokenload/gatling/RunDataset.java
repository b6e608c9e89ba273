package io.tokenload.gatling;

import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.tokenizer.Tokenizers;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Dataset;
import io.tokenload.workload.DatasetSpec;
import io.tokenload.workload.MeasuredDataset;
import java.util.List;
import java.util.Optional;

/**
 * The run's dataset ({@code -Ddataset}), read and measured in the run's tokenizer, and checked
 * against the cells before any load: a count-bounded cell needs as many distinct prompts within the
 * bounds as it sends requests (a prompt sent twice in a cell would flatter a prefix cache), a
 * time-bounded one at least one (it goes round its sample).
 */
public final class RunDataset {

  private RunDataset() {}

  /** The measured dataset, or empty for synthetic prompts. */
  static Optional<MeasuredDataset> measure(DatasetSpec spec, Tokenizer tokenizer) {
    if (spec.synthetic()) {
      return Optional.empty();
    }
    return Optional.of(MeasuredDataset.of(Dataset.read(spec.file()), tokenizer, spec.bounds()));
  }

  /**
   * Reads the dataset {@code settings} name, if any, and checks every cell can have its prompts.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or is too small
   */
  public static void check(RunSettings settings, List<CellSpec> cells) {
    if (settings.dataset().synthetic()) {
      return;
    }
    MeasuredDataset measured =
        measure(settings.dataset(), Tokenizers.load(settings.tokenizer())).orElseThrow();
    check(measured, cells);
  }

  static void check(MeasuredDataset measured, List<CellSpec> cells) {
    for (CellSpec cell : cells) {
      measured.require(cell.timeBounded() ? 1 : cell.requests(), "cell " + cell.name());
    }
  }
}
