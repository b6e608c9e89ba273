package io.tokenload.tokenizer;

import io.tokenload.testing.TestTokenizers;
import io.tokenload.workload.Dataset;
import io.tokenload.workload.DatasetEntry;
import io.tokenload.workload.Prompt;
import io.tokenload.workload.PromptLengths;
import io.tokenload.workload.SyntheticPrompts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the Qwen3 tokenizer (DJL's binding of Hugging Face tokenizers) counts texts, and how
 * many exact 2,048-token prompts per second {@link SyntheticPrompts} makes with it.
 *
 * <p>Counting bounds how fast a dataset can be measured and filtered, and how fast a client-side
 * token count keeps up with a stream. It is measured on two kinds of text of {@code tokens} tokens:
 * {@code natural}, English prose (the replies of {@code data/prompts/sharegpt-sample.json},
 * repeated), and {@code synthetic}, the random-token text of a synthetic prompt, which has few
 * spaces and long runs for the BPE merges, so it is the harder case. Generation is a decode and an
 * encode of the whole prompt per try, about 2.3 tries a prompt, so a run makes its prompts before
 * the load starts ({@code PreparedPrompts}) rather than on the event loop.
 *
 * <p>Needs the test tokenizers in {@code .cache/tokenizers/} (any {@code mvn test-compile} fetches
 * them). Run from the project root: {@code mvn -q test-compile && mvn -q dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt && java -cp "target/test-classes:target/classes:$(cat
 * target/cp.txt)" org.openjdk.jmh.Main TokenizerBenchmark}; add {@code -f 1 -wi 2 -i 3 -w 1s -r 1s}
 * for a quick look.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenizerBenchmark {

  /** A text of {@code tokens} Qwen3 tokens of one {@code kind}. */
  @State(Scope.Benchmark)
  public static class Text {
    @Param({"128", "512", "2048", "4096"})
    int tokens;

    @Param({"natural", "synthetic"})
    String kind;

    Tokenizer qwen;
    String text;

    @Setup
    public void make() {
      qwen = TestTokenizers.qwen3();
      text = kind.equals("natural") ? natural(qwen, tokens) : synthetic(qwen, tokens);
      if (qwen.count(text) != tokens) {
        throw new IllegalStateException(
            kind + " text is " + qwen.count(text) + " tokens, not " + tokens);
      }
    }
  }

  /** Exact 2,048-token prompts, a new one per call. */
  @State(Scope.Thread)
  public static class Prompts {
    SyntheticPrompts prompts;
    long index;

    @Setup
    public void make() {
      prompts = new SyntheticPrompts(TestTokenizers.qwen3(), PromptLengths.exactly(2048), 1);
      prompts.prompt(0); // the ordinary-id list is built on first use
    }
  }

  @Benchmark
  public int countTokens(Text t) {
    return t.qwen.count(t.text);
  }

  @Benchmark
  public Prompt exactPrompt2048(Prompts p) {
    return p.prompts.prompt(p.index++);
  }

  static String synthetic(Tokenizer qwen, int tokens) {
    return new SyntheticPrompts(qwen, PromptLengths.exactly(tokens), 5).prompt(0).text();
  }

  /** Prose cut to exactly {@code tokens} tokens at the first cut that re-encodes to that. */
  static String natural(Tokenizer qwen, int tokens) {
    Dataset sample = Dataset.read(Path.of("data/prompts/sharegpt-sample.json"));
    StringBuilder prose = new StringBuilder();
    while (qwen.count(prose.toString()) < tokens + 64) {
      for (DatasetEntry e : sample.entries()) {
        prose.append(e.reply()).append(' ');
      }
    }
    int[] ids = qwen.encode(prose.toString());
    for (int cut = Math.max(1, tokens - 2); cut < ids.length; cut++) {
      String text = qwen.decode(Arrays.copyOf(ids, cut)).strip();
      if (qwen.count(text) == tokens) {
        return text;
      }
    }
    throw new IllegalStateException("no prose of exactly " + tokens + " tokens");
  }
}
