package io.tokenload.maven.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JmhOptionsTest {

  private static final Path RESULT = Path.of("reports/jmh/r.json");
  private static final Instant NOW = Instant.parse("2026-11-21T16:05:09Z");

  @Test
  void nothingGivenRunsEverythingWithJsonResults() {
    assertEquals(
        List.of("-rf", "json", "-rff", "reports/jmh/r.json"), options(null).arguments(RESULT));
  }

  @Test
  void everyPropertyBecomesItsJmhFlag() {
    JmhOptions o =
        new JmhOptions(
            "ChunkParse",
            "1",
            "2",
            "3",
            "500ms",
            "2",
            "max",
            "size=16,256; kind=chat",
            "csv",
            "gc, stack",
            "-jvmArgsAppend '-Xmx1g -Dx=1' -foe true",
            false);

    assertEquals(
        List.of(
            "ChunkParse",
            "-f",
            "1",
            "-wi",
            "2",
            "-i",
            "3",
            "-w",
            "500ms",
            "-r",
            "2s",
            "-t",
            "max",
            "-p",
            "size=16,256",
            "-p",
            "kind=chat",
            "-prof",
            "gc",
            "-prof",
            "stack",
            "-rf",
            "csv",
            "-rff",
            "reports/jmh/r.json",
            "-jvmArgsAppend",
            "-Xmx1g -Dx=1",
            "-foe",
            "true"),
        o.arguments(RESULT));
  }

  @Test
  void listingPassesOnlyTheFilter() {
    JmhOptions o =
        new JmhOptions("Llama", "1", null, null, null, null, null, null, null, null, null, true);
    assertEquals(List.of("Llama", "-l"), o.arguments(RESULT));
  }

  @Test
  void resultFileIsNamedForTheTimeAndTheFilter() {
    assertEquals("20261121-160509-ChunkParse.json", options("ChunkParse").resultFileName(NOW));
    assertEquals(
        "20261121-160509-Llama_prefill.json", options(".*Llama.*prefill").resultFileName(NOW));
    assertEquals("20261121-160509-all.json", options(null).resultFileName(NOW));
    JmhOptions text =
        new JmhOptions(null, null, null, null, null, null, null, null, "TEXT", null, null, false);
    assertEquals("20261121-160509-all.txt", text.resultFileName(NOW));
  }

  @Test
  void badCountsNameThePropertyAndTheAllowedValues() {
    JmhOptions o =
        new JmhOptions(null, "one", null, null, null, null, null, null, null, null, null, false);
    assertError("-Djmh.forks=one is not valid: jmh.forks must be a whole number, 0 or more", o);

    o = new JmhOptions(null, null, null, "0", null, null, null, null, null, null, null, false);
    assertError(
        "-Djmh.iterations=0 is not valid: jmh.iterations must be a whole number, 1 or more", o);
  }

  @Test
  void badDurationParamsFormatAndFilterAreNamed() {
    assertError(
        "-Djmh.time=fast is not valid: jmh.time must be a duration such as 500ms, 2s or 1min (a"
            + " bare number is seconds)",
        new JmhOptions(null, null, null, null, null, "fast", null, null, null, null, null, false));
    assertError(
        "-Djmh.params=size is not valid: jmh.params must be name=v1,v2;name2=v (a @Param field's"
            + " name, '=', its values)",
        new JmhOptions(null, null, null, null, null, null, null, "size", null, null, null, false));
    assertError(
        "-Djmh.resultFormat=xml is not valid: jmh.resultFormat must be json, csv or text",
        new JmhOptions(null, null, null, null, null, null, null, null, "xml", null, null, false));
    assertError(
        "-Djmh.filter=Chunk[ is not valid: jmh.filter must be a regular expression (Unclosed"
            + " character class)",
        options("Chunk["));
    assertError(
        "-Djmh.args=-jvmArgs 'x is not valid: jmh.args must be balanced quotes (a ' is not closed)",
        new JmhOptions(
            null, null, null, null, null, null, null, null, null, null, "-jvmArgs 'x", false));
  }

  private static JmhOptions options(String filter) {
    return new JmhOptions(
        filter, null, null, null, null, null, null, null, null, null, null, false);
  }

  private static void assertError(String message, JmhOptions o) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.arguments(RESULT));
    assertEquals(message, e.getMessage());
  }
}
