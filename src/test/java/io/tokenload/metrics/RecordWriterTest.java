package io.tokenload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void everyRecordQueuedIsInTheFileInOrderOnceClosed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("requests.jsonl");
    RecordWriter writer = new RecordWriter(file);
    for (int i = 0; i < 1000; i++) {
      writer.accept(record("r" + i));
    }
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
    RecordWriter writer = new RecordWriter(file);
    for (int i = 0; i < 500; i++) {
      writer.accept(record("r" + i));
    }
    java.util.concurrent.CompletableFuture<Integer> linesThen =
        new java.util.concurrent.CompletableFuture<>();
    writer.afterWritten(
        () -> {
          try {
            linesThen.complete(Files.readAllLines(file).size());
          } catch (java.io.IOException e) {
            linesThen.completeExceptionally(e);
          }
        });
    writer.accept(record("after"));
    // Read on the writer's thread as soon as it got there: the 500 before, not the one after.
    assertEquals(500, linesThen.get(10, java.util.concurrent.TimeUnit.SECONDS));
    writer.close();
    assertEquals(501, Files.readAllLines(file).size());
  }
}
