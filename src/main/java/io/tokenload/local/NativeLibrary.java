package io.tokenload.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads java-llama.cpp's native library up front, so a failure names its cause instead of surfacing
 * as a bare {@link UnsatisfiedLinkError} from the first model.
 *
 * <p>The library unpacks {@code libjllama.so} into {@code de.kherud.llama.tmpdir}, and before that
 * deletes every file in that directory whose name starts with {@code llama} or {@code jllama}, as
 * left-overs of its own. In the shared {@code /tmp} that would include a user's {@code
 * /tmp/llama-3.gguf}. So unless {@code de.kherud.llama.tmpdir} is set, it is set here to a folder
 * of tokenload's own, {@value #FOLDER} inside {@code java.io.tmpdir}, created if need be; either
 * way it must be an existing, writable directory.
 */
final class NativeLibrary {

  static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
  static final String FOLDER = "tokenload-jllama";

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
    String tmp = System.getProperty(TMPDIR_PROPERTY);
    if (tmp == null) {
      tmp = ownFolder();
      System.setProperty(TMPDIR_PROPERTY, tmp);
    }
    if (!Files.isDirectory(Path.of(tmp)) || !Files.isWritable(Path.of(tmp))) {
      throw new IllegalStateException(
          "java-llama.cpp unpacks its native library into "
              + TMPDIR_PROPERTY
              + ", which is "
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

  /** {@code java.io.tmpdir}/{@value #FOLDER}, created if missing. */
  private static String ownFolder() {
    String base = System.getProperty("java.io.tmpdir");
    if (base == null) {
      throw new IllegalStateException(
          "java.io.tmpdir is not set; set " + TMPDIR_PROPERTY + " to a writable directory");
    }
    Path folder = Path.of(base, FOLDER);
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not create "
              + folder
              + " for llama.cpp's native library ("
              + e
              + "); set "
              + TMPDIR_PROPERTY
              + " to a writable directory",
          e);
    }
    return folder.toString();
  }
}
