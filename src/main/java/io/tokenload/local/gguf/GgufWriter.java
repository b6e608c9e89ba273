package io.tokenload.local.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF version 3 file, the model format of llama.cpp: little-endian throughout, then
 *
 * <ol>
 *   <li>the header: {@code "GGUF"}, version {@code uint32 3}, tensor count and key-value count
 *       ({@code uint64} each);
 *   <li>the key-value pairs: key as a GGUF string ({@code uint64} byte length, UTF-8 bytes), value
 *       type ({@code uint32}), value; an array is its element type ({@code uint32}), its length
 *       ({@code uint64}) and the elements;
 *   <li>the tensor infos: name, dimension count ({@code uint32}), dimensions ({@code uint64} each,
 *       innermost first), element type ({@code uint32}, 0 = f32) and the data's offset ({@code
 *       uint64}) from the start of the data section;
 *   <li>zero padding to {@link #ALIGNMENT}, then each tensor's data, each padded to the alignment.
 * </ol>
 *
 * <p>Only what a small f32 llama model needs is supported: {@code uint32}, {@code int32}, {@code
 * float32}, {@code bool} and string values, arrays of strings and of {@code int32}, and f32
 * tensors. {@code general.alignment} is written with the other pairs. Keys and tensor names are
 * unique; the first {@code put} of a key wins, a second one is an error.
 *
 * <p>Not thread-safe; collect everything, then {@link #write}.
 */
public final class GgufWriter {

  /** Data alignment in bytes, also written as {@code general.alignment}. */
  public static final int ALIGNMENT = 32;

  static final int VERSION = 3;
  static final int TYPE_UINT32 = 4;
  static final int TYPE_INT32 = 5;
  static final int TYPE_FLOAT32 = 6;
  static final int TYPE_BOOL = 7;
  static final int TYPE_STRING = 8;
  static final int TYPE_ARRAY = 9;
  static final int GGML_TYPE_F32 = 0;

  private final Map<String, Value> values = new LinkedHashMap<>();
  private final List<Tensor> tensors = new ArrayList<>();

  private record Value(int type, Object value) {}

  private record Tensor(String name, long[] dims, float[] data) {}

  public GgufWriter() {
    values.put("general.alignment", new Value(TYPE_UINT32, ALIGNMENT));
  }

  /** A {@code uint32} value; {@code value} must not be negative. */
  public GgufWriter putUint32(String key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "GGUF key " + key + " is uint32, got " + value + "; must be 0 or more");
    }
    return put(key, TYPE_UINT32, value);
  }

  public GgufWriter putFloat32(String key, float value) {
    return put(key, TYPE_FLOAT32, value);
  }

  public GgufWriter putBool(String key, boolean value) {
    return put(key, TYPE_BOOL, value);
  }

  public GgufWriter putString(String key, String value) {
    return put(key, TYPE_STRING, value);
  }

  /** An array of strings, such as {@code tokenizer.ggml.tokens}. */
  public GgufWriter putStrings(String key, List<String> value) {
    return put(key, TYPE_ARRAY, List.copyOf(value));
  }

  /** An array of {@code int32}, such as {@code tokenizer.ggml.token_type}. */
  public GgufWriter putInt32s(String key, int[] value) {
    return put(key, TYPE_ARRAY, value.clone());
  }

  /**
   * An f32 tensor. {@code dims} are GGUF's order, innermost first: a matrix that maps {@code
   * n_embd} inputs to {@code n_out} outputs is {@code [n_embd, n_out]}, stored row by row of {@code
   * n_embd} values.
   */
  public GgufWriter addTensor(String name, long[] dims, float[] data) {
    long elements = 1;
    for (long d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "tensor " + name + " has dimension " + d + "; must be 1 or more");
      }
      elements *= d;
    }
    if (elements != data.length) {
      throw new IllegalArgumentException(
          "tensor " + name + " has " + data.length + " values; its dimensions need " + elements);
    }
    if (tensors.stream().anyMatch(t -> t.name().equals(name))) {
      throw new IllegalArgumentException("tensor " + name + " was added twice");
    }
    tensors.add(new Tensor(name, dims.clone(), data));
    return this;
  }

  /** Writes the file, replacing {@code file} if it exists. */
  public void write(Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      write(out);
    }
  }

  /** Writes the file to {@code out}, which stays open. */
  public void write(OutputStream out) throws IOException {
    Sink sink = new Sink(out);
    sink.bytes(new byte[] {'G', 'G', 'U', 'F'});
    sink.u32(VERSION);
    sink.u64(tensors.size());
    sink.u64(values.size());
    for (Map.Entry<String, Value> kv : values.entrySet()) {
      sink.string(kv.getKey());
      writeValue(sink, kv.getValue());
    }
    long offset = 0;
    for (Tensor t : tensors) {
      sink.string(t.name());
      sink.u32(t.dims().length);
      for (long d : t.dims()) {
        sink.u64(d);
      }
      sink.u32(GGML_TYPE_F32);
      sink.u64(offset);
      offset = align(offset + 4L * t.data().length);
    }
    sink.pad();
    for (Tensor t : tensors) {
      sink.floats(t.data());
      sink.pad();
    }
    sink.flush();
  }

  private GgufWriter put(String key, int type, Object value) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("GGUF keys must not be empty");
    }
    if (values.putIfAbsent(key, new Value(type, value)) != null) {
      throw new IllegalArgumentException("GGUF key " + key + " was set twice");
    }
    return this;
  }

  private static void writeValue(Sink sink, Value v) throws IOException {
    sink.u32(v.type());
    switch (v.type()) {
      case TYPE_UINT32 -> sink.u32((Integer) v.value());
      case TYPE_FLOAT32 -> sink.f32((Float) v.value());
      case TYPE_BOOL -> sink.bytes(new byte[] {(byte) ((Boolean) v.value() ? 1 : 0)});
      case TYPE_STRING -> sink.string((String) v.value());
      case TYPE_ARRAY -> writeArray(sink, v.value());
      default -> throw new IllegalStateException("no writer for GGUF type " + v.type());
    }
  }

  private static void writeArray(Sink sink, Object array) throws IOException {
    if (array instanceof int[] ints) {
      sink.u32(TYPE_INT32);
      sink.u64(ints.length);
      for (int i : ints) {
        sink.u32(i);
      }
    } else {
      List<?> strings = (List<?>) array;
      sink.u32(TYPE_STRING);
      sink.u64(strings.size());
      for (Object s : strings) {
        sink.string((String) s);
      }
    }
  }

  static long align(long offset) {
    return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  /** Little-endian primitives over a stream, counting bytes so padding can be computed. */
  private static final class Sink {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    Sink(OutputStream out) {
      this.out = out;
    }

    void u32(int v) throws IOException {
      room(4);
      buf.putInt(v);
    }

    void u64(long v) throws IOException {
      room(8);
      buf.putLong(v);
    }

    void f32(float v) throws IOException {
      room(4);
      buf.putFloat(v);
    }

    void string(String s) throws IOException {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      u64(utf8.length);
      bytes(utf8);
    }

    void bytes(byte[] b) throws IOException {
      for (int off = 0; off < b.length; ) {
        room(1);
        int n = Math.min(buf.remaining(), b.length - off);
        buf.put(b, off, n);
        off += n;
      }
    }

    void floats(float[] values) throws IOException {
      for (float v : values) {
        f32(v);
      }
    }

    /** Zeros up to the next multiple of {@link #ALIGNMENT} from the start of the file. */
    void pad() throws IOException {
      long position = written + buf.position();
      bytes(new byte[(int) (align(position) - position)]);
    }

    void flush() throws IOException {
      drain();
      out.flush();
    }

    private void room(int bytes) throws IOException {
      if (buf.remaining() < bytes) {
        drain();
      }
    }

    private void drain() throws IOException {
      out.write(buf.array(), 0, buf.position());
      written += buf.position();
      buf.clear();
    }
  }
}
