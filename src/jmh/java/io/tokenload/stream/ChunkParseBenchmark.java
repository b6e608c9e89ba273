package io.tokenload.stream;

import java.nio.charset.StandardCharsets;
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
 * What {@link ChunkParser#parse(byte[], int, int)} costs per chunk, against the text a chunk
 * carries.
 *
 * <p>{@code StreamDecodingBenchmark} measures the parser inside the whole decoding pipeline with
 * one-word chunks; this one isolates it and grows the chunk: {@code contentWords} words in {@code
 * delta.content} (1 is a token per chunk, 16 and 256 what servers send under speculative decoding,
 * with {@code stream_interval}, or when a client is slow to read). The parser skips what it does
 * not need, so the cost should grow with the content string only. Every chunk is a vLLM chat chunk
 * with running usage, the most that tokenload reads from one payload.
 *
 * <p>The payloads rotate through {@value #PAYLOADS} distinct strings (ids and counts differ) so the
 * JIT cannot specialise on one constant input; the returned {@link Chunk} goes to JMH's blackhole.
 * Average time per parse, in nanoseconds.
 *
 * <p>Run: {@code mvn jmh:run -Djmh.filter=ChunkParseBenchmark} (add {@code
 * -Djmh.params=contentWords=1} for one size, {@code -Djmh.profilers=gc} for allocation per parse).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkParseBenchmark {

  static final int PAYLOADS = 64;

  @Param({"1", "16", "256"})
  int contentWords;

  private byte[][] payloads;
  private int next;

  @Setup
  public void makePayloads() {
    payloads = new byte[PAYLOADS][];
    for (int p = 0; p < PAYLOADS; p++) {
      StringBuilder content = new StringBuilder();
      for (int w = 0; w < contentWords; w++) {
        content.append(" w\u00f6rd").append((p * 31 + w) % 1000);
      }
      int completion = 1 + p * contentWords;
      payloads[p] =
          ("{\"id\":\"chatcmpl-7f3a9c2e"
                  + p
                  + "\",\"object\":\"chat.completion.chunk\","
                  + "\"created\":1718000000,\"model\":\"meta-llama/Llama-3.1-8B-Instruct\","
                  + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                  + content
                  + "\"},"
                  + "\"logprobs\":null,\"finish_reason\":null}],"
                  + "\"usage\":{\"prompt_tokens\":128,\"total_tokens\":"
                  + (128 + completion)
                  + ",\"completion_tokens\":"
                  + completion
                  + "}}")
              .getBytes(StandardCharsets.UTF_8);
    }
  }

  @Benchmark
  public Chunk parse() {
    byte[] payload = payloads[next];
    next = (next + 1) % PAYLOADS;
    return ChunkParser.parse(payload, 0, payload.length); // as the stream path calls it
  }
}
