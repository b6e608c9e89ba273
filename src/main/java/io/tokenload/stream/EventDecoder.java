package io.tokenload.stream;

/**
 * A pure bytes-in, events-out reader of one stream's framing ({@link SseDecoder}, {@link
 * NdjsonDecoder}).
 */
interface EventDecoder {

  /** Decodes {@code len} bytes of {@code buf} from {@code off}; dispatches every event they end. */
  void feed(byte[] buf, int off, int len);

  /** True once a line or event went past the decoder's limit; the rest is ignored. */
  boolean overflowed();

  /** Ends the stream; true when an unterminated last event was dropped. */
  boolean finish();
}
