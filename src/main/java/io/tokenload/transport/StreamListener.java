package io.tokenload.transport;

/**
 * Receives one streamed response as it arrives. All calls for one request come from the event-loop
 * thread that owns its connection, in order; exactly one of {@link #onEnd} or {@link #onFailure} is
 * the last call.
 *
 * <p>Every time is {@code System.nanoTime()} taken by the transport when the bytes were read from
 * the socket, before any decoding, so slow listeners never shift the measurements. The last call
 * comes once the loop has read the other sockets that were ready ({@link EndQueue}); its time is
 * still when the end was read.
 */
public interface StreamListener {

  /** The request's bytes were handed to the socket at {@code nanos}. */
  void onSent(long nanos);

  /** The status line arrived. */
  void onStatus(long nanos, int httpStatus);

  /** Body bytes arrived at {@code arrivalNanos}. The array is reused after the call returns. */
  void onBytes(long arrivalNanos, byte[] buf, int off, int len);

  /** The response ended normally. */
  void onEnd(long nanos);

  /** The exchange failed: connection refused or reset, timeout, protocol error. */
  void onFailure(long nanos, String reason);
}
