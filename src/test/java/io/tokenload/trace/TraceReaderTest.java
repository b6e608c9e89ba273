package io.tokenload.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.tokenizer.WordTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Mooncake-format traces, their mistakes, and the prompts built from hash ids. */
class TraceReaderTest {

  static final Path SAMPLE = Path.of("data/traces/mooncake-sample.jsonl");

  @TempDir Path dir;

  private String error(String lines) throws IOException {
    Path f = dir.resolve("t.jsonl");
    Files.writeString(f, lines);
    return assertThrows(IllegalArgumentException.class, () -> TraceReader.read(f)).getMessage();
  }

  @Test
  void readsTheShippedSample() throws IOException {
    List<TraceEntry> t = TraceReader.read(SAMPLE);
    assertEquals(40, t.size());
    assertEquals(0, t.get(0).timestampMs());
    assertEquals(2110, t.get(0).inputLength());
    assertArrayEquals(new long[] {0, 1, 100, 101, 102}, t.get(0).hashIds());
  }

  @Test
  void aLineOutOfOrderNamesTheFileAndLine() throws IOException {
    String m =
        error(
            "{\"timestamp\":5,\"input_length\":3,\"output_length\":2,\"hash_ids\":[1]}\n"
                + "{\"timestamp\":1,\"input_length\":3,\"output_length\":2,\"hash_ids\":[1]}\n");
    assertEquals(
        dir.resolve("t.jsonl")
            + ":2: timestamp 1 is before line 1's 5; a trace's lines must be in time order (sort"
            + " it by timestamp)",
        m);
  }

  @Test
  void aMissingFieldIsNamedWithItsLine() throws IOException {
    String m = error("{\"timestamp\":5,\"output_length\":2}\n");
    assertTrue(m.endsWith("t.jsonl:1: input_length is missing; expected a whole number from 1"), m);
  }

  @Test
  void aLineThatIsNotJsonIsNamed() throws IOException {
    String m = error("{\"timestamp\":5,\"input_length\":3,\"output_length\":2}\nnot json\n");
    assertTrue(m.contains("t.jsonl:2: not valid JSON"), m);
  }

  @Test
  void promptsAreExactAndShareTheTextOfTheirSharedHashIds() {
    List<TraceEntry> t =
        List.of(
            new TraceEntry(1, 0, 20, 4, new long[] {7, 8}),
            new TraceEntry(2, 1, 15, 4, new long[] {7, 9}),
            new TraceEntry(3, 2, 30, 4, new long[] {6}));
    TracePrompts prompts = new TracePrompts(t, 10, 7);
    String[] a = prompts.prompt(0).text().split(" ");
    String[] b = prompts.prompt(1).text().split(" ");
    assertEquals(20, WordTokenizer.instance().count(prompts.prompt(0).text()));
    assertEquals(27, prompts.prompt(0).promptTokensAsked());
    assertEquals(30, WordTokenizer.instance().count(prompts.prompt(2).text()));
    assertEquals(
        String.join(" ", List.of(a).subList(0, 10)), String.join(" ", List.of(b).subList(0, 10)));
    assertTrue(
        !String.join(" ", List.of(a).subList(10, 15))
            .equals(String.join(" ", List.of(b).subList(10, 15))));
  }
}
