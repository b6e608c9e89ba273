package io.tokenload.local.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {

  @Test
  void writesTheGgufV3LayoutByteForByte() throws IOException {
    GgufWriter gguf =
        new GgufWriter()
            .putString("general.architecture", "llama")
            .putInt32s("test.flags", new int[] {1, -1})
            .addTensor("t", new long[] {2}, new float[] {1f, -2f});

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    gguf.write(out);

    assertArrayEquals(golden("tiny.gguf.hex"), out.toByteArray());
  }

  @Test
  void writesTheSameBytesToAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.gguf");
    new GgufWriter()
        .putString("general.architecture", "llama")
        .putInt32s("test.flags", new int[] {1, -1})
        .addTensor("t", new long[] {2}, new float[] {1f, -2f})
        .write(file);

    assertArrayEquals(golden("tiny.gguf.hex"), Files.readAllBytes(file));
  }

  @Test
  void alignsEveryTensorsDataTo32Bytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new GgufWriter()
        .addTensor("a", new long[] {3}, new float[] {1, 2, 3})
        .addTensor("b", new long[] {1}, new float[] {4})
        .write(out);
    byte[] bytes = out.toByteArray();

    assertEquals(0, bytes.length % GgufWriter.ALIGNMENT);
    // b's offset in its tensor info: 32, the first multiple of 32 after a's 12 bytes.
    int bInfo = indexOf(bytes, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 'b'});
    int offsetAt = bInfo + 9 + 4 + 8 + 4;
    assertEquals(32, bytes[offsetAt]);
  }

  @Test
  void refusesATensorWhoseDataDoesNotMatchItsDimensions() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GgufWriter().addTensor("w", new long[] {4, 2}, new float[7]));
    assertEquals("tensor w has 7 values; its dimensions need 8", e.getMessage());
  }

  @Test
  void refusesAKeySetTwice() {
    GgufWriter gguf = new GgufWriter().putUint32("llama.block_count", 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> gguf.putUint32("llama.block_count", 3));
    assertEquals("GGUF key llama.block_count was set twice", e.getMessage());
  }

  @Test
  void refusesANegativeUint32() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GgufWriter().putUint32("llama.block_count", -1));
    assertEquals("GGUF key llama.block_count is uint32, got -1; must be 0 or more", e.getMessage());
  }

  /** The bytes of a hex fixture: pairs of hex digits; '#' starts a comment. */
  static byte[] golden(String name) throws IOException {
    try (InputStream in = GgufWriterTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        int comment = line.indexOf('#');
        String hex = (comment < 0 ? line : line.substring(0, comment)).strip();
        for (String b : hex.isEmpty() ? new String[0] : hex.split("\\s+")) {
          bytes.write(Integer.parseInt(b, 16));
        }
      }
      return bytes.toByteArray();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("bytes not found");
  }
}
