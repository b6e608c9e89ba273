package io.tokenload.local.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyModelTest {

  @TempDir Path dir;

  @Test
  void sameSeedWritesTheSameBytes() throws IOException {
    TinyModel.write(dir.resolve("a.gguf"), 3);
    TinyModel.write(dir.resolve("b.gguf"), 3);
    TinyModel.write(dir.resolve("c.gguf"), 4);

    byte[] a = Files.readAllBytes(dir.resolve("a.gguf"));
    assertArrayEquals(a, Files.readAllBytes(dir.resolve("b.gguf")));
    assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("c.gguf"))));
  }

  @Test
  void headerCountsEveryTensorOfTheLlamaLayout() throws IOException {
    Path file = dir.resolve("m.gguf");
    TinyModel.write(file, 1, new TinyModel.Shape(64, 3, 4, 2, 96, 512));

    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x46554747, header.getInt()); // "GGUF"
    assertEquals(3, header.getInt());
    // token_embd, output_norm, output, and 9 tensors per block
    assertEquals(3 + 9 * 3, header.getLong());
    assertEquals(0, Files.size(file) % GgufWriter.ALIGNMENT);
  }

  @Test
  void vocabularyIsTheByteAlphabetMergesAndChatMlTokens() {
    assertEquals(267, TinyModel.vocabularySize());
    assertEquals("Ġ", ByteLevelVocab.tokens().get(' '));
    assertEquals("Ċ", ByteLevelVocab.tokens().get('\n'));
    assertEquals("a", ByteLevelVocab.tokens().get('a'));
    assertEquals("Ġthe", ByteLevelVocab.tokens().get(262));
    assertEquals("<|im_end|>", ByteLevelVocab.tokens().get(266));
  }

  @Test
  void nonTextTokensAreEverythingButPrintableAscii() {
    Set<Integer> nonText = TinyModel.nonTextTokenIds();

    assertTrue(nonText.containsAll(Set.of(0, (int) '\n', 0x7f, 0x80, 0xff, 264, 265, 266)));
    assertFalse(nonText.contains((int) ' '));
    assertFalse(nonText.contains((int) '~'));
    assertFalse(nonText.contains(256)); // a merge
    assertEquals(267 - 95 - 8, nonText.size());
  }

  @Test
  void shapeErrorsNameTheFieldAndTheAllowedValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new TinyModel.Shape(128, 0, 4, 4, 384, 2048));
    assertEquals("Shape.layers was 0, must be between 1 and 256", e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class, () -> new TinyModel.Shape(96, 2, 32, 32, 384, 2048));
    assertEquals(
        "embedding 96 and heads 32: embedding must be heads times an even head size",
        e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class, () -> new TinyModel.Shape(128, 2, 4, 3, 384, 2048));
    assertEquals("kvHeads 3 must divide heads 4", e.getMessage());
  }
}
