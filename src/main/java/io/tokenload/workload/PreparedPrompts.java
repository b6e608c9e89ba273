package io.tokenload.workload;

import java.util.Objects;

/**
 * Another source's first prompts, made ahead of the run. Exact prompts in a real tokenizer take
 * milliseconds each (a decode and an encode per try); made on the transport's event loop they would
 * delay sends and show up as client lag, so a run makes them before the load starts. Prompts beyond
 * the prepared ones are made on demand.
 */
public final class PreparedPrompts implements PromptSource {

  private final PromptSource source;
  private final Prompt[] prepared;

  private PreparedPrompts(PromptSource source, Prompt[] prepared) {
    this.source = source;
    this.prepared = prepared;
  }

  /**
   * Makes prompts 0 to {@code count − 1} of {@code source} now, on this thread.
   *
   * @throws InexactPromptException when one of them cannot be made exact
   */
  public static PreparedPrompts first(PromptSource source, int count) {
    Objects.requireNonNull(source, "source");
    if (count < 0) {
      throw new IllegalArgumentException("count was " + count + ", must be 0 or more");
    }
    Prompt[] prepared = new Prompt[count];
    for (int i = 0; i < count; i++) {
      prepared[i] = source.prompt(i);
    }
    return new PreparedPrompts(source, prepared);
  }

  @Override
  public Prompt prompt(long index) {
    return index >= 0 && index < prepared.length ? prepared[(int) index] : source.prompt(index);
  }
}
