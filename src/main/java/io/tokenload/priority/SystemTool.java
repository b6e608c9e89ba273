package io.tokenload.priority;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the system's tools ({@code renice}, {@code taskset}) and waits for it. */
final class SystemTool {

  private SystemTool() {}

  /**
   * Null when {@code command} ran, else why it did not. Its exit code is not looked at: it is not
   * zero when a thread named in it ended meanwhile, which is no failure.
   */
  static String run(List<String> command) {
    String tool = command.get(0);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return tool + " did not answer in 10 s";
      }
      return null;
    } catch (IOException e) {
      return tool + " is missing (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
