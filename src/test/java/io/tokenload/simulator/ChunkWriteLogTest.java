package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenload serve --write-log}: the target's write times, as a file another process reads.
 */
class ChunkWriteLogTest {

  @Test
  void readsBackWhatWasLoggedPerRequestAndChunk(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("writes.tsv");
    try (ChunkWriteLog log = ChunkWriteLog.open(file)) {
      log.onChunkWritten("a", 0, 100);
      log.onChunkWritten("b", 0, 150);
      log.onChunkWritten("a", 1, 200);
      log.onChunkWritten("a", 40, 900); // beyond the first array: it grows
    }
    Map<String, long[]> written = ChunkWriteLog.read(file);
    assertEquals(100, written.get("a")[0]);
    assertEquals(200, written.get("a")[1]);
    assertEquals(0, written.get("a")[2]); // never written
    assertEquals(900, written.get("a")[40]);
    assertEquals(150, written.get("b")[0]);
  }

  @Test
  void aFileThatIsNoLogIsNamedWithTheLine(@TempDir Path dir) throws IOException {
    Path notALog = Files.writeString(dir.resolve("x.tsv"), "hello\n");
    assertTrue(
        assertThrows(IOException.class, () -> ChunkWriteLog.read(notALog))
            .getMessage()
            .contains("is not a chunk write log"));
    Path badLine =
        Files.writeString(dir.resolve("y.tsv"), ChunkWriteLog.HEADER + "\nr1\t0\t5\nr1\tone\t6\n");
    String message =
        assertThrows(IOException.class, () -> ChunkWriteLog.read(badLine)).getMessage();
    assertTrue(message.contains("line 3"), message);
  }

  @Test
  void oneChunkPerWriteLogsEveryChunkOfAStreamWithItsOwnTime(@TempDir Path dir) throws Exception {
    long[] oneEach = streamAndLog(dir.resolve("one.tsv"), 1);
    assertEquals(32, oneEach.length);
    assertEquals(32, Arrays.stream(oneEach).distinct().count(), Arrays.toString(oneEach));
    long[] sorted = oneEach.clone();
    Arrays.sort(sorted);
    assertArrayEquals(sorted, oneEach); // written in order

    long[] packed = streamAndLog(dir.resolve("packed.tsv"), 16);
    assertTrue(Arrays.stream(packed).distinct().count() <= 8, Arrays.toString(packed));
  }

  /** One streamed chat of 32 tokens at zero delay; the write times of its 32 token chunks. */
  private static long[] streamAndLog(Path file, int chunksPerWrite) throws Exception {
    try (ChunkWriteLog log = ChunkWriteLog.open(file);
        TargetServer server =
            TargetServer.start(
                TargetSettings.defaults()
                    .withChunksPerWrite(chunksPerWrite)
                    .withChunkWriteListener(log))) {
      URI chat = server.baseUri().resolve("/v1/chat/completions");
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(chat)
                      .header("Content-Type", "application/json")
                      .header("X-Request-Id", "req-1")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"model\":\"tokenload-sim\",\"stream\":true,\"max_tokens\":32,\"ignore_eos\":true,"
                                  + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
    }
    long[] times = ChunkWriteLog.read(file).get("req-1");
    return Arrays.copyOf(times, 32);
  }
}
