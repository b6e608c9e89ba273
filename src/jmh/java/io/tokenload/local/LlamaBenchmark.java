package io.tokenload.local;

import io.tokenload.local.gguf.TinyModel;
import io.tokenload.metrics.RequestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * llama.cpp in-process on {@link TinyModel}'s random-weight llama (128 wide, 2 layers, f32),
 * through {@link LlamaBackend} and the recorder: the cost of prefill against prompt length, and of
 * decoding one token against context length. Real compute, no download; one llama.cpp thread, the
 * fastest setting on a 2-core machine.
 *
 * <p>{@code prefill}: one completion request of exactly {@code inputTokens} prompt tokens (digits,
 * which the tiny vocabulary never merges: one token each, checked at setup) for 1 output token,
 * with the prompt cache off, so every call evaluates the whole prompt. Time per request: prefill
 * plus one sampling step and the fixed hand-off cost (see {@code SimulatedBackendBenchmark}).
 *
 * <p>{@code decode}: {@value #DECODE_TOKENS} tokens after a prompt of {@code contextTokens} tokens,
 * on a backend with the prompt cache on and the same prompt every call, so llama.cpp re-evaluates
 * only the prompt's last token and the measurement is the decode steps. Time per generated token
 * ({@link OperationsPerInvocation}); attention over a longer context makes each step dearer.
 *
 * <p>The model is written to a temporary file at setup. java-llama.cpp leaves a non-daemon native
 * thread behind after {@code close()}, so a forked JVM would wait out JMH's 30 s shutdown timeout:
 * the fork sets it to 1 s, and JMH then halts the VM after its results are in ("shutdown timeout of
 * 1 seconds expired" is expected). Do not run these with {@code -Djmh.forks=0}: the JMH process
 * itself would not exit.
 *
 * <p>Run: {@code mvn jmh:run -Djmh.filter=LlamaBenchmark} ({@code
 * -Djmh.filter=LlamaBenchmark.prefill} for one of the two).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Djmh.shutdownTimeout=1", "-Djmh.shutdownTimeout.step=1"})
public class LlamaBenchmark {

  static final int DECODE_TOKENS = 64;

  /** The tiny model on disk and two backends: prompt cache off (prefill) and on (decode). */
  @State(Scope.Benchmark)
  public static class Model {
    Path file;
    LlamaBackend cold;
    LlamaBackend cached;

    @Setup(Level.Trial)
    public void open() throws IOException {
      file = Files.createTempFile("tokenload-tiny-", ".gguf");
      TinyModel.write(file, 1);
      LlamaSettings settings = LlamaSettings.tinyModel(file).withContextTokens(1024);
      cold = LlamaBackend.open(settings);
      cached = LlamaBackend.open(settings.withPromptCache(true));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      cold.close();
      cached.close();
      Files.deleteIfExists(file);
    }
  }

  /** A prompt of exactly {@code inputTokens} tokens. */
  @State(Scope.Benchmark)
  public static class Prefill {
    @Param({"16", "64", "256"})
    int inputTokens;

    LocalRequest request;

    @Setup(Level.Trial)
    public void prompt(Model model) {
      request = LocalRequest.completion("prefill", digits(inputTokens, model.cold), 1);
    }
  }

  /** A prompt of {@code contextTokens} tokens that the cached backend keeps in its KV cache. */
  @State(Scope.Benchmark)
  public static class Decode {
    @Param({"16", "256"})
    int contextTokens;

    LocalRequest request;

    @Setup(Level.Trial)
    public void prompt(Model model) {
      request =
          LocalRequest.completion("decode", digits(contextTokens, model.cached), DECODE_TOKENS);
    }
  }

  @Benchmark
  public RequestRecord prefill(Model model, Prefill prefill) {
    return ok(Recorded.start(model.cold, prefill.request).join());
  }

  @Benchmark
  @OperationsPerInvocation(DECODE_TOKENS)
  public RequestRecord decode(Model model, Decode decode) {
    return ok(Recorded.start(model.cached, decode.request).join());
  }

  /** "0123456789…" cut to {@code tokens} characters, one token each under the tiny vocabulary. */
  static String digits(int tokens, LlamaBackend backend) {
    StringBuilder sb = new StringBuilder(tokens);
    for (int i = 0; i < tokens; i++) {
      sb.append((char) ('0' + i % 10));
    }
    int actual = backend.encode(sb.toString()).length;
    if (actual != tokens) {
      throw new IllegalStateException(
          "a prompt of "
              + tokens
              + " digits encodes to "
              + actual
              + " tokens; expected one per digit");
    }
    return sb.toString();
  }

  private static RequestRecord ok(RequestRecord r) {
    if (!r.ok()) {
      throw new IllegalStateException("request failed: " + r.error());
    }
    return r;
  }
}
