package io.tokenload.local.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufHeaderTest {

  @TempDir Path dir;

  @Test
  void readsTheTinyModelsNames() throws IOException {
    Path file = dir.resolve("tiny.gguf");
    TinyModel.write(file, 1);

    assertEquals(new GgufHeader(3, "llama", TinyModel.NAME), GgufHeader.read(file));
  }

  @Test
  void skipsEntriesOfEveryTypeBeforeTheName() throws IOException {
    Path file = dir.resolve("typed.gguf");
    new GgufWriter()
        .putUint32("a.count", 7)
        .putFloat32("a.scale", 0.5f)
        .putBool("a.flag", true)
        .putStrings("a.words", java.util.List.of("x", "yz"))
        .putInt32s("a.ids", new int[] {1, 2, 3})
        .putString("general.name", "named")
        .write(file);

    assertEquals(new GgufHeader(3, null, "named"), GgufHeader.read(file));
  }

  @Test
  void namesAFileThatIsNotGguf() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.gguf"), "not a model");
    assertEquals(
        text
            + " is not a GGUF model file: it starts with 'not ' instead of 'GGUF'; expected a"
            + " llama.cpp model in GGUF format",
        assertThrows(IllegalArgumentException.class, () -> GgufHeader.read(text)).getMessage());

    Path empty = Files.write(dir.resolve("empty.gguf"), new byte[0]);
    assertEquals(
        empty + " is not a GGUF model file: it is empty; expected a llama.cpp model in GGUF format",
        assertThrows(IllegalArgumentException.class, () -> GgufHeader.read(empty)).getMessage());
  }

  @Test
  void namesAHeaderCutShort() throws IOException {
    Path whole = dir.resolve("whole.gguf");
    TinyModel.write(whole, 1);
    Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(Files.readAllBytes(whole), 40));

    assertEquals(
        cut
            + " is not a GGUF model file: its header is cut short; expected a llama.cpp model in"
            + " GGUF format",
        assertThrows(IllegalArgumentException.class, () -> GgufHeader.read(cut)).getMessage());
  }
}
