package io.tokenload.cli;

/**
 * A mistake in what the user gave (a flag, a property, a file, a server that refuses), already
 * worded as the one line to print: {@link Main} prints it as it is and exits 2, with no usage text.
 */
final class InputError extends Exception {

  private static final long serialVersionUID = 1L;

  InputError(String line) {
    super(line);
  }
}
