package io.tokenload.simulator;

/**
 * Told when the embedded target has flushed a token chunk to the socket, so a fidelity benchmark
 * can compare the client's measured arrival with the server's write time.
 *
 * <p>Called on the connection's event-loop thread, right after the flush that carried the chunk:
 * keep it short and non-blocking, or it delays every stream sharing that thread. Chunks flushed
 * together (several were due at once) are reported with the same {@code nanoTime}. Under a {@code
 * drip} fault it is called when the chunk is queued for trickling, not when its last byte leaves.
 * An exception thrown here is logged and does not stop the stream.
 */
@FunctionalInterface
public interface ChunkWriteListener {

  /**
   * @param requestId the request's {@code X-Request-Id} header, else the response id the chunks
   *     carry
   * @param chunkIndex 0-based index among the token-carrying chunks of this response (the role
   *     chunk, the finish chunk and the usage chunk are not counted)
   * @param nanoTime {@code System.nanoTime()} just after the flush
   */
  void onChunkWritten(String requestId, int chunkIndex, long nanoTime);
}
