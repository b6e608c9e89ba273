package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The summary says which source counted each cell's tokens, and shouts when it was chunks. */
class TokenSourceNoteTest {

  private static final long MS = 1_000_000;

  private static RequestRecord counted(String source, int i) {
    return new RequestRecord(
        "r" + i,
        "c" + i,
        "cell",
        0,
        i * 100 * MS,
        200,
        true,
        null,
        10 * MS,
        10 * MS,
        30 * MS,
        new long[] {10 * MS, 20 * MS, 30 * MS},
        new int[] {1, 1, 1},
        source,
        8,
        -1,
        3,
        3);
  }

  private static CellStats cell(String... sources) {
    CellStats s = new CellStats(new Slo(null, null, null));
    for (int i = 0; i < sources.length; i++) {
      s.add(counted(sources[i], i));
    }
    return s;
  }

  @Test
  void aCellCountedInChunksGetsALoudWarning() {
    CellStats s = cell("chunks", "chunks", "usage");
    assertEquals(Map.of("chunks", 2L, "usage", 1L), s.tokenSources);
    Optional<String> note = Summary.CellSummary.chunkCounting(s);
    assertTrue(note.isPresent());
    assertTrue(
        note.get().startsWith("WARNING: 2 requests had their output tokens counted ONE PER CHUNK"),
        note.get());
    var summary = Summary.CellSummary.of("cell", 8, 3, 1, 3, true, s, new Slo(null, null, null));
    assertTrue(summary.notes().contains(note.get()), summary.notes().toString());
  }

  @Test
  void aCellCountedByUsageOrTokenizerGetsNoWarning() {
    CellStats s = cell("usage", "tokenizer");
    assertEquals(Optional.empty(), Summary.CellSummary.chunkCounting(s));
    assertEquals(Map.of("tokenizer", 1L, "usage", 1L), s.tokenSources);
  }
}
