package io.tokenload.eval;

/**
 * Bad input to an evaluation: a flag, a dataset line, a thresholds field. The message is one line
 * naming what was wrong, where (file and line or field) and what is allowed; the command line
 * prints it and exits 2.
 */
public final class EvalException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public EvalException(String message) {
    super(message);
  }

  public EvalException(String message, Throwable cause) {
    super(message, cause);
  }
}
