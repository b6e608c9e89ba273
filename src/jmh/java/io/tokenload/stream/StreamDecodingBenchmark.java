package io.tokenload.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tokenload.metrics.RequestRecord;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How many stream chunks per second one thread can take through each stage of the stream package:
 * SSE decoding alone, decoding plus {@link ChunkParser}, and the whole {@link StreamRecorder}.
 *
 * <p>The recorder runs on the transport's event loop for every chunk of every concurrent request,
 * so its cost per chunk bounds the load one tokenload process can measure without becoming the
 * bottleneck itself; the target is well over 100,000 chunks/s per core. The input is a vLLM-style
 * chat stream of {@value #CHUNKS} chunks (role chunk, text chunks with continuous usage, a finish
 * chunk, {@code [DONE]}), cut into reads of {@code readBytes} bytes: 1 is the worst case (every
 * line straddles reads), 4096 is several events per read. Scores are per chunk ({@link
 * OperationsPerInvocation}), so ops/s is chunks/s.
 *
 * <p>Run: {@code mvn jmh:run -Djmh.filter=StreamDecodingBenchmark} (set-up in {@code docs/jmh.md}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamDecodingBenchmark {

  static final int CHUNKS = 256;

  @Param({"1", "64", "4096"})
  int readBytes;

  private byte[] stream;

  @Setup
  public void makeStream() {
    StringBuilder sb = new StringBuilder();
    String head =
        "{\"id\":\"chatcmpl-7f3a9c2e\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
            + "\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[{\"index\":0,";
    sb.append("data: ")
        .append(head)
        .append("\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,")
        .append("\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":128,\"total_tokens\":128,")
        .append("\"completion_tokens\":0}}\n\n");
    for (int i = 1; i <= CHUNKS - 2; i++) {
      sb.append("data: ")
          .append(head)
          .append("\"delta\":{\"content\":\" w\u00f6rd")
          .append(i)
          .append(
              "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":128,")
          .append("\"total_tokens\":")
          .append(128 + i)
          .append(",\"completion_tokens\":")
          .append(i)
          .append("}}\n\n");
    }
    sb.append("data: ")
        .append(head)
        .append("\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\"}],")
        .append("\"usage\":{\"prompt_tokens\":128,\"total_tokens\":382,\"completion_tokens\":254}}")
        .append("\n\ndata: [DONE]\n\n");
    stream = sb.toString().getBytes(UTF_8);
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public void decodeSse(Blackhole bh) {
    SseDecoder decoder = new SseDecoder(bh::consume);
    feed(decoder);
    bh.consume(decoder.finish());
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public void decodeAndParseChunks(Blackhole bh) {
    SseDecoder decoder =
        new SseDecoder((type, data, length, id) -> bh.consume(ChunkParser.parse(data, 0, length)));
    feed(decoder);
    bh.consume(decoder.finish());
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public RequestRecord recordRequest() {
    StreamRecorder r = new StreamRecorder("req", "cell", 0, 10, 20, 128, 254, null);
    r.onStatus(200);
    long nanos = 1_000;
    for (int off = 0; off < stream.length; off += readBytes) {
      r.onBytes(nanos += 1_000, stream, off, Math.min(readBytes, stream.length - off));
    }
    r.onEnd(nanos);
    return r.finish();
  }

  private void feed(SseDecoder decoder) {
    for (int off = 0; off < stream.length; off += readBytes) {
      decoder.feed(stream, off, Math.min(readBytes, stream.length - off));
    }
  }
}
