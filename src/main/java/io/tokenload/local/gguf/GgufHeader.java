package io.tokenload.local.gguf;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The start of a GGUF file: its version and the model's {@code general.architecture} and {@code
 * general.name}, read without loading the model, so a command can name what it was given (or say
 * why it is not a model) in milliseconds.
 *
 * <p>The format (little-endian): the magic {@code GGUF}, a {@code uint32} version, {@code uint64}
 * counts of tensors and of metadata entries, then the entries: a string key ({@code uint64} length
 * and UTF-8 bytes), a {@code uint32} value type and the value. Reading stops once both names are
 * known.
 *
 * @param version the format version, 2 or 3
 * @param architecture {@code general.architecture}, such as {@code llama}; null when absent
 * @param name {@code general.name}; null when absent
 */
public record GgufHeader(int version, String architecture, String name) {

  private static final byte[] MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);
  private static final int STRING = 8;
  private static final int ARRAY = 9;
  private static final long MAX_STRING_BYTES = 1L << 24;

  /**
   * Reads {@code file}'s header.
   *
   * @throws IllegalArgumentException when the file is not GGUF version 2 or 3, or its header is cut
   *     short or corrupt; the message names the file and what was expected
   * @throws IOException when the file cannot be read
   */
  public static GgufHeader read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(new DataInputStream(in), file);
    } catch (EOFException e) {
      throw notGguf(file, "its header is cut short");
    }
  }

  private static GgufHeader read(DataInputStream in, Path file) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (magic.length == 0) {
      throw notGguf(file, "it is empty");
    }
    if (!Arrays.equals(magic, MAGIC)) {
      throw notGguf(file, "it starts with " + printable(magic) + " instead of 'GGUF'");
    }
    int version = Integer.reverseBytes(in.readInt());
    if (version != 2 && version != 3) {
      throw notGguf(
          file, "its format version is " + version + "; llama.cpp reads versions 2 and 3");
    }
    in.readLong(); // tensors
    long entries = Long.reverseBytes(in.readLong());
    String architecture = null;
    String name = null;
    for (long i = 0; i < entries && (architecture == null || name == null); i++) {
      String key = string(in, file);
      int type = Integer.reverseBytes(in.readInt());
      if (type == STRING && (key.equals("general.architecture") || key.equals("general.name"))) {
        String value = string(in, file);
        if (key.equals("general.name")) {
          name = value;
        } else {
          architecture = value;
        }
      } else {
        skip(in, type, file);
      }
    }
    return new GgufHeader(version, architecture, name);
  }

  private static void skip(DataInputStream in, int type, Path file) throws IOException {
    if (type == STRING) {
      skipBytes(in, length(in, file));
    } else if (type == ARRAY) {
      int itemType = Integer.reverseBytes(in.readInt());
      long count = Long.reverseBytes(in.readLong());
      if (itemType == STRING || itemType == ARRAY) {
        for (long i = 0; i < count; i++) {
          skip(in, itemType, file);
        }
      } else {
        skipBytes(in, Math.multiplyExact(count, scalarBytes(itemType, file)));
      }
    } else {
      skipBytes(in, scalarBytes(type, file));
    }
  }

  /** Sizes of GGUF's scalar types 0 to 12, strings and arrays excepted. */
  private static int scalarBytes(int type, Path file) {
    return switch (type) {
      case 0, 1, 7 -> 1; // uint8, int8, bool
      case 2, 3 -> 2; // uint16, int16
      case 4, 5, 6 -> 4; // uint32, int32, float32
      case 10, 11, 12 -> 8; // uint64, int64, float64
      default -> throw notGguf(file, "its metadata has a value of unknown type " + type);
    };
  }

  private static String string(DataInputStream in, Path file) throws IOException {
    long length = length(in, file);
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length != length) {
      throw new EOFException();
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static long length(DataInputStream in, Path file) throws IOException {
    long length = Long.reverseBytes(in.readLong());
    if (length < 0 || length > MAX_STRING_BYTES) {
      throw notGguf(
          file, "its metadata has a string of " + Long.toUnsignedString(length) + " bytes");
    }
    return length;
  }

  private static void skipBytes(DataInputStream in, long n) throws IOException {
    in.skipNBytes(n); // EOFException when the file ends first
  }

  private static IllegalArgumentException notGguf(Path file, String why) {
    return new IllegalArgumentException(
        file + " is not a GGUF model file: " + why + "; expected a llama.cpp model in GGUF format");
  }

  private static String printable(byte[] bytes) {
    StringBuilder sb = new StringBuilder("'");
    for (byte b : bytes) {
      sb.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return sb.append("'").toString();
  }
}
