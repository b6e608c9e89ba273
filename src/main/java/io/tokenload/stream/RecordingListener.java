package io.tokenload.stream;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.Redactor;
import io.tokenload.transport.StreamLimits;
import io.tokenload.transport.StreamListener;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Connects the transport to a {@link StreamRecorder}: forwards the stamped bytes and hands the
 * finished {@link RequestRecord} to {@code onDone}, on the connection's event loop.
 */
public final class RecordingListener implements StreamListener {

  /**
   * What the workload asked of one request; fixed before it is sent.
   *
   * @param tokenizer counts output tokens when the server sends no running usage; null for none
   * @param limits where the stream is cut
   * @param redactor blanks the run's secrets out of the request's error
   * @param format the protocol's framing and event reader (the backend's)
   * @param streamed false for a request sent with streaming off: one whole answer is expected
   * @param keepText keep the answer's text ({@link StreamRecorder#transcript}), for samples
   */
  public record Asked(
      String requestId,
      String cell,
      long runStartNanos,
      long intendedNanos,
      int promptTokens,
      int outputTokens,
      Tokenizer tokenizer,
      StreamLimits limits,
      Redactor redactor,
      StreamFormat format,
      boolean streamed,
      boolean keepText) {

    /** A streamed OpenAI-compatible request. */
    public Asked(
        String requestId,
        String cell,
        long runStartNanos,
        long intendedNanos,
        int promptTokens,
        int outputTokens,
        Tokenizer tokenizer,
        StreamLimits limits,
        Redactor redactor) {
      this(
          requestId,
          cell,
          runStartNanos,
          intendedNanos,
          promptTokens,
          outputTokens,
          tokenizer,
          limits,
          redactor,
          StreamFormat.OPENAI,
          true,
          false);
    }

    /** A request with the default limits and no secrets. */
    public Asked(
        String requestId,
        String cell,
        long runStartNanos,
        long intendedNanos,
        int promptTokens,
        int outputTokens,
        Tokenizer tokenizer) {
      this(
          requestId,
          cell,
          runStartNanos,
          intendedNanos,
          promptTokens,
          outputTokens,
          tokenizer,
          StreamLimits.DEFAULTS,
          Redactor.NONE);
    }
  }

  private final Asked asked;
  private final BiConsumer<RequestRecord, Transcript> onDone;
  private StreamRecorder recorder;
  private String retryAfter;

  public RecordingListener(Asked asked, Consumer<RequestRecord> onDone) {
    this(asked, (record, transcript) -> onDone.accept(record));
  }

  /**
   * A listener that hands over the record and the answer's text ({@link Asked#keepText}; null
   * otherwise).
   */
  public RecordingListener(Asked asked, BiConsumer<RequestRecord, Transcript> onDone) {
    this.asked = asked;
    this.onDone = onDone;
  }

  /**
   * The answer's text, when {@link Asked#keepText} asked for it and the request ended; else null.
   */
  public Transcript transcript() {
    return recorder == null ? null : recorder.transcript();
  }

  @Override
  public void onSent(long nanos) {
    recorder = new StreamRecorder(asked, nanos);
  }

  @Override
  public void onStatus(long nanos, int httpStatus) {
    recorder.onStatus(httpStatus);
  }

  @Override
  public void onHeaders(long nanos, String contentType, String contentEncoding, String location) {
    recorder.onHeaders(nanos, contentType, contentEncoding, location);
  }

  @Override
  public void onRetryAfter(long nanos, String value) {
    retryAfter = value;
  }

  /** The response's {@code Retry-After} header as sent, or null. */
  public String retryAfter() {
    return retryAfter;
  }

  @Override
  public Progress progress() {
    return recorder.progress();
  }

  @Override
  public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {
    recorder.onBytes(arrivalNanos, buf, off, len);
  }

  @Override
  public void onEnd(long nanos) {
    recorder.onEnd(nanos);
    onDone.accept(recorder.finish(), recorder.transcript());
  }

  @Override
  public void onFailure(long nanos, String reason) {
    if (recorder == null) {
      // Failed before the request left (connect refused): it counts as sent when it failed.
      onSent(nanos);
    }
    recorder.onFailure(nanos, reason);
    onDone.accept(recorder.finish(), recorder.transcript());
  }
}
