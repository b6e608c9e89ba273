package io.tokenload.workload;

import java.util.Objects;

/**
 * One prompt read from a dataset, before sampling.
 *
 * @param source where it was read, such as {@code sharegpt.json[17]} or {@code prompts.jsonl:5}
 * @param prompt the prompt text
 * @param reply the reference reply whose length sets the output length (ShareGPT's second turn), or
 *     null
 * @param outputTokens the output length the file gives ({@code output_tokens}), or -1
 */
public record DatasetEntry(String source, String prompt, String reply, int outputTokens) {

  public DatasetEntry {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(prompt, "prompt");
  }
}
