package io.tokenload.trace;

import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.workload.Prompt;
import io.tokenload.workload.PromptSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A trace's prompts, built from its {@code hash_ids}: each id is a block of {@code blockTokens}
 * words drawn from a generator seeded by the id, so the same id is the same text in every request
 * that has it and a prefix cache sees the trace's shared prefixes. A prompt is its blocks in order,
 * cut to {@code input_length} words (the last block is usually partial) or topped up with words of
 * its own when the blocks are too few. Words are the {@code words} tokenizer's, one token each:
 * exact on the embedded target, approximate on a real server.
 */
public final class TracePrompts implements PromptSource {

  private final List<TraceEntry> entries;
  private final int blockTokens;
  private final int templateOverheadTokens;
  private final ConcurrentMap<Long, String[]> blocks = new ConcurrentHashMap<>();

  public TracePrompts(List<TraceEntry> entries, int blockTokens, int templateOverheadTokens) {
    if (blockTokens < 1) {
      throw new IllegalArgumentException(
          "block tokens were " + blockTokens + ", must be at least 1");
    }
    this.entries = List.copyOf(entries);
    this.blockTokens = blockTokens;
    this.templateOverheadTokens = templateOverheadTokens;
  }

  @Override
  public Prompt prompt(long index) {
    TraceEntry e = entries.get((int) index);
    StringBuilder text = new StringBuilder();
    int words = 0;
    for (long id : e.hashIds()) {
      for (String w : block(id)) {
        if (words == e.inputLength()) {
          break;
        }
        append(text, w);
        words++;
      }
    }
    // Words of this request alone: seeded by its line, never by a hash id.
    SplittableRandom own = new SplittableRandom(~(long) e.line());
    while (words < e.inputLength()) {
      append(text, word(own));
      words++;
    }
    return new Prompt(text.toString(), e.inputLength() + templateOverheadTokens, e.outputLength());
  }

  private String[] block(long id) {
    return blocks.computeIfAbsent(
        id,
        k -> {
          SplittableRandom random = new SplittableRandom(k * 0x9E3779B97F4A7C15L);
          String[] out = new String[blockTokens];
          for (int i = 0; i < blockTokens; i++) {
            out[i] = word(random);
          }
          return out;
        });
  }

  private static String word(SplittableRandom random) {
    return WordTokenizer.instance().decode(new int[] {1 + random.nextInt(4096)});
  }

  private static void append(StringBuilder text, String word) {
    if (text.length() > 0) {
      text.append(' ');
    }
    text.append(word);
  }
}
