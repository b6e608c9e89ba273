package io.tokenload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordWriterTest {

  private static RequestRecord record(String id) {
    return new RequestRecord(
        id,
        null,
        "c1",
        0,
        0,
        200,
        true,
        null,
        10,
        10,
        20,
        new long[] {10},
        new int[] {1},
        "usage",
        5,
        5,
        1,
        1);
  }

  /** A writer to {@code file} with records r0, r1, ... queued. */
  private static RecordWriter writerOf(Path file, int records) throws Exception {
    RecordWriter writer = new RecordWriter(file);
    for (int i = 0; i < records; i++) {
      writer.accept(record("r" + i));
    }
    return writer;
  }

  @Test
  void everyRecordQueuedIsInTheFileInOrderOnceClosed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("requests.jsonl");
    RecordWriter writer = writerOf(file, 1000);
    writer.close();
    assertEquals(1000, writer.written());
    assertEquals(0, writer.queued());
    List<String> lines = Files.readAllLines(file);
    assertEquals(1000, lines.size());
    assertTrue(lines.get(0).startsWith("{\"requestId\":\"r0\""), lines.get(0));
    assertTrue(lines.get(999).startsWith("{\"requestId\":\"r999\""), lines.get(999));
  }

  @Test
  void whatFollowsTheRecordsSeesThemAllInTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("requests.jsonl");
    RecordWriter writer = writerOf(file, 500);
    CompletableFuture<Integer> linesThen = new CompletableFuture<>();
    writer.afterWritten(
        () -> {
          try {
            linesThen.complete(Files.readAllLines(file).size());
          } catch (IOException e) {
            linesThen.completeExceptionally(e);
          }
        });
    writer.accept(record("after"));
    // Read on the writer's thread as soon as it got there: the 500 before, not the one after.
    assertEquals(500, linesThen.get(10, TimeUnit.SECONDS));
    writer.close();
    assertEquals(501, Files.readAllLines(file).size());
  }
}
