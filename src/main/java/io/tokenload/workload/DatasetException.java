package io.tokenload.workload;

import java.nio.file.Path;

/**
 * A prompt file that cannot be used: the message names the file, the place in it (a line, or a
 * conversation's index) and what is wrong or expected.
 */
public final class DatasetException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** {@code file}, then {@code where} if not null, then {@code what}. */
  DatasetException(Path file, String where, String what) {
    super(file + (where == null ? "" : ", " + where) + ": " + what);
  }

  DatasetException(Path file, String where, String what, Throwable cause) {
    this(file, where, what);
    initCause(cause);
  }
}
