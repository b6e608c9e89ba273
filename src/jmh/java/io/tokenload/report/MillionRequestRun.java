package io.tokenload.report;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.core.stats.writer.DataWriterMessage;
import io.gatling.core.stats.writer.FileData;
import io.gatling.core.stats.writer.LogFileDataWriter;
import io.gatling.core.stats.writer.LogFileDataWriter$;
import io.gatling.core.stats.writer.RunMessage;
import io.gatling.core.stats.writer.ShortScenarioDescription;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import io.tokenload.workload.CellSpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes a synthetic run folder of a million requests (by default) for timing the post-processor:
 * {@code run.json}, {@code requests.jsonl} and, in a Gatling results folder beside it, the matching
 * {@code simulation.log} written by Gatling's own {@code LogFileDataWriter}, so Gatling's report
 * generation can be timed on the very same records. Four closed cells (128 in, 16 out, 8 to 64
 * users), 1 % of requests failing with a 503, latencies drawn from a seeded generator.
 *
 * <p>Why a main and not a JMH benchmark: the subject is one whole process (start-up, I/O, peak
 * memory) on a file of hundreds of megabytes, which {@code /usr/bin/time -v} measures; JMH would
 * measure a warmed-up method in a shared heap. How to run it and the figures: {@code
 * docs/performance.md}, "Post-processing a million requests". It needs {@code --add-opens
 * java.base/java.lang=ALL-UNNAMED}, as Gatling itself does.
 */
public final class MillionRequestRun {

  private static final long MS = 1_000_000L;
  private static final int TOKENS = 16;
  private static final long RUN_START_EPOCH_MS = 1_790_000_000_000L;
  private static final String SIMULATION = "io.tokenload.simulations.MatrixSimulation";

  private MillionRequestRun() {}

  /**
   * {@code MillionRequestRun <out-folder> [requests]}: writes {@code <out>/run} and {@code
   * <out>/gatling/<id>}.
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/million");
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    long started = System.nanoTime();
    Path runDir = write(out, requests);
    System.err.printf(
        "wrote %d requests to %s in %.1f s%n",
        requests, runDir, (System.nanoTime() - started) / 1e9);
  }

  static Path write(Path out, int requests) throws Exception {
    int[] users = {8, 16, 32, 64};
    List<CellSpec> cells = new ArrayList<>();
    for (int u : users) {
      cells.add(CellSpec.of(128, TOKENS, u, requests / users.length, u));
    }
    Path runDir = out.resolve("run");
    Files.createDirectories(runDir);
    new RunInfo(
            1,
            "million-run",
            "MatrixSimulation",
            "2026-09-21T12:00:00Z",
            "embedded",
            Map.of(),
            "tokenload-sim",
            "chat",
            "vllm",
            null,
            0,
            cells,
            new Slo(60.0, null, null),
            "words",
            0)
        .write(runDir);

    RunMessage run =
        new RunMessage(
            SIMULATION,
            "matrixsimulation",
            RUN_START_EPOCH_MS,
            "tokenload million",
            "3.15.1",
            ZoneId.of("UTC"));
    List<ShortScenarioDescription> scenarios = new ArrayList<>();
    for (CellSpec c : cells) {
      scenarios.add(new ShortScenarioDescription("stream " + c.name(), Option.empty()));
    }
    Path results = out.resolve("gatling");
    LogFileDataWriter gatling =
        LogFileDataWriter$.MODULE$.apply(
            run,
            CollectionConverters.asScala(scenarios).toList(),
            scala.collection.immutable.List$.MODULE$.empty(),
            results);
    FileData log = gatling.onInit();
    Files.writeString(runDir.resolve(GatlingLinks.LINK_FILE), "../gatling/" + run.runId() + "\n");

    ObjectWriter line =
        JsonMapper.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build()
            .writerFor(RequestRecord.class);
    SplittableRandom random = new SplittableRandom(42);
    Constructor<?> response = responseConstructor();
    long cellStart = 0;
    int id = 0;
    try (OutputStream jsonl =
        new BufferedOutputStream(
            Files.newOutputStream(runDir.resolve("requests.jsonl")), 1 << 20)) {
      for (CellSpec c : cells) {
        String scenario = "stream " + c.name();
        long[] userFree = new long[c.concurrency()];
        java.util.Arrays.fill(userFree, cellStart);
        for (int u = 0; u < userFree.length; u++) {
          gatling.onMessage(user(scenario, epochMs(cellStart), true), log);
        }
        long cellEnd = cellStart;
        for (int i = 0; i < c.requests(); i++) {
          int u = i % userFree.length;
          RequestRecord r = request(c.name(), "m-" + (++id), userFree[u], random);
          jsonl.write(line.writeValueAsBytes(r));
          jsonl.write('\n');
          long sentMs = epochMs(r.sentNanos());
          long endMs = epochMs(r.sentNanos() + r.endNanos());
          Status status = r.ok() ? OK$.MODULE$ : KO$.MODULE$;
          Option<String> message = Option.apply(r.error());
          long firstMs =
              r.firstTokenNanos() >= 0 ? epochMs(r.sentNanos() + r.firstTokenNanos()) : endMs;
          // As StreamAction logs them: the time to first token as a group, the request once.
          gatling.onMessage(
              ttftGroup(
                  scenario,
                  c.name() + " ttft",
                  sentMs,
                  firstMs,
                  r.firstTokenNanos() >= 0 ? OK$.MODULE$ : KO$.MODULE$),
              log);
          gatling.onMessage(
              event(response, scenario, c.name() + " e2e", sentMs, endMs, status, message), log);
          userFree[u] = r.sentNanos() + r.endNanos() + random.nextLong(50_000, 200_000);
          cellEnd = Math.max(cellEnd, userFree[u]);
        }
        for (int u = 0; u < userFree.length; u++) {
          gatling.onMessage(user(scenario, epochMs(cellEnd), false), log);
        }
        cellStart = cellEnd + 100 * MS;
      }
    }
    gatling.onStop(log);
    return runDir;
  }

  /**
   * One request sent at {@code sent}: TTFT 20–80 ms, 16 one-token chunks 1.5–2.5 ms apart; 1 %
   * fail.
   */
  private static RequestRecord request(String cell, String id, long sent, SplittableRandom random) {
    long intended = sent - random.nextLong(10_000, 100_000);
    if (random.nextInt(100) == 0) {
      return new RequestRecord(
          id,
          null,
          cell,
          intended,
          sent,
          503,
          false,
          "HTTP 503: overloaded",
          -1,
          -1,
          random.nextLong(1 * MS, 5 * MS),
          new long[0],
          new int[0],
          "chunks",
          128,
          -1,
          TOKENS,
          -1);
    }
    long[] chunks = new long[TOKENS];
    int[] tokens = new int[TOKENS];
    long t = random.nextLong(20 * MS, 80 * MS);
    for (int k = 0; k < TOKENS; k++) {
      chunks[k] = t;
      tokens[k] = 1;
      t += random.nextLong(1_500_000, 2_500_000);
    }
    long end = chunks[TOKENS - 1] + random.nextLong(100_000, 1_000_000);
    return new RequestRecord(
        id,
        "chatcmpl-" + id,
        cell,
        intended,
        sent,
        200,
        true,
        null,
        chunks[0],
        chunks[0],
        end,
        chunks,
        tokens,
        "usage",
        128,
        128,
        TOKENS,
        TOKENS);
  }

  private static long epochMs(long runNanos) {
    return RUN_START_EPOCH_MS + Math.floorDiv(runNanos, MS);
  }

  // Scala nests the event classes in objects, which Java source cannot name: reflection reaches
  // them.
  private static Constructor<?> responseConstructor() throws ReflectiveOperationException {
    return Class.forName("io.gatling.core.stats.writer.DataWriterMessage$LoadEvent$Response")
        .getConstructor(
            String.class,
            scala.collection.immutable.List.class,
            String.class,
            long.class,
            long.class,
            Status.class,
            Option.class,
            Option.class);
  }

  private static DataWriterMessage.LoadEvent event(
      Constructor<?> response,
      String scenario,
      String name,
      long startMs,
      long endMs,
      Status status,
      Option<String> message)
      throws ReflectiveOperationException {
    return (DataWriterMessage.LoadEvent)
        response.newInstance(
            scenario,
            scala.collection.immutable.List$.MODULE$.empty(),
            name,
            startMs,
            endMs,
            status,
            Option.empty(),
            message);
  }

  private static DataWriterMessage.LoadEvent ttftGroup(
      String scenario, String name, long startMs, long endMs, Status status) throws IOException {
    try {
      return (DataWriterMessage.LoadEvent)
          Class.forName("io.gatling.core.stats.writer.DataWriterMessage$LoadEvent$Group")
              .getConstructor(
                  String.class,
                  scala.collection.immutable.List.class,
                  long.class,
                  long.class,
                  int.class,
                  Status.class)
              .newInstance(
                  scenario,
                  CollectionConverters.asScala(List.of(name)).toList(),
                  startMs,
                  endMs,
                  (int) (endMs - startMs),
                  status);
    } catch (ReflectiveOperationException e) {
      throw new IOException("Gatling's group event is not constructible", e);
    }
  }

  private static DataWriterMessage.LoadEvent user(String scenario, long epochMs, boolean start)
      throws IOException {
    try {
      return (DataWriterMessage.LoadEvent)
          Class.forName("io.gatling.core.stats.writer.DataWriterMessage$LoadEvent$User")
              .getConstructor(String.class, long.class, boolean.class)
              .newInstance(scenario, epochMs, start);
    } catch (ReflectiveOperationException e) {
      throw new IOException("Gatling's user event is not constructible", e);
    }
  }
}
