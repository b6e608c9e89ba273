package io.tokenload.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.SplittableRandom;

/**
 * Continuous batching, step by step: the scheduling core of the engine mode. It decides which
 * sequences run, how long each step takes ({@link EngineModel}) and who gets a token at its end. It
 * has no thread and no timer of its own: {@link EngineLoop} calls {@link #advance()} when the step
 * in progress is due, and tests call it with a scripted {@link Ticker}.
 *
 * <p>Each call to {@link #advance()} first completes the step in progress, if it is due: every
 * sequence in it gains its token (or its prefill chunk, the last of which brings the first token),
 * and finished sequences leave the batch and free their KV reservation. Then it starts the next
 * step: sequences are admitted from the FIFO while the batch has room and the head's prompt plus
 * {@code max_tokens} fits in the KV budget (the head blocks those behind it, as in vLLM's
 * first-come-first-served policy); every decoding sequence takes one token of the step's budget and
 * the prefilling ones, oldest first, share the rest. The next step starts when the previous one
 * ends, not when the loop woke up, so time spent late does not accumulate; after a stall of more
 * than {@link #MAX_LAG_NANOS} the engine restarts from the present instead of catching up.
 *
 * <p>Not thread-safe: one thread drives it. Jitter comes from a {@link SplittableRandom} seeded at
 * construction, so the same arrivals give the same timeline.
 */
final class Engine {

  static final long MAX_LAG_NANOS = 100_000_000L;

  private static final System.Logger LOG = System.getLogger(Engine.class.getName());

  private final EngineModel model;
  private final Ticker ticker;
  private final SplittableRandom random;
  private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
  private final ArrayList<Sequence> running = new ArrayList<>();
  private final ArrayList<Sequence> step = new ArrayList<>();
  private long reservedTokens;
  private long kvTokens;
  private boolean stepping;
  private long stepEndNanos;
  private long steps;
  private final EngineMetrics metrics;

  Engine(EngineModel model, long seed, Ticker ticker) {
    this.model = model;
    this.ticker = ticker;
    this.random = new SplittableRandom(seed);
    this.metrics = new EngineMetrics(model.kvBudgetTokens());
  }

  /** The engine's Prometheus metrics, under vLLM's names. */
  EngineMetrics metrics() {
    return metrics;
  }

  EngineModel model() {
    return model;
  }

  /** Queues a sequence; it joins the batch at the start of a later step. */
  void submit(Sequence sequence) {
    if (sequence.reservedTokens > model.kvBudgetTokens()) {
      // The HTTP layer refuses these first; a sequence that can never fit must not block the FIFO.
      throw new IllegalArgumentException(
          sequence + " reserves " + sequence.reservedTokens + " KV tokens, more than the budget");
    }
    sequence.arrivedNanos = ticker.nanoTime();
    waiting.add(sequence);
    publish();
  }

  /** Drops a sequence whose client went away, freeing its place in the batch at once. */
  void cancel(Sequence sequence) {
    if (sequence.ended) {
      return;
    }
    sequence.ended = true;
    if (sequence.running) {
      release(sequence);
      running.remove(sequence);
    } else {
      waiting.remove(sequence);
    }
    publish();
  }

  /**
   * Completes the step in progress if it is due, then starts the next one if there is work.
   *
   * @return true while a step is in progress; call again at {@link #stepEndNanos()}
   */
  boolean advance() {
    long now = ticker.nanoTime();
    long start = now;
    if (stepping) {
      if (now - stepEndNanos < 0) {
        return true;
      }
      completeStep();
      start = now - stepEndNanos > MAX_LAG_NANOS ? now : stepEndNanos;
    }
    stepping = startStep(start);
    publish();
    return stepping;
  }

  private void publish() {
    metrics.gauges(running.size(), waiting.size(), reservedTokens);
  }

  boolean stepping() {
    return stepping;
  }

  /** When the step in progress ends; meaningful only while {@link #stepping()}. */
  long stepEndNanos() {
    return stepEndNanos;
  }

  int runningCount() {
    return running.size();
  }

  int waitingCount() {
    return waiting.size();
  }

  /** KV tokens reserved by the running sequences: their prompts plus their output caps. */
  long reservedTokens() {
    return reservedTokens;
  }

  /** Steps started since construction. */
  long steps() {
    return steps;
  }

  private boolean startStep(long startNanos) {
    admit(startNanos);
    if (running.isEmpty()) {
      return false;
    }
    int budget = model.maxBatchedTokens();
    for (Sequence s : running) {
      if (s.prefillDone()) {
        step.add(s);
        budget--;
      }
    }
    int prefillTokens = 0;
    for (int i = 0; i < running.size() && budget > 0; i++) {
      Sequence s = running.get(i);
      if (!s.prefillDone()) {
        int chunk = Math.min(s.promptTokens - s.prefilled, budget);
        s.scheduledPrefill = chunk;
        step.add(s);
        budget -= chunk;
        prefillTokens += chunk;
      }
    }
    long nanos = model.stepNanos(step.size(), kvTokens, prefillTokens);
    if (model.stepJitter() > 0) {
      nanos = Math.round(nanos * (1 + model.stepJitter() * (2 * random.nextDouble() - 1)));
    }
    stepEndNanos = startNanos + nanos;
    steps++;
    return true;
  }

  private void admit(long nowNanos) {
    while (!waiting.isEmpty() && running.size() < model.maxBatch()) {
      Sequence head = waiting.peek();
      if (reservedTokens + head.reservedTokens > model.kvBudgetTokens()) {
        return;
      }
      waiting.poll();
      head.running = true;
      running.add(head);
      reservedTokens += head.reservedTokens;
      metrics.admitted(head.promptTokens, nowNanos - head.arrivedNanos);
    }
  }

  private void completeStep() {
    boolean someFinished = false;
    for (Sequence s : step) {
      if (s.ended) {
        continue; // cancelled during the step
      }
      boolean gained = true;
      if (s.scheduledPrefill > 0) {
        s.prefilled += s.scheduledPrefill;
        kvTokens += s.scheduledPrefill;
        metrics.prefilled(s.scheduledPrefill);
        s.scheduledPrefill = 0;
        gained = s.prefillDone() && s.outputTokens > 0; // the last prefill chunk samples a token
      }
      if (gained) {
        s.generated++;
        kvTokens++;
        metrics.generated(s.generated == 1, stepEndNanos - s.arrivedNanos);
      }
      boolean finished = s.prefillDone() && s.generated == s.outputTokens;
      if (finished) {
        s.ended = true;
        release(s);
        someFinished = true;
        metrics.finished();
      }
      if (gained || finished) {
        notify(s, finished);
      }
    }
    step.clear();
    if (someFinished) {
      running.removeIf(s -> s.ended);
    }
  }

  private void release(Sequence s) {
    s.running = false;
    reservedTokens -= s.reservedTokens;
    kvTokens -= s.kvTokens();
  }

  private void notify(Sequence s, boolean finished) {
    try {
      s.sink.progress(s.generated, finished, stepEndNanos);
    } catch (RuntimeException e) { // a closing event loop refuses tasks; the engine carries on
      LOG.log(System.Logger.Level.DEBUG, "A sequence's sink failed", e);
    }
  }
}
