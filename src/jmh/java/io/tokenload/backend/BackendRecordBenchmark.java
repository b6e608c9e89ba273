package io.tokenload.backend;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.RecordingListener;
import io.tokenload.stream.StreamRecorder;
import io.tokenload.transport.Redactor;
import io.tokenload.transport.StreamLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * The client's cost of one whole response in each protocol: its documented stream sample (the test
 * resources {@code io/tokenload/backend/samples/}, 3 to 8 events) through the {@link
 * StreamRecorder} in that backend's format, in one read. The OpenAI family goes through {@link
 * io.tokenload.stream.ChunkParser}'s streaming parse; the others through a Jackson tree per event,
 * so their per-event cost is higher: this shows by how much. Scores are responses/s; divide by the
 * sample's event count for events/s.
 *
 * <p>Run: {@code mvn jmh:run -Djmh.filter=BackendRecordBenchmark} (set-up in {@code docs/jmh.md}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BackendRecordBenchmark {

  @Param({
    "openai-chat:openai-chat.sse",
    "openai-responses:openai-responses.sse",
    "anthropic:anthropic.sse",
    "gemini:gemini.sse",
    "ollama:ollama.ndjson",
    "tgi:tgi.sse",
    "sglang:sglang.sse",
    "triton:triton.sse"
  })
  String sample;

  private Backend backend;
  private byte[] body;
  private String contentType;

  @Setup
  public void load() {
    String[] parts = sample.split(":");
    backend = Backends.named(parts[0], "benchmark");
    contentType = parts[1].endsWith(".ndjson") ? "application/x-ndjson" : "text/event-stream";
    try (InputStream in =
        BackendRecordBenchmark.class.getResourceAsStream(
            "/io/tokenload/backend/samples/" + parts[1])) {
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public RequestRecord recordResponse() {
    RecordingListener.Asked asked =
        new RecordingListener.Asked(
            "r",
            "c",
            0,
            0,
            -1,
            16,
            null,
            StreamLimits.DEFAULTS,
            Redactor.NONE,
            backend.format(),
            true,
            false);
    StreamRecorder recorder = new StreamRecorder(asked, 1);
    recorder.onStatus(200);
    recorder.onHeaders(1, contentType, null, null);
    recorder.onBytes(2, body, 0, body.length);
    recorder.onEnd(3);
    return recorder.finish();
  }
}
