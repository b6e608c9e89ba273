package io.tokenload.stream;

/**
 * How a protocol frames its streamed answer and what one event of it says: the half of a backend
 * that the stream layer runs. The transport stamps arrival times on the bytes before any of this
 * runs, so a slow reader never shifts a measurement.
 *
 * <p>A {@link Reader} is made per response and may keep state (a protocol that streams the whole
 * text so far, such as SGLang's native {@code /generate}, needs the previous length to find the
 * delta). It turns one event's payload into a {@link Chunk}: {@link Chunk.Kind#DATA} (text,
 * reasoning, running usage, finish reason), {@link Chunk.Kind#LAST} (the same, and the answer is
 * complete), {@link Chunk.Kind#DONE} (a terminator without data), {@link Chunk.Kind#ERROR} (an
 * in-band error) or {@link Chunk.Kind#MALFORMED}; or null for an event that says nothing to measure
 * (a ping, a block start).
 */
public interface StreamFormat {

  /** How events are separated on the wire. */
  enum Framing {
    /** {@code text/event-stream}, with or without {@code event:} names (WHATWG). */
    SSE,
    /** One JSON object per line ({@code application/x-ndjson}), as Ollama streams. */
    NDJSON
  }

  Framing framing();

  /** A reader for one response. */
  Reader newReader();

  /**
   * True when the protocol has no terminator and a response that ends after at least one chunk,
   * without an error, is complete (Gemini, Triton); false when only {@code DONE}/{@code LAST} ends
   * it cleanly.
   */
  default boolean endsAtClose() {
    return false;
  }

  /** Reads a whole, non-streamed answer (or an error object) of this protocol. */
  Chunk readWhole(byte[] body, int offset, int length);

  /** Reads one event of one response; not thread-safe, one per response. */
  @FunctionalInterface
  interface Reader {
    /**
     * One event.
     *
     * @param event the SSE event name ({@code message} when it had none; {@code line} for NDJSON)
     * @param data the payload's UTF-8 bytes, valid only during the call
     * @return what it says, or null when it says nothing to measure
     */
    Chunk read(String event, byte[] data, int offset, int length);
  }

  /** OpenAI's chat and completions streams ({@link ChunkParser}): SSE, {@code [DONE]} ends it. */
  StreamFormat OPENAI =
      new StreamFormat() {
        private final Reader reader =
            (event, data, offset, length) -> ChunkParser.parse(data, offset, length);

        @Override
        public Framing framing() {
          return Framing.SSE;
        }

        @Override
        public Reader newReader() {
          return reader; // stateless: one for every response
        }

        @Override
        public Chunk readWhole(byte[] body, int offset, int length) {
          return ChunkParser.parse(body, offset, length);
        }

        @Override
        public String toString() {
          return "openai";
        }
      };
}
