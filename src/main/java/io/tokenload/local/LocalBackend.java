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
 *       each token as it is produced and a running {@code usage} (vLLM's {@code
 *       continuous_usage_stats}), a finish chunk, a usage-only chunk, {@code data: [DONE]\n\n}.
 *       Each call is stamped with {@code System.nanoTime()} when its bytes are ready: the
 *       in-process equivalent of arriving from the socket;
 *   <li>{@code onEnd}; or {@code onFailure} if generation failed or the backend was closed.
 * </ol>
 *
 * <p>Implementations are thread-safe: {@link #stream} may be called from any thread and returns at
 * once.
 */
public interface LocalBackend extends AutoCloseable {

  /** The model name put in every chunk's {@code model} field. */
  String model();

  /**
   * Starts streaming {@code request} to {@code listener}.
   *
   * @throws IllegalStateException when the backend is closed
   */
  void stream(LocalRequest request, StreamListener listener);

  /** Stops taking requests, ends those in flight and releases the model. Idempotent. */
  @Override
  void close();
}
