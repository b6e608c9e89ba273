package io.tokenload.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the embedded target can serve, so that a load test knows when the target, not the system
 * under test, is the limit.
 *
 * <p>{@link #streamTokens}: tokens per second the target streams at zero delay (the {@code fixed}
 * preset, one token per chunk, the costliest framing) to 64 concurrent streams. The client is as
 * thin as a client can be: one blocking JDK socket per JMH thread, keep-alive, reading bytes until
 * the chunked body's terminator without parsing them, so the figure is the server's (sharing the
 * machine's cores with this client). Each operation is one {@value #TOKENS}-token streamed
 * completion; {@link OperationsPerInvocation} makes ops/s tokens/s.
 *
 * <p>{@link #engineStep}: the cost of one step of the engine model's scheduling ({@link
 * Engine#advance()}: complete a step, hand out {@code batch} tokens, start the next) with a
 * scripted clock and no-op sinks. A real step lasts milliseconds (7 ms for {@code 8b-h100} at batch
 * 1), so this shows how little of it the simulation itself uses. Finished sequences are
 * resubmitted, so the batch stays full and prefills keep mixing in.
 *
 * <p>Run: {@code mvn -o -q test-compile} (JMH's annotation processor runs on src/jmh/java), {@code
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt}, then {@code java -cp
 * target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main TargetCapacity}. Add {@code
 * -wi 1 -i 3 -r 3s} for a short run. Results are in docs/performance.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TargetCapacityBenchmark {

  static final int TOKENS = 256;
  static final int STREAMS = 64;

  /** One target for all client threads: the fixed preset, no delays. */
  @State(Scope.Benchmark)
  public static class Target {
    TargetServer server;

    @Setup(Level.Trial)
    public void start() {
      server = TargetServer.start(TargetSettings.defaults());
    }

    @TearDown(Level.Trial)
    public void stop() {
      server.close();
    }
  }

  /** One keep-alive connection per client thread. */
  @State(Scope.Thread)
  public static class Client {
    private static final byte[] END = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The protocol streamed: {@code openai} (text completions, the default and the figure in
     * docs/performance.md) or one of the target's other protocols, to see what their encoders cost.
     */
    @Param({"openai"})
    String protocol;

    Socket socket;
    InputStream in;
    OutputStream out;
    byte[] request;
    final byte[] buffer = new byte[64 * 1024];

    @Setup(Level.Trial)
    public void connect(Target target) throws IOException {
      socket = new Socket(target.server.settings().host(), target.server.port());
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out = socket.getOutputStream();
      String[] pathAndBody = request(protocol);
      String body = pathAndBody[1];
      request =
          ("POST "
                  + pathAndBody[0]
                  + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.US_ASCII);
    }

    /** The path and the streamed request of {@value #TOKENS} tokens in {@code protocol}. */
    static String[] request(String protocol) {
      String n = Integer.toString(TOKENS);
      String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"capacity\"}]";
      return switch (protocol) {
        case "openai" ->
            new String[] {
              "/v1/completions",
              "{\"prompt\":\"capacity\",\"max_tokens\":"
                  + n
                  + ",\"ignore_eos\":true,\"stream\":true}"
            };
        case "ollama" ->
            new String[] {
              "/api/chat",
              "{\"model\":\"tokenload-sim\","
                  + messages
                  + ",\"options\":{\"num_predict\":"
                  + n
                  + "},\"ignore_eos\":true}"
            };
        case "anthropic" ->
            new String[] {
              "/v1/messages",
              "{\"model\":\"tokenload-sim\",\"max_tokens\":"
                  + n
                  + ",\"stream\":true,"
                  + messages
                  + ",\"ignore_eos\":true}"
            };
        case "tgi" ->
            new String[] {
              "/generate_stream",
              "{\"inputs\":\"capacity\",\"parameters\":{\"max_new_tokens\":"
                  + n
                  + "},\"ignore_eos\":true}"
            };
        case "gemini" ->
            new String[] {
              "/v1beta/models/tokenload-sim:streamGenerateContent?alt=sse",
              "{\"contents\":[{\"parts\":[{\"text\":\"capacity\"}]}],"
                  + "\"generationConfig\":{\"maxOutputTokens\":"
                  + n
                  + "},\"ignore_eos\":true}"
            };
        case "responses" ->
            new String[] {
              "/v1/responses",
              "{\"model\":\"tokenload-sim\",\"input\":\"capacity\",\"max_output_tokens\":"
                  + n
                  + ",\"stream\":true,\"ignore_eos\":true}"
            };
        default ->
            throw new IllegalArgumentException(
                "protocol "
                    + protocol
                    + "; use openai, ollama, anthropic, tgi, gemini or responses");
      };
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      socket.close();
    }

    /** Sends one request and reads its response to the end; returns the bytes read. */
    long exchange() throws IOException {
      out.write(request);
      out.flush();
      long total = 0;
      int matched = 0; // bytes of END matched so far, across reads
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException("the target closed the connection");
        }
        total += n;
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          matched = b == END[matched] ? matched + 1 : (b == END[0] ? 1 : 0);
          if (matched == END.length) {
            return total;
          }
        }
      }
    }
  }

  @Benchmark
  @Threads(STREAMS)
  @OperationsPerInvocation(TOKENS)
  public long streamTokens(Client client) throws IOException {
    return client.exchange();
  }

  /** An engine kept full of {@code batch} sequences, on a scripted clock. */
  @State(Scope.Thread)
  public static class Batch {
    @Param({"1", "16", "64", "256"})
    int batch;

    long now;
    Engine engine;

    @Setup(Level.Trial)
    public void fill() {
      EngineModel model = EngineModel.H100_8B.withKvBudgetTokens(EngineModel.MAX_KV_TOKENS);
      engine = new Engine(model, 1, () -> now);
      for (int i = 0; i < batch; i++) {
        engine.submit(sequence());
      }
      for (int i = 0; i < 10; i++) { // past the prefills
        engine.advance();
        now = engine.stepEndNanos();
      }
    }

    Sequence sequence() {
      return new Sequence(
          128,
          1024,
          1024,
          (generated, finished, at) -> {
            if (finished) {
              engine.submit(sequence()); // keep the batch full
            }
          });
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean engineStep(Batch state) {
    state.now = state.engine.stepEndNanos();
    return state.engine.advance();
  }
}
