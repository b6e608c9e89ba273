package io.tokenload.local;

import io.tokenload.transport.StreamListener;

/**
 * A model served in-process, streamed through the same callbacks as the HTTP transport, so {@code
 * StreamRecorder} (through {@code RecordingListener}) turns each response into the same {@code
 * RequestRecord} as a response read from a socket.
 *
 * <p>What the listener sees for one request, all calls from one backend thread, in order:
 *
 * <ol>
 *   <li>{@code onSent} with the {@code System.nanoTime()} of the {@link #stream} call, so time
 *       spent waiting for a free slot counts in time to first token, as a server's queue does;
 *   <li>{@code onStatus(200)}; or, for a request the model cannot take (a prompt longer than its
 *       context), {@code onStatus(400)} and an OpenAI error body;
 *   <li>{@code onBytes} once per server-sent event, exactly as an OpenAI-compatible server streams
 *       them (see {@link ChunkEncoder}): {@code data: {chat.completion.chunk}\n\n} with the text of
 *       each token as it is produced, a finish chunk, and {@code data: [DONE]\n\n}; the request's
 *       {@link LocalRequest.Delivery} adds the running {@code usage} to every chunk (vLLM's {@code
 *       continuous_usage_stats}) and a usage-only chunk before {@code [DONE]}. Each call is stamped
 *       with {@code System.nanoTime()} when its bytes are ready: the in-process equivalent of
 *       arriving from the socket. A request that is not streamed gets one call instead, with the
 *       whole {@code chat.completion} or {@code text_completion} JSON, once generation ends;
 *   <li>{@code onEnd}; or {@code onFailure} if generation failed, was cancelled, or the backend was
 *       closed.
 * </ol>
 *
 * <p>Implementations are thread-safe: {@link #stream} may be called from any thread and returns at
 * once; generation runs on the backend's own threads.
 */
public interface LocalBackend extends AutoCloseable {

  /** The model name put in every chunk's {@code model} field. */
  String model();

  /**
   * Starts answering {@code request} to {@code listener}.
   *
   * @return what cancels this request, for a caller whose client went away
   * @throws IllegalStateException when the backend is closed
   */
  Cancellable stream(LocalRequest request, StreamListener listener);

  /** Stops taking requests, ends those in flight and releases the model. Idempotent. */
  @Override
  void close();

  /** A request handed to {@link #stream}, which its caller may give up on. */
  interface Cancellable {

    /**
     * Stops working on the request: a queued request never starts, a running one stops after its
     * current token. Unless the listener has already had its last call, that call is then {@code
     * onFailure}. Idempotent; any thread.
     */
    void cancel();
  }
}
