package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineInputTest {

  private static List<String> lines(String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (LineInput in =
        new LineInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      while (in.next()) {
        out.add(new String(in.bytes(), in.start(), in.length(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void splitsOnNewlinesDroppingCarriageReturns() throws IOException {
    assertEquals(List.of("a", "bé", "", "c"), lines("a\r\nbé\n\nc"));
  }

  @Test
  void aFinalNewlineAddsNoEmptyLine() throws IOException {
    assertEquals(List.of("a", "b"), lines("a\nb\n"));
  }

  @Test
  void aLineLongerThanTheBufferIsWhole() throws IOException {
    String longLine = "x".repeat(3 << 20);
    assertEquals(List.of("a", longLine, "b"), lines("a\n" + longLine + "\nb"));
  }
}
