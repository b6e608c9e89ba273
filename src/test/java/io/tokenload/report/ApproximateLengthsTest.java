package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.LengthTally;
import io.tokenload.metrics.RequestRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The warning of a run at a real server without the server's tokenizer. */
class ApproximateLengthsTest {

  private static RequestRecord asked(String id, int asked, int counted) {
    return new RequestRecord(
        id,
        null,
        "c",
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
        null,
        asked,
        counted,
        1,
        1);
  }

  @Test
  void aRealServerWithTheWordsTokenizerIsToldByHowMuchUsageDisagreed() {
    LengthTally tally = LengthTally.of(List.of(asked("a", 32, 191), asked("b", 32, 32)));
    String note = ApproximateLengths.note("http://127.0.0.1:8000", "words", tally).orElseThrow();
    assertTrue(note.startsWith("Input lengths are approximate"), note);
    assertTrue(note.contains("1 of 2 requests had another input length"), note);
    assertTrue(note.contains("64 tokens asked in all, 223 counted (+248.4 %)"), note);
    assertTrue(note.contains("the furthest off by +159 tokens"), note);
  }

  @Test
  void aServerWhoseUsageAgreedEverywhereIsToldTheLengthsWereExactHere() {
    LengthTally tally = LengthTally.of(List.of(asked("a", 32, 32)));
    String note = ApproximateLengths.note("http://h:1", "words", tally).orElseThrow();
    assertTrue(note.contains("agreed on all 1 requests, so the input lengths were exact"), note);
  }

  @Test
  void aServerWithoutUsageIsToldThatHowMuchIsUnknown() {
    LengthTally tally = LengthTally.of(List.of(asked("a", 32, -1)));
    String note = ApproximateLengths.note("http://h:1", "words", tally).orElseThrow();
    assertTrue(note.contains("reported no usage"), note);
  }

  @Test
  void theEmbeddedTargetOrTheServersTokenizerIsExact() {
    LengthTally tally = LengthTally.of(List.of(asked("a", 32, 191)));
    assertEquals(Optional.empty(), ApproximateLengths.note("embedded", "words", tally));
    assertEquals(
        Optional.empty(), ApproximateLengths.note("http://h:1", "/m/tokenizer.json", tally));
  }
}
