package io.tokenload.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.drive.DrivenRun;
import io.tokenload.eval.Answer;
import io.tokenload.eval.AnswerListener;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.RunReport;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.RequestFactory;
import io.tokenload.workload.SyntheticPrompts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Multi-turn sessions: {@code sessions} conversations of {@code turns} turns, {@code concurrency}
 * conversations at a time. Each turn adds a user message of {@code inputTokens} words to the
 * conversation so far (every earlier user message and the server's actual reply) and asks for
 * {@code outputTokens}; after a reply the conversation thinks {@code thinkMs} before its next turn.
 * A turn's intended time is when its think time ended, so lateness shows as send lag.
 *
 * <p>The run folder is an ordinary one whose cells are the turns ({@code turn1} …): per-turn TTFT,
 * the prompt tokens the server reported served from its prefix cache ({@code
 * usage.prompt_tokens_details.cached_tokens}) and the hit rate come from the post-processor ({@code
 * tokens.prefix_cache}); {@code sessions.json} gathers them per turn.
 */
public final class SessionRun {

  /** The shape of the sessions. */
  public record Settings(
      int sessions,
      int turns,
      int concurrency,
      int inputTokens,
      int outputTokens,
      double thinkMs,
      long seed) {}

  /**
   * One turn's prefix-cache figures over every session.
   *
   * @param reported requests whose usage reported cached tokens; prompt and cached tokens are
   *     theirs
   * @param hitRate cached over prompt tokens, null when the server reported no cached counts
   */
  public record TurnCache(
      String turn,
      long requests,
      @JsonProperty("prompt_tokens") long promptTokens,
      @JsonProperty("cached_tokens") long cachedTokens,
      @JsonProperty("reported") long reported,
      @JsonProperty("hit_rate") Double hitRate,
      @JsonProperty("ttft_p50_ms") Double ttftP50Ms) {}

  public static final String FILE = "sessions.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Settings s;
  private final Endpoint endpoint;
  private final List<CellSpec> cells = new ArrayList<>();
  private final List<RequestFactory> factories = new ArrayList<>();
  private final List<SyntheticPrompts> prompts = new ArrayList<>();
  private final StreamClient client = StreamClient.create(1);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  private SessionRun(Settings s, Endpoint endpoint) {
    this.s = s;
    this.endpoint = endpoint;
    for (int t = 1; t <= s.turns(); t++) {
      CellSpec cell =
          new CellSpec(
              "turn" + t,
              s.inputTokens(),
              s.outputTokens(),
              s.concurrency(),
              s.sessions(),
              s.seed() + t);
      cells.add(cell);
      SyntheticPrompts own = SyntheticPrompts.words(s.inputTokens(), cell.seed());
      prompts.add(own);
      factories.add(new RequestFactory(endpoint, cell, own));
    }
  }

  /** Runs the sessions into {@code runDir}; returns each turn's prefix-cache figures. */
  public static List<TurnCache> run(
      Settings s, Endpoint endpoint, String target, Path runDir, Consumer<String> console)
      throws IOException, InterruptedException {
    SessionRun run = new SessionRun(s, endpoint);
    DrivenRun.writeInfo(
        runDir,
        runDir.getFileName().toString(),
        "tokenload sessions",
        target,
        endpoint,
        run.cells,
        WordTokenizer.instance().name(),
        0);
    console.accept(
        String.format(
            Locale.ROOT,
            "tokenload sessions: %d conversations of %d turns, %d at a time, %d tokens in and %d out"
                + " per turn, %.0f ms think time, on %s",
            s.sessions(),
            s.turns(),
            s.concurrency(),
            s.inputTokens(),
            s.outputTokens(),
            s.thinkMs(),
            target));
    try (RecordWriter records = new RecordWriter(runDir.resolve(RunReport.RECORDS_FILE))) {
      run.drive(records::accept);
    } finally {
      run.close();
    }
    RunReport.write(runDir);
    List<TurnCache> turns = SessionCache.perTurn(runDir, run.cells);
    JSON.writeValue(runDir.resolve(FILE).toFile(), Map.of("turns", turns));
    for (TurnCache t : turns) {
      console.accept("tokenload sessions: " + SessionCache.line(t));
    }
    console.accept("tokenload sessions: results in " + runDir);
    return turns;
  }

  private void drive(Consumer<RequestRecord> records) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(s.sessions() * s.turns());
    AtomicInteger nextSession = new AtomicInteger();
    long start = System.nanoTime();
    Runnable[] startNext = new Runnable[1];
    startNext[0] =
        () -> {
          int session = nextSession.getAndIncrement();
          if (session < s.sessions()) {
            turn(
                session,
                1,
                new ArrayList<>(),
                start,
                System.nanoTime(),
                records,
                done,
                startNext[0]);
          }
        };
    for (int i = 0; i < Math.min(s.concurrency(), s.sessions()); i++) {
      startNext[0].run();
    }
    done.await();
  }

  private void turn(
      int session,
      int turn,
      List<Map<String, String>> messages,
      long start,
      long intended,
      Consumer<RequestRecord> records,
      CountDownLatch done,
      Runnable next) {
    CellSpec cell = cells.get(turn - 1);
    RequestFactory factory = factories.get(turn - 1);
    List<Map<String, String>> asked = new ArrayList<>(messages);
    asked.add(Map.of("role", "user", "content", prompts.get(turn - 1).prompt(session).text()));
    String id = "s" + session + "-t" + turn;
    AnswerListener listener =
        new AnswerListener(
            factory.asked(
                id, cell.name(), start, intended, -1, s.outputTokens(), WordTokenizer.instance()),
            answer -> after(session, turn, asked, answer, start, records, done, next));
    try {
      client.send(factory.conversation(asked, s.outputTokens(), id), null, listener);
    } catch (RuntimeException e) {
      listener.onFailure(System.nanoTime(), "not sent: " + e.getMessage());
    }
  }

  private void after(
      int session,
      int turn,
      List<Map<String, String>> asked,
      Answer answer,
      long start,
      Consumer<RequestRecord> records,
      CountDownLatch done,
      Runnable next) {
    records.accept(answer.record());
    done.countDown();
    if (turn == s.turns() || !answer.ok()) {
      for (int skipped = turn + 1; skipped <= s.turns() && !answer.ok(); skipped++) {
        done.countDown(); // a failed turn ends its conversation: the later turns are not sent
      }
      timer.execute(next);
      return;
    }
    List<Map<String, String>> history = new ArrayList<>(asked);
    history.add(Map.of("role", "assistant", "content", answer.text()));
    long thinkNanos = Math.round(s.thinkMs() * 1e6);
    long due = System.nanoTime() + thinkNanos;
    timer.schedule(
        () -> turn(session, turn + 1, history, start, due, records, done, next),
        thinkNanos,
        TimeUnit.NANOSECONDS);
  }

  private void close() {
    timer.shutdownNow();
    client.close();
  }
}
