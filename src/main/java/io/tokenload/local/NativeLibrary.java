package io.tokenload.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads java-llama.cpp's native library up front, so a failure names its cause instead of surfacing
 * as a bare {@link UnsatisfiedLinkError} from the first model: the library unpacks {@code
 * libjllama.so} into {@code de.kherud.llama.tmpdir}, else {@code java.io.tmpdir}, which must be an
 * existing, writable directory.
 */
final class NativeLibrary {

  private static boolean loaded;

  private NativeLibrary() {}

  /**
   * Loads the library once per JVM.
   *
   * @throws IllegalStateException when the directory is unusable or the library does not load
   */
  static synchronized void load() {
    if (loaded) {
      return;
    }
    String tmp = System.getProperty("de.kherud.llama.tmpdir", System.getProperty("java.io.tmpdir"));
    if (tmp == null || !Files.isDirectory(Path.of(tmp)) || !Files.isWritable(Path.of(tmp))) {
      throw new IllegalStateException(
          "java-llama.cpp unpacks its native library into de.kherud.llama.tmpdir or java.io.tmpdir,"
              + " which is "
              + tmp
              + "; it must be an existing, writable directory");
    }
    try {
      // LlamaModel's static initializer unpacks and loads the library.
      Class.forName("de.kherud.llama.LlamaModel", true, NativeLibrary.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "could not load llama.cpp's native library from de.kherud:llama (unpacked into "
              + tmp
              + "): "
              + e,
          e);
    }
    loaded = true;
  }
}
