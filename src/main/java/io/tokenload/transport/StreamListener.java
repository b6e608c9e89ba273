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

  /**
   * The response's headers that decide how its body can be read, right after {@link #onStatus};
   * each null when absent. Listeners fed without HTTP (the local backends) never get it.
   */
  default void onHeaders(long nanos, String contentType, String contentEncoding, String location) {}

  /**
   * The response's {@code Retry-After} header, right after {@link #onHeaders}, only when present: a
   * request that is retried waits at least that long.
   */
  default void onRetryAfter(long nanos, String value) {}

  /**
   * What the listener still needs, asked after {@link #onHeaders} and after each {@link #onBytes}.
   * On anything but {@link Progress#MORE} the transport stops delivering and calls {@link #onEnd}
   * at once, with the time of the read that completed it.
   */
  default Progress progress() {
    return Progress.MORE;
  }

  /** See {@link #progress}. */
  enum Progress {
    /** Keep reading. */
    MORE,
    /**
     * The stream is complete ({@code [DONE]}): the request ends now, and the connection is kept if
     * the server ends the response soon after, else closed.
     */
    COMPLETE,
    /** The listener gave up (a limit, a response it cannot read): close the connection. */
    ABANDON
  }

  /** Body bytes arrived at {@code arrivalNanos}. The array is reused after the call returns. */
  void onBytes(long arrivalNanos, byte[] buf, int off, int len);

  /** The response ended normally. */
  void onEnd(long nanos);

  /** The exchange failed: connection refused or reset, timeout, protocol error. */
  void onFailure(long nanos, String reason);
}
