package io.tokenload.local;

import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.transport.StreamListener;
import io.tokenload.workload.Api;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The embedded target's behaviour without HTTP: streams word tokens on a fixed schedule, so the
 * recorder, metrics and reports can be exercised (and their overhead measured) with no sockets.
 *
 * <p><b>Timing.</b> As the embedded target's: token {@code t} (0-based) is due at {@code stream
 * call + timeToFirstToken + t * interTokenLatency}; a chunk is due when its last token is; chat's
 * role chunk goes out with the first token. The schedule is absolute, so a late turn catches up
 * instead of pushing later tokens back. One daemon thread runs every stream; a turn sends at most
 * {@value #MAX_CHUNKS_PER_TURN} chunks before letting other streams go.
 *
 * <p><b>Text.</b> Each token is a space and one {@link WordTokenizer} word drawn from the request
 * id, so the output re-tokenizes to exactly its token count. Prompt tokens are the prompt's words;
 * chat adds a ChatML template's tokens: 4 around each message and 3 to open the reply ({@value
 * #CHAT_TEMPLATE_TOKENS} for one message). Generation always runs to {@code maxTokens} ({@code
 * finish_reason: length}): this model has no end-of-sequence token.
 *
 * <p><b>Scripted text.</b> Given a script ({@link #scripted}), each answer is the script's text for
 * the request instead, one token per word (with its leading space) or CJK character, ending with
 * {@code finish_reason: stop} when it fits in {@code maxTokens} and cut there ({@code length}) when
 * not. The timing is the same.
 */
public final class SimulatedBackend implements LocalBackend {

  static final int MAX_CHUNKS_PER_TURN = 16;
  static final int TEMPLATE_TOKENS_PER_MESSAGE = 4;
  static final int TEMPLATE_TOKENS_FOR_REPLY = 3;

  /** The template's tokens around one message. */
  static final int CHAT_TEMPLATE_TOKENS = TEMPLATE_TOKENS_PER_MESSAGE + TEMPLATE_TOKENS_FOR_REPLY;

  /**
   * How fast the simulated model generates.
   *
   * @param timeToFirstToken from the {@code stream} call to the first token
   * @param interTokenLatency between consecutive tokens
   * @param tokensPerChunk tokens carried by each chunk (the last may carry fewer)
   */
  public record Timing(Duration timeToFirstToken, Duration interTokenLatency, int tokensPerChunk) {

    public Timing {
      requireDelay("timeToFirstToken", timeToFirstToken);
      requireDelay("interTokenLatency", interTokenLatency);
      if (tokensPerChunk < 1 || tokensPerChunk > 4096) {
        throw new IllegalArgumentException(
            "Timing.tokensPerChunk was " + tokensPerChunk + ", must be between 1 and 4096");
      }
    }

    /** No delays, one token per chunk: what per-request overhead is measured with. */
    public static Timing immediate() {
      return new Timing(Duration.ZERO, Duration.ZERO, 1);
    }

    private static void requireDelay(String field, Duration d) {
      Objects.requireNonNull(d, field);
      if (d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "Timing." + field + " was " + d + ", must be between 0 and 1 hour");
      }
    }
  }

  private final String model;
  private final Timing timing;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Set<Stream> live = ConcurrentHashMap.newKeySet();
  private final Function<LocalRequest, String> script;

  public SimulatedBackend(String model, Timing timing) {
    this(model, timing, null);
  }

  /** A backend answering each request with {@code script}'s text for it (an {@link AnswerBook}). */
  public static SimulatedBackend scripted(
      String model, Timing timing, Function<LocalRequest, String> script) {
    return new SimulatedBackend(model, timing, Objects.requireNonNull(script, "script"));
  }

  private SimulatedBackend(String model, Timing timing, Function<LocalRequest, String> script) {
    this.script = script;
    this.model = Objects.requireNonNull(model, "model");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "simulated-backend");
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public Cancellable stream(LocalRequest request, StreamListener listener) {
    Stream stream = new Stream(request, listener, System.nanoTime());
    live.add(stream);
    try {
      scheduler.execute(stream::start);
    } catch (RejectedExecutionException e) {
      live.remove(stream);
      throw new IllegalStateException("SimulatedBackend " + model + " is closed", e);
    }
    return stream;
  }

  /** Stops the scheduler; streams in flight end with {@code onFailure}, on the closing thread. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "SimulatedBackend "
                + model
                + ": a listener kept the scheduler busy for 10 s after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    // The scheduler has terminated, so nothing else touches these streams any more.
    for (Stream stream : live) {
      stream.fail("SimulatedBackend closed");
    }
  }

  /** One response's state; touched only by the scheduler thread (or by close, after it). */
  private final class Stream implements Runnable, Cancellable {
    private final LocalRequest request;
    private final StreamListener listener;
    private final long sentNanos;
    private final long firstTokenDueNanos;
    private final int chunks;
    private final List<String> scripted;
    private final int tokens;
    private ChunkEncoder encoder;
    private boolean sent;
    private int nextChunk;

    Stream(LocalRequest request, StreamListener listener, long sentNanos) {
      this.request = request;
      this.listener = listener;
      this.sentNanos = sentNanos;
      this.firstTokenDueNanos = sentNanos + timing.timeToFirstToken().toNanos();
      this.scripted = script == null ? null : AnswerBook.pieces(script.apply(request));
      this.tokens =
          scripted == null ? request.maxTokens() : Math.min(scripted.size(), request.maxTokens());
      this.chunks = (tokens + timing.tokensPerChunk() - 1) / timing.tokensPerChunk();
    }

    @Override
    public void cancel() {
      try {
        scheduler.execute(() -> fail("cancelled"));
      } catch (RejectedExecutionException e) {
        // close() is running; it fails this stream once the scheduler has stopped.
      }
    }

    void start() {
      if (!live.contains(this)) {
        return; // cancelled before it started
      }
      try {
        sent = true;
        listener.onSent(sentNanos);
        listener.onStatus(System.nanoTime(), 200);
        long created = System.currentTimeMillis() / 1000;
        encoder = new ChunkEncoder(request, model, created, promptTokens());
      } catch (RuntimeException e) {
        fail("listener failed: " + e);
        return;
      }
      run();
    }

    /** One turn: send every chunk that is due (at most a fair share), then wait for the next. */
    @Override
    public void run() {
      if (!live.contains(this)) {
        return; // cancelled
      }
      try {
        long now = System.nanoTime();
        if (nextChunk == 0 && now - firstTokenDueNanos >= 0) {
          encoder.role(listener);
        }
        int turn = 0;
        while (nextChunk < chunks
            && now - dueNanos(nextChunk) >= 0
            && turn++ < MAX_CHUNKS_PER_TURN) {
          int to = tokensAfter(nextChunk);
          encoder.text(text(nextChunk * timing.tokensPerChunk(), to), to, listener);
          nextChunk++;
        }
        if (nextChunk == chunks) {
          boolean whole = scripted != null && tokens == scripted.size();
          encoder.finish(whole ? "stop" : "length", tokens, listener);
          encoder.end(tokens, listener);
          live.remove(this);
          listener.onEnd(System.nanoTime());
          return;
        }
      } catch (RuntimeException e) {
        fail("listener failed: " + e);
        return;
      }
      long delay = dueNanos(nextChunk) - System.nanoTime();
      try {
        scheduler.schedule(this, Math.max(0, delay), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // close() is running; it fails this stream once the scheduler has stopped.
      }
    }

    /** Ends the stream with {@code onFailure}, once. */
    void fail(String reason) {
      if (!live.remove(this)) {
        return;
      }
      if (!sent) {
        sent = true;
        listener.onSent(sentNanos);
      }
      listener.onFailure(System.nanoTime(), reason);
    }

    private int promptTokens() {
      WordTokenizer words = WordTokenizer.instance();
      if (request.api() != Api.CHAT) {
        return words.count(request.prompt());
      }
      int tokens = TEMPLATE_TOKENS_FOR_REPLY;
      for (LocalRequest.Message message : request.messages()) {
        tokens += TEMPLATE_TOKENS_PER_MESSAGE + words.count(message.content());
      }
      return tokens;
    }

    private int tokensAfter(int chunk) {
      return Math.min((chunk + 1) * timing.tokensPerChunk(), tokens);
    }

    private long dueNanos(int chunk) {
      return firstTokenDueNanos + (tokensAfter(chunk) - 1L) * timing.interTokenLatency().toNanos();
    }

    /** Tokens {@code from} (inclusive) to {@code to} (exclusive): a space and a word each. */
    private String text(int from, int to) {
      if (scripted != null) {
        return String.join("", scripted.subList(from, to));
      }
      WordTokenizer words = WordTokenizer.instance();
      StringBuilder sb = new StringBuilder((to - from) * 8);
      long seed = request.requestId().hashCode();
      for (int i = from; i < to; i++) {
        long pick = Long.remainderUnsigned(mix(seed * 31 + i), words.vocabularySize() - 1);
        sb.append(' ').append(words.word(1 + (int) pick));
      }
      return sb.toString();
    }
  }

  /** SplitMix64's finalizer: a cheap, well-spread 64-bit mix. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
