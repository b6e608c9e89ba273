package io.tokenload.workload;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a run's prompts come from: {@code synthetic} (exact prompts of the cell's input length,
 * {@link SyntheticPrompts}), {@code sharegpt:FILE} or {@code jsonl:FILE} (a {@link Dataset},
 * sampled per cell with the cell's seed and kept within {@code bounds}).
 *
 * @param kind the source's kind
 * @param file the dataset file, null for synthetic prompts
 * @param bounds the lengths of the dataset prompts kept, in the run's tokenizer
 */
public record DatasetSpec(Kind kind, Path file, LengthBounds bounds) {

  /** The allowed values, as a message says them. */
  public static final String ALLOWED =
      "synthetic, sharegpt:FILE (a ShareGPT .json such as data/prompts/sharegpt-sample.json) or"
          + " jsonl:FILE (a .jsonl of {\"prompt\": …} lines)";

  /** A source's kind. */
  public enum Kind {
    SYNTHETIC,
    SHAREGPT,
    JSONL
  }

  public static final DatasetSpec SYNTHETIC = new DatasetSpec(Kind.SYNTHETIC, null, null);

  public DatasetSpec {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.SYNTHETIC) != (file == null)) {
      throw new IllegalArgumentException("a dataset file goes with sharegpt: or jsonl: only");
    }
    if (file != null && bounds == null) {
      bounds = LengthBounds.any();
    }
  }

  /**
   * Parses {@code raw} as typed after {@code flag} ({@code -Ddataset} or a definition's field):
   * {@code synthetic}, {@code sharegpt:FILE} (a {@code .json} file) or {@code jsonl:FILE} (a {@code
   * .jsonl} file). The file is not read here.
   */
  public static DatasetSpec parse(String raw, String flag, LengthBounds bounds) {
    String value = raw.strip();
    if (value.isEmpty() || value.equalsIgnoreCase("synthetic")) {
      return SYNTHETIC;
    }
    int colon = value.indexOf(':');
    String kind = colon < 0 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
    String file = colon < 0 ? "" : value.substring(colon + 1).strip();
    String extension =
        switch (kind) {
          case "sharegpt" -> ".json";
          case "jsonl" -> ".jsonl";
          default ->
              throw new IllegalArgumentException(
                  flag + "=" + raw + " is not allowed; allowed: " + ALLOWED);
        };
    if (file.isEmpty() || !file.toLowerCase(Locale.ROOT).endsWith(extension)) {
      throw new IllegalArgumentException(
          flag
              + "="
              + raw
              + " is not allowed: "
              + kind
              + ": takes a "
              + extension
              + " file; allowed: "
              + ALLOWED);
    }
    return new DatasetSpec(
        kind.equals("sharegpt") ? Kind.SHAREGPT : Kind.JSONL, Path.of(file), bounds);
  }

  public boolean synthetic() {
    return kind == Kind.SYNTHETIC;
  }

  /** How the spec is written: {@code synthetic} or {@code sharegpt:FILE}. */
  @Override
  public String toString() {
    return synthetic() ? "synthetic" : kind.name().toLowerCase(Locale.ROOT) + ":" + file;
  }
}
