package io.tokenload.stream;

/**
 * What a server answered to one request, as text: kept only for the few requests a run samples
 * ({@code samples.per.cell}), so the load's hot path never builds strings it does not need.
 *
 * @param answer the answer text, joined from every chunk's content (at most {@link #MAX_CHARS})
 * @param reasoning the reasoning text, joined the same way; empty when there was none
 * @param finishReason the last finish reason the server gave, or null
 * @param truncated true when either text was cut at {@link #MAX_CHARS}
 */
public record Transcript(String answer, String reasoning, String finishReason, boolean truncated) {

  /** The most characters kept of each text, so a sample file stays small. */
  public static final int MAX_CHARS = 16_384;

  /** Collects a transcript chunk by chunk. Not thread-safe. */
  static final class Builder {
    private final StringBuilder answer = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private String finishReason;
    private boolean truncated;

    void add(Chunk chunk) {
      append(answer, chunk.content());
      append(reasoning, chunk.reasoning());
      if (chunk.finishReason() != null) {
        finishReason = chunk.finishReason();
      }
    }

    private void append(StringBuilder sb, String text) {
      if (text == null || text.isEmpty()) {
        return;
      }
      int room = MAX_CHARS - sb.length();
      if (text.length() > room) {
        truncated = true;
        sb.append(text, 0, Math.max(room, 0));
      } else {
        sb.append(text);
      }
    }

    Transcript build() {
      return new Transcript(answer.toString(), reasoning.toString(), finishReason, truncated);
    }
  }
}
