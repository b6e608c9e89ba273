package io.tokenload.stream;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.Redactor;
import io.tokenload.transport.StreamLimits;
import io.tokenload.transport.StreamListener;
import java.util.Arrays;
import java.util.List;

/**
 * Times one streamed completion request from the bytes the transport hands it, and produces its
 * {@link RequestRecord}.
 *
 * <p><b>Time.</b> The recorder never reads a clock. The transport stamps {@code System.nanoTime()}
 * when bytes arrive and passes it in; every event decoded from one {@link #onBytes} call gets that
 * call's arrival time, so several events in one read share a timestamp.
 *
 * <p><b>Threading.</b> Not thread-safe: the one event-loop thread that owns the connection drives
 * it.
 *
 * <p><b>Protocols.</b> The framing and the reading of each event are the backend's {@link
 * StreamFormat} ({@link RecordingListener.Asked#format}); the rules below are written for OpenAI's
 * stream and hold for every protocol with these equivalents: a {@link Chunk.Kind#LAST} chunk is
 * measured and then ends the stream as {@code [DONE]} does; a protocol without a terminator ({@link
 * StreamFormat#endsAtClose}) ends cleanly when its 2xx response ends after at least one chunk; an
 * NDJSON protocol's {@code application/x-ndjson} body is its event stream. A request sent with
 * streaming off ({@link RecordingListener.Asked#streamed} false) expects one whole answer: it is
 * {@code ok} with no time to first token, its one chunk at the body's end.
 *
 * <p><b>Rules.</b>
 *
 * <ul>
 *   <li>Time to first token ({@code firstTokenNanos}) is the arrival of the first chunk carrying
 *       non-empty content or reasoning text; a role-only or empty-content chunk does not count.
 *       {@code firstAnswerNanos} is the first chunk with non-empty answer content, later than the
 *       first token when reasoning comes first.
 *   <li>Only chunks that carry text are in {@code chunkNanos}. Their tokens ({@code tokenSource}):
 *       {@code usage} when every text chunk carried {@code usage.completion_tokens} (vLLM's {@code
 *       continuous_usage_stats}): the running count at the chunk minus the running count at the
 *       previous text chunk, so tokens reported on a chunk without text go to the next text chunk,
 *       and a text chunk whose count did not advance carries 0 tokens; else {@code tokenizer}: the
 *       tokenizer's count of the chunk's reasoning and content; else {@code chunks}: 1 per chunk.
 *   <li>{@code outputTokens} is the last {@code usage.completion_tokens} the server sent (the final
 *       usage chunk, or the last running count), else the sum of {@code chunkTokens}; {@code
 *       promptTokens} is the last {@code usage.prompt_tokens}, else -1.
 *   <li>{@code ok} only when {@code [DONE]} arrived, the HTTP status was 2xx and no error object
 *       came. The request ends at {@code [DONE]} ({@link #progress} tells the transport, which
 *       stops reading even if the server keeps the connection open); data after it is not read. A
 *       blank {@code data} payload is a keep-alive and is skipped.
 *   <li>Failures keep what was measured before them; the first failure is the one reported:
 *       <ul>
 *         <li>a redirect: {@code "HTTP 307 redirect to <Location>, not followed: point the URL at
 *             it"} (it is not followed: a POST's body would have to be sent again, to a place the
 *             user did not name);
 *         <li>a {@code Content-Encoding} other than {@code identity}: {@code "HTTP 200 with
 *             Content-Encoding gzip, which tokenload neither asks for nor decodes"};
 *         <li>a 2xx {@code Content-Type} other than {@code text/event-stream} or {@code
 *             application/json}: {@code "HTTP 200 with Content-Type text/html, not
 *             text/event-stream: not an event stream"};
 *         <li>a 2xx body that is one JSON completion ({@code application/json}, or a body that
 *             starts with <code>{</code>): {@code "HTTP 200 answered with one JSON completion, not
 *             an event stream: …"}: no chunk is recorded, so no fake TTFT or zero ITL; a JSON error
 *             object there gives {@code "response error: …"};
 *         <li>a non-2xx status: the body is read to the end, and the error is {@code "HTTP 429:
 *             <message>"}, the message of its error JSON or else its first 200 characters;
 *         <li>an error object in the stream: {@code "stream error after N chunks: <type> (code
 *             <code>): <message>"}; nothing after it is read;
 *         <li>a malformed chunk: {@code "malformed chunk after N chunks: <reason>"}; counting stops
 *             there, as the rest of the stream cannot be trusted;
 *         <li>the response ends without {@code [DONE]}: {@code "stream ended before [DONE] after N
 *             chunks"} (noting an unterminated last event, which the SSE rules drop);
 *         <li>{@link #onFailure}: {@code "<reason> after N chunks"}; a failure after {@code [DONE]}
 *             is ignored, the stream was already complete;
 *         <li>a limit ({@link StreamLimits}): {@code "an event-stream line or event exceeds B bytes
 *             (stream.max.line.kb) after N chunks"}, or {@code "stream carried more than T output
 *             tokens for A asked (stream.max.output.ratio R) after N chunks"} (tokens so far: the
 *             running {@code usage.completion_tokens}, else one per text chunk); the max stream
 *             time is the transport's ({@code onFailure}).
 *       </ul>
 *       Every error has the run's secrets blanked out ({@link Redactor}) before it is kept. N
 *       counts the JSON chunks received, with or without text.
 *   <li>{@code endNanos} is the arrival of the last event ({@code [DONE]}, or the last chunk of a
 *       whole-body response at {@link #onEnd}), or the time of the failure: the error event's
 *       arrival, the {@code onEnd} of a stream cut short, or the {@code onFailure} time.
 *   <li>Record times are offsets as {@link RequestRecord} documents: intended and sent from the
 *       run's start, every other time from {@code sentNanos}; -1 when it never happened.
 * </ul>
 */
public final class StreamRecorder {

  private static final long NONE = Long.MIN_VALUE;

  private enum Mode {
    UNDECIDED,
    EVENTS,
    BODY
  }

  private final String requestId;
  private final String cell;
  private final long runStartNanos;
  private final long intendedNanos;
  private final long sentNanos;
  private final int promptTokensAsked;
  private final int outputTokensAsked;
  private final Tokenizer tokenizer;
  private final StreamLimits limits;
  private final int maxOutputTokens;
  private final Redactor redactor;
  private final StreamFormat format;
  private final StreamFormat.Reader reader;
  private final boolean streamed;
  private final EventDecoder decoder;
  private final Transcript.Builder transcript;
  private final ChunkLog chunks;

  private Mode mode = Mode.UNDECIDED;
  private ResponseBody body;
  private int httpStatus;
  private long arrivalNanos;
  private int chunkCount;
  private String responseId;
  private long firstTokenNanos = NONE;
  private long firstAnswerNanos = NONE;
  private long endNanos = NONE;
  private int promptTokens = -1;
  private int cachedTokens = -1;
  private int completionTokens = -1;
  private boolean done;
  private boolean ended;
  private String error;
  private RequestRecord record;

  /**
   * A recorder for one request, with the default limits and no secrets.
   *
   * @param intendedNanos when the load model meant to send it, absolute {@code nanoTime}
   * @param sentNanos when its first byte went to the socket, absolute {@code nanoTime}
   * @param promptTokensAsked the input length asked for, -1 when not fixed
   * @param outputTokensAsked the output length asked for, -1 when not fixed
   * @param tokenizer counts tokens per chunk when the server sends no running usage; null for none
   */
  public StreamRecorder(
      String requestId,
      String cell,
      long runStartNanos,
      long intendedNanos,
      long sentNanos,
      int promptTokensAsked,
      int outputTokensAsked,
      Tokenizer tokenizer) {
    this(
        new RecordingListener.Asked(
            requestId,
            cell,
            runStartNanos,
            intendedNanos,
            promptTokensAsked,
            outputTokensAsked,
            tokenizer),
        sentNanos);
  }

  /**
   * A recorder for the request {@code asked} describes, sent at {@code sentNanos}: it cuts the
   * stream at {@code asked.limits()} and blanks {@code asked.redactor()}'s secrets out of the
   * error.
   */
  public StreamRecorder(RecordingListener.Asked asked, long sentNanos) {
    this.limits = asked.limits();
    this.maxOutputTokens = limits.maxOutputTokens(asked.outputTokens());
    this.redactor = asked.redactor();
    this.format = asked.format();
    this.reader = format.newReader();
    this.streamed = asked.streamed();
    this.transcript = asked.keepText() ? new Transcript.Builder() : null;
    this.decoder =
        format.framing() == StreamFormat.Framing.NDJSON
            ? new NdjsonDecoder(this::onEvent, limits.maxLineBytes())
            : new SseDecoder(this::onEvent, limits.maxLineBytes());
    this.requestId = asked.requestId();
    this.cell = asked.cell();
    this.runStartNanos = asked.runStartNanos();
    this.intendedNanos = asked.intendedNanos();
    this.sentNanos = sentNanos;
    this.promptTokensAsked = asked.promptTokens();
    this.outputTokensAsked = asked.outputTokens();
    this.tokenizer = asked.tokenizer();
    this.chunks = new ChunkLog(tokenizer != null);
  }

  /** The response status line arrived. A non-2xx response is read as an error body. */
  public void onStatus(int httpStatus) {
    this.httpStatus = httpStatus;
    if (!is2xx(httpStatus) && mode == Mode.UNDECIDED) {
      mode = Mode.BODY;
    }
  }

  /**
   * The response's {@code Content-Type}, {@code Content-Encoding} and {@code Location} (null when
   * absent): a redirect, an encoding, or a 2xx body that is not an event stream fails here ({@link
   * ResponseHead}).
   */
  public void onHeaders(long nanos, String contentType, String contentEncoding, String location) {
    ResponseHead head =
        new ResponseHead(httpStatus, contentType, contentEncoding, location, format.framing());
    String refusal = head.refusal();
    if (refusal != null) {
      fail(nanos, refusal);
    } else if (head.body() == ResponseHead.Body.EVENTS) {
      mode = Mode.EVENTS;
    } else if (head.body() == ResponseHead.Body.WHOLE) {
      mode = Mode.BODY; // a whole answer, or an error object: readBody says which
    }
  }

  /**
   * {@link StreamListener.Progress#COMPLETE} once {@code [DONE]} arrived, {@link
   * StreamListener.Progress#ABANDON} once the request failed (a limit, an unreadable response), so
   * the transport stops reading; else {@link StreamListener.Progress#MORE}.
   */
  public StreamListener.Progress progress() {
    if (done) {
      return StreamListener.Progress.COMPLETE;
    }
    return error == null ? StreamListener.Progress.MORE : StreamListener.Progress.ABANDON;
  }

  /** Body bytes arrived at {@code arrivalNanos}; every event they complete gets that time. */
  public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {
    if (ended || done || error != null) {
      return;
    }
    if (mode == Mode.UNDECIDED) {
      int first = off;
      while (first < off + len && isJsonWhitespace(buf[first])) {
        first++;
      }
      if (first == off + len) {
        decoder.feed(buf, off, len); // blank lines are harmless in an event stream
        return;
      }
      // One JSON object is a whole answer, except where a stream is JSON lines (NDJSON).
      boolean lines =
          format.framing() == StreamFormat.Framing.NDJSON && streamed && is2xx(httpStatus);
      mode = buf[first] == '{' && !lines ? Mode.BODY : Mode.EVENTS;
    }
    if (mode == Mode.BODY) {
      body().append(buf, off, len);
      if (body().truncated()) {
        fail(
            arrivalNanos,
            is2xx(httpStatus)
                ? "response body exceeds " + ResponseBody.MAX_BYTES + " bytes"
                : body().httpError(httpStatus)
                    + "; the body exceeds "
                    + ResponseBody.MAX_BYTES
                    + " bytes, the rest was not read");
      }
    } else {
      this.arrivalNanos = arrivalNanos;
      decoder.feed(buf, off, len);
      if (decoder.overflowed()) {
        fail(
            arrivalNanos,
            "an event-stream line or event exceeds "
                + limits.maxLineBytes()
                + " bytes (stream.max.line.kb) after "
                + chunksSoFar());
      }
    }
  }

  /** The response is complete or the connection closed, at {@code nanos}. */
  public void onEnd(long nanos) {
    if (ended || done) {
      return;
    }
    ended = true;
    if (mode == Mode.BODY) {
      readBody(nanos);
      return;
    }
    boolean partial = decoder.finish();
    if (format.endsAtClose() && chunkCount > 0 && error == null && is2xx(httpStatus)) {
      // No terminator in this protocol: the response's end after its chunks is a clean end.
      done = true;
      endNanos = nanos;
      return;
    }
    fail(
        nanos,
        "stream ended before [DONE] after "
            + chunksSoFar()
            + (partial ? "; an unterminated last event was dropped" : ""));
  }

  /** The transport failed at {@code nanos}: an I/O error, a timeout, a reset. */
  public void onFailure(long nanos, String reason) {
    if (ended || done) {
      return;
    }
    ended = true;
    if (mode == Mode.BODY && !is2xx(httpStatus)) {
      fail(nanos, body().httpError(httpStatus) + "; then " + reason);
    } else {
      fail(nanos, reason + " after " + chunksSoFar());
    }
  }

  /** The request's record. Call once the response ended; later calls return the same record. */
  public RequestRecord finish() {
    if (record != null) {
      return record;
    }
    if (!ended && !done) {
      fail(NONE, "recorder finished before the response ended, after " + chunksSoFar());
    }
    if (error == null && !is2xx(httpStatus)) {
      error = httpStatus == 0 ? "no HTTP status was reported" : "HTTP " + httpStatus;
    }
    String tokenSource;
    int[] tokens;
    if (completionTokens >= 0 && chunks.allCarryUsage()) {
      tokenSource = "usage";
      tokens = chunks.tokensFromUsage();
    } else if (tokenizer != null) {
      tokenSource = "tokenizer";
      tokens = chunks.tokensFromTokenizer(tokenizer);
    } else {
      tokenSource = "chunks";
      tokens = chunks.onePerChunk();
    }
    record =
        new RequestRecord(
            requestId,
            responseId,
            cell,
            intendedNanos - runStartNanos,
            sentNanos - runStartNanos,
            httpStatus,
            done && error == null,
            error,
            sinceSent(firstTokenNanos),
            sinceSent(firstAnswerNanos),
            sinceSent(endNanos),
            chunks.offsetsFrom(sentNanos),
            tokens,
            tokenSource,
            promptTokensAsked,
            promptTokens,
            outputTokensAsked,
            completionTokens >= 0 ? completionTokens : Arrays.stream(tokens).sum(),
            List.of(),
            cachedTokens >= 0 ? cachedTokens : null);
    return record;
  }

  private void onEvent(String type, byte[] data, int length, String lastEventId) {
    if (done || error != null || ChunkParser.isBlank(data, 0, length)) {
      return;
    }
    Chunk chunk = reader.read(type, data, 0, length);
    if (chunk == null) {
      return; // a ping, a block start: nothing to measure
    }
    switch (chunk.kind()) {
      case DONE -> {
        done = true;
        endNanos = arrivalNanos;
      }
      case ERROR ->
          fail(
              arrivalNanos,
              "stream error after " + chunksSoFar() + ": " + chunk.error().describe());
      case MALFORMED ->
          fail(
              arrivalNanos,
              "malformed chunk after " + chunksSoFar() + ": " + chunk.malformedReason());
      case DATA -> measure(chunk, arrivalNanos);
      case LAST -> {
        measure(chunk, arrivalNanos);
        if (error == null) {
          done = true;
          endNanos = arrivalNanos;
        }
      }
    }
  }

  /** The answer's text so far, when the request asked to keep it; else null. */
  public Transcript transcript() {
    return transcript == null ? null : transcript.build();
  }

  private void measure(Chunk chunk, long nanos) {
    chunkCount++;
    if (transcript != null) {
      transcript.add(chunk);
    }
    if (responseId == null) {
      responseId = chunk.responseId();
    }
    if (chunk.promptTokens() >= 0) {
      promptTokens = chunk.promptTokens();
    }
    if (chunk.cachedTokens() >= 0) {
      cachedTokens = chunk.cachedTokens();
    }
    if (chunk.completionTokens() >= 0) {
      completionTokens = chunk.completionTokens();
    }
    if (chunk.hasText()) {
      chunks.add(nanos, chunk.completionTokens(), chunk);
      int tokensSoFar = Math.max(completionTokens, chunks.size());
      if (tokensSoFar > maxOutputTokens) {
        fail(
            nanos,
            "stream carried more than "
                + maxOutputTokens
                + " output tokens for "
                + outputTokensAsked
                + " asked (stream.max.output.ratio "
                + limits.maxOutputRatio()
                + ") after "
                + chunksSoFar());
      }
      if (firstTokenNanos == NONE) {
        firstTokenNanos = nanos;
      }
      if (firstAnswerNanos == NONE && chunk.hasContent()) {
        firstAnswerNanos = nanos;
      }
    }
  }

  /** A whole body, read at {@code nanos}: an error response, or a non-stream completion. */
  private void readBody(long nanos) {
    if (!is2xx(httpStatus)) {
      fail(nanos, body().httpError(httpStatus));
      return;
    }
    if (body().truncated()) {
      fail(nanos, "response body exceeds " + ResponseBody.MAX_BYTES + " bytes");
      return;
    }
    byte[] whole = body().bytes();
    Chunk chunk = format.readWhole(whole, 0, whole.length);
    if (!streamed && (chunk.kind() == Chunk.Kind.DATA || chunk.kind() == Chunk.Kind.LAST)) {
      wholeAnswer(chunk, nanos);
      return;
    }
    switch (chunk.kind()) {
      case DATA, LAST ->
          fail(
              nanos,
              "HTTP "
                  + httpStatus
                  + " answered with one JSON completion, not an event stream: the server ignored"
                  + " stream=true, so TTFT and ITL cannot be measured");
      case ERROR -> fail(nanos, "response error: " + chunk.error().describe());
      case MALFORMED -> fail(nanos, "malformed response body: " + chunk.malformedReason());
      case DONE -> fail(nanos, "response body is only [DONE]");
    }
  }

  /**
   * The answer to a request sent with streaming off: it ends when its body has been read, and has
   * no time to first token (nothing arrives before the whole answer). Its tokens are the server's
   * usage, else the tokenizer's count of its text, else 1.
   */
  private void wholeAnswer(Chunk chunk, long nanos) {
    chunkCount++;
    if (transcript != null) {
      transcript.add(chunk);
    }
    responseId = chunk.responseId();
    promptTokens = chunk.promptTokens();
    completionTokens = chunk.completionTokens();
    if (chunk.hasText()) {
      chunks.add(nanos, chunk.completionTokens(), chunk);
    }
    done = true;
    endNanos = nanos;
  }

  private ResponseBody body() {
    if (body == null) {
      body = new ResponseBody();
    }
    return body;
  }

  /**
   * Records the first failure, the run's secrets blanked (servers echo keys in error text); later
   * ones are consequences and are dropped.
   */
  private void fail(long nanos, String reason) {
    if (error == null) {
      error = redactor.redact(reason);
      endNanos = nanos;
    }
  }

  /** "1 chunk", "3 chunks": the JSON chunks received so far. */
  private String chunksSoFar() {
    return chunkCount == 1 ? "1 chunk" : chunkCount + " chunks";
  }

  private long sinceSent(long nanos) {
    return nanos == NONE ? -1 : nanos - sentNanos;
  }

  private static boolean is2xx(int status) {
    return status >= 200 && status < 300;
  }

  private static boolean isJsonWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
