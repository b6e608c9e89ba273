package io.tokenload.transport;

/** Short, stable reasons for transport failures, fit for a report's error breakdown. */
final class Failures {

  private Failures() {}

  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String type = root.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
