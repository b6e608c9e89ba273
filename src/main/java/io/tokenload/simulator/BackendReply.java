package io.tokenload.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.tokenload.local.LocalBackend;
import io.tokenload.local.LocalRequest;
import io.tokenload.transport.StreamListener;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Answers one completion with a {@link LocalBackend}: hands the request to the backend, which
 * generates on its own threads, and forwards what it emits to the connection.
 *
 * <p><b>Threads.</b> The backend calls this listener from its threads; each call copies its bytes
 * and queues a task on the connection's event loop, which does all the writing, so nothing here
 * blocks an event loop and the events keep their order. Each server-sent event is flushed as it
 * comes.
 *
 * <p><b>What goes out.</b> A streamed answer's head is sent when the backend reports status 200,
 * which is when the request leaves the backend's queue and its prompt has been checked; then every
 * event as it comes, and the end of the body after {@code [DONE]}. A request the backend refuses
 * (status 400, a prompt too long for the context) and a non-streamed answer are sent whole, as
 * JSON, with the backend's status. A generation that fails after the head ends the stream with an
 * {@code error} event and {@code [DONE]}, as vLLM does; before the head, with a 500.
 *
 * <p><b>Backpressure.</b> As in llama.cpp's own server, generation never waits for a slow reader:
 * an answer's bytes are bounded by its {@code max_tokens}, and only the backend's parallel slots
 * generate at once. A client that lets more than {@value #MAX_UNREAD_BYTES} bytes pile up unread is
 * cut off, which cancels its generation, as does any client that leaves.
 */
final class BackendReply implements HttpHandler.InFlight, StreamListener {

  static final long MAX_UNREAD_BYTES = 8L << 20;

  private static final System.Logger LOG = System.getLogger(BackendReply.class.getName());
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final ChannelHandlerContext ctx;
  private final Function<StreamListener, LocalBackend.Cancellable> starter;
  private final boolean stream;
  private final String requestName;
  private final String requestIdHeader;
  private final Runnable onDone;

  // Event-loop state.
  private LocalBackend.Cancellable generation;
  private boolean stopped;
  private int status;
  private boolean headSent;
  private ByteArrayOutputStream body;

  BackendReply(
      ChannelHandlerContext ctx,
      LocalBackend backend,
      LocalRequest request,
      String requestIdHeader,
      Runnable onDone) {
    this(
        ctx,
        listener -> backend.stream(request, listener),
        request.delivery().stream(),
        request.requestId(),
        requestIdHeader,
        onDone);
  }

  /**
   * An answer from anything that reports to a {@link StreamListener} as a backend does, such as a
   * {@link Gateway}'s remote server.
   *
   * @param starter starts the answer and returns what cancels it
   * @param requestName names the request in the log
   */
  BackendReply(
      ChannelHandlerContext ctx,
      Function<StreamListener, LocalBackend.Cancellable> starter,
      boolean stream,
      String requestName,
      String requestIdHeader,
      Runnable onDone) {
    this.ctx = ctx;
    this.starter = starter;
    this.stream = stream;
    this.requestName = requestName;
    this.requestIdHeader = requestIdHeader;
    this.onDone = onDone;
  }

  /**
   * Queues the request with the backend.
   *
   * @throws ApiError 503 when the backend is closed
   */
  void start() {
    try {
      generation = starter.apply(this);
    } catch (IllegalStateException e) {
      throw ApiError.unavailable("The model is not available: " + e.getMessage());
    }
  }

  /** The client left or the server is closing: give the backend's time to others. */
  @Override
  public void stop() {
    stopped = true;
    body = null;
    if (generation != null) {
      generation.cancel();
    }
  }

  // StreamListener: called on a backend thread.

  @Override
  public void onSent(long nanos) {}

  @Override
  public void onStatus(long nanos, int httpStatus) {
    onLoop(() -> status(httpStatus));
  }

  @Override
  public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {
    byte[] copy = Arrays.copyOfRange(buf, off, off + len); // buf is reused after this call
    onLoop(() -> bytes(copy));
  }

  @Override
  public void onEnd(long nanos) {
    onLoop(this::end);
  }

  @Override
  public void onFailure(long nanos, String reason) {
    onLoop(() -> fail(reason));
  }

  private void onLoop(Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      // The server is closing: the connection is gone, and so is the client.
    }
  }

  // On the event loop.

  private void status(int httpStatus) {
    if (stopped) {
      return;
    }
    status = httpStatus;
    if (stream && httpStatus == 200) {
      ctx.writeAndFlush(Responses.eventStreamHead(requestIdHeader), ctx.voidPromise());
      headSent = true;
    } else {
      body = new ByteArrayOutputStream(1024);
    }
  }

  private void bytes(byte[] bytes) {
    if (stopped) {
      return;
    }
    if (!headSent) {
      if (body != null) {
        body.writeBytes(bytes);
      }
      return;
    }
    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)), ctx.voidPromise());
    if (ctx.channel().bytesBeforeWritable() > MAX_UNREAD_BYTES) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Closing the connection of request {0}: over {1} bytes of its answer are unread",
          requestName,
          MAX_UNREAD_BYTES);
      ctx.close(); // channelInactive stops this reply, which cancels the generation
    }
  }

  private void end() {
    if (stopped) {
      return;
    }
    if (headSent) {
      stopped = true;
      // A normal promise: the keep-alive handler may add a listener to close the connection.
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      onDone.run();
    } else if (body == null) {
      fail("the backend ended the request without a status");
    } else {
      stopped = true;
      ctx.writeAndFlush(
          Responses.json(
              ctx.alloc(),
              HttpResponseStatus.valueOf(status),
              body.toByteArray(),
              requestIdHeader));
      onDone.run();
    }
  }

  private void fail(String reason) {
    if (stopped) {
      return;
    }
    stopped = true;
    ApiError error = ApiError.internal("The model failed to answer: " + reason);
    if (headSent) {
      byte[] event = errorEvent(error);
      ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(event, DONE)), ctx.voidPromise());
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    } else {
      ctx.writeAndFlush(Responses.error(ctx.alloc(), error, requestIdHeader));
    }
    onDone.run();
  }

  /** {@code data: {"error":{…}}}, the event OpenAI clients read as a failure inside a stream. */
  private static byte[] errorEvent(ApiError error) {
    try {
      String json = JsonFields.MAPPER.writeValueAsString(Responses.errorBody(error));
      return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
