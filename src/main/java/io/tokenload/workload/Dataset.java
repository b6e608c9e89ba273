package io.tokenload.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The prompts of a dataset file, read in full and in file order; sample them with {@link
 * DatasetPrompts}.
 *
 * @param file the file read
 * @param entries its usable prompts
 * @param skipped conversations left out because they give no prompt (see {@link #read})
 */
public record Dataset(Path file, List<DatasetEntry> entries, int skipped) {

  public Dataset {
    Objects.requireNonNull(file, "file");
    entries = List.copyOf(entries);
  }

  /**
   * Reads {@code file} by its extension: {@code .json} is ShareGPT (an array of {@code
   * {"conversations": [{"from": "human", "value": …}, {"from": "gpt", "value": …}]}}, the first
   * turn the prompt and the second's length the output length; conversations with fewer than two
   * turns or not opened by a user are skipped and counted), {@code .jsonl} is one {@code {"prompt":
   * …}} per line with an optional {@code "output_tokens"}.
   *
   * @throws DatasetException when the file is missing, of another kind, malformed (naming the line
   *     or conversation and what is wrong) or holds no prompt
   */
  public static Dataset read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(
          file, null, Files.exists(file) ? "is not a file" : "does not exist");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    Dataset dataset;
    if (name.endsWith(".jsonl")) {
      dataset = JsonlPromptReader.read(file);
    } else if (name.endsWith(".json")) {
      dataset = ShareGptReader.read(file);
    } else {
      throw new DatasetException(
          file,
          null,
          "has an unknown kind; expected a .json file (ShareGPT: "
              + ShareGptReader.EXPECTED
              + ") or a .jsonl file ("
              + JsonlPromptReader.EXPECTED
              + ")");
    }
    if (dataset.entries().isEmpty()) {
      throw new DatasetException(
          file,
          null,
          "holds no usable prompt"
              + (dataset.skipped() > 0
                  ? " ("
                      + dataset.skipped()
                      + " conversations skipped: fewer than two turns, or not opened by a user)"
                  : ""));
    }
    return dataset;
  }
}
