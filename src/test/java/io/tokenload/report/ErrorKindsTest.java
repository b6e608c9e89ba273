package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorKindsTest {

  @Test
  void messagesThatDifferOnlyInNumbersAreOneKindWithTheFirstAsExample() {
    ErrorKinds kinds = new ErrorKinds();
    kinds.add("idle timeout after 5000 ms");
    kinds.add("idle timeout after 5001 ms");
    kinds.add("idle timeout after 5028 ms");

    assertEquals(Map.of("idle timeout after <n> ms", 3L), kinds.counts());
    assertEquals("idle timeout after 5000 ms", kinds.examples().get("idle timeout after <n> ms"));
  }

  @Test
  void theHttpStatusStaysPartOfTheKind() {
    ErrorKinds kinds = new ErrorKinds();
    kinds.add("HTTP 429: rate limited, retry in 3 s");
    kinds.add("HTTP 429: rate limited, retry in 7 s");
    kinds.add("HTTP 500: internal error");

    assertEquals(2, kinds.counts().get("HTTP 429: rate limited, retry in <n> s"));
    assertEquals(1, kinds.counts().get("HTTP 500: internal error"));
  }

  @Test
  void requestIdsAreOneKind() {
    assertEquals(
        ErrorKinds.kindOf("request 3f2b9c1e-8d4a-4b7e-9a6f-1c2d3e4f5a6b was cancelled"),
        ErrorKinds.kindOf("request 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d was cancelled"));
    assertEquals(
        "stream failed for <id>", ErrorKinds.kindOf("stream failed for chatcmpl-8f3a2b1c9d0e"));
  }

  @Test
  void wordsWithoutDigitsAreKeptAsWritten() {
    assertEquals(
        "stream ended before [DONE] after <n> chunks",
        ErrorKinds.kindOf("stream ended before [DONE] after 0 chunks"));
  }

  @Test
  void kindsBeyondTheCapAreCountedAsOtherErrors() {
    ErrorKinds kinds = new ErrorKinds();
    for (int i = 0; i < ErrorKinds.MAX_KINDS; i++) {
      kinds.add("failure kind " + (char) ('a' + i % 26) + (char) ('a' + i / 26));
    }
    kinds.add("one more kind");

    assertEquals(ErrorKinds.MAX_KINDS + 1, kinds.counts().size());
    assertEquals(1, kinds.counts().get(ErrorKinds.OTHER));
  }
}
