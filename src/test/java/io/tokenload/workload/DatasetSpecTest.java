package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.tokenizer.WordTokenizer;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** {@code -Ddataset}'s values, and a measured dataset's samples. */
class DatasetSpecTest {

  @Test
  void syntheticAndEmptyAreSynthetic() {
    assertTrue(DatasetSpec.parse("synthetic", "-Ddataset", null).synthetic());
    assertTrue(DatasetSpec.parse("", "-Ddataset", null).synthetic());
  }

  @Test
  void shareGptAndJsonlNameTheirFiles() {
    DatasetSpec s = DatasetSpec.parse("sharegpt:data/x.json", "-Ddataset", LengthBounds.any());
    assertEquals(DatasetSpec.Kind.SHAREGPT, s.kind());
    assertEquals(Path.of("data/x.json"), s.file());
    assertEquals("jsonl:p.jsonl", DatasetSpec.parse("jsonl:p.jsonl", "-Ddataset", null).toString());
  }

  @Test
  void anUnknownKindIsRefusedNamingTheFlagAndTheAllowedValues() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatasetSpec.parse("csv:x.csv", "-Ddataset", null));
    assertTrue(e.getMessage().startsWith("-Ddataset=csv:x.csv is not allowed"), e.getMessage());
    assertTrue(e.getMessage().contains("sharegpt:FILE"), e.getMessage());
  }

  @Test
  void aFileOfTheOtherKindIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatasetSpec.parse("sharegpt:p.jsonl", "-Ddataset", null));
    assertTrue(e.getMessage().contains("sharegpt: takes a .json file"), e.getMessage());
  }

  @Test
  void samplesAreSeededDistinctAndCarryTheOverhead() {
    MeasuredDataset m =
        MeasuredDataset.of(
            Dataset.read(DatasetTest.SHAREGPT), WordTokenizer.instance(), LengthBounds.any());
    var a = m.sample(10, 5, 7).prompts();
    assertEquals(a, m.sample(10, 5, 7).prompts());
    assertEquals(10, new HashSet<>(a).size());
    Prompt p = a.get(0);
    assertEquals(WordTokenizer.instance().count(p.text()) + 7, p.promptTokensAsked());
  }

  @Test
  void aTooSmallDatasetIsOneErrorNamingTheFileAndTheCell() {
    MeasuredDataset m =
        MeasuredDataset.of(
            Dataset.read(DatasetTest.SHAREGPT), WordTokenizer.instance(), LengthBounds.any());
    var e = assertThrows(DatasetException.class, () -> m.require(64, "cell in8-out8-c4"));
    assertTrue(
        e.getMessage().startsWith(DatasetTest.SHAREGPT + ": only 20 of its 20"), e.getMessage());
    assertTrue(e.getMessage().contains("64 were asked for (cell in8-out8-c4)"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @Test
  void aTimeBoundedCellGoesRoundItsSample() {
    MeasuredDataset m =
        MeasuredDataset.of(
            Dataset.read(DatasetTest.SHAREGPT), WordTokenizer.instance(), LengthBounds.any());
    PromptSource cycling = m.cycling(3, 0);
    assertEquals(cycling.prompt(0), cycling.prompt(m.size()));
  }
}
