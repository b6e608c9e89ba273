package io.tokenload.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Streams one response's events on its connection's event loop, each at its due time.
 *
 * <p>Timing: the schedule is absolute, counted from the moment the request was accepted. Token
 * {@code t} (0-based) is due at {@code accept + ttft + t * itl}; a chunk carrying several tokens is
 * due when its last token is. Each turn writes every event that is due, flushes once, and then
 * schedules itself for the next due time, computed afresh from the clock, so a late wake-up never
 * pushes later chunks back (no drift accumulates). Chat's role chunk is due with the first token:
 * vLLM sends it on the engine's first output, which arrives after prefill, so clients (and {@code
 * vllm bench serve}, which counts it as the first token) see it at TTFT, not at once.
 *
 * <p>When many events are due at once (zero delays, or a late turn), a turn writes at most {@link
 * #MAX_CHUNKS_PER_TURN} token chunks and then queues itself behind the other streams' tasks, so one
 * fast stream cannot starve the others sharing its thread. While the connection's outbound buffer
 * is full such catch-up waits for {@link #writabilityChanged()} instead of queuing more bytes.
 *
 * <p>Not thread-safe: everything runs on the channel's event loop.
 */
final class StreamWriter implements Runnable {

  static final int MAX_CHUNKS_PER_TURN = 16;

  private static final System.Logger LOG = System.getLogger(StreamWriter.class.getName());

  private final ChannelHandlerContext ctx;
  private final ChunkJson.Head head;
  private final CompletionRequest request;
  private final OutputPlan plan;
  private final String listenerId;
  private final ChunkWriteListener listener;
  private final long firstTokenDueNanos;
  private final long itlNanos;
  private final int tokensPerChunk;
  private final int chunkCount;
  private final Runnable onDone;

  private boolean roleSent;
  private int nextChunk;
  private boolean stopped;
  private boolean waitingForWritability;
  private ScheduledFuture<?> timer;

  StreamWriter(
      ChannelHandlerContext ctx,
      ChunkJson.Head head,
      CompletionRequest request,
      OutputPlan plan,
      TargetSettings settings,
      String listenerId,
      long acceptNanos,
      Runnable onDone) {
    this.ctx = ctx;
    this.head = head;
    this.request = request;
    this.plan = plan;
    this.listenerId = listenerId;
    this.listener = settings.chunkWriteListener();
    this.firstTokenDueNanos = acceptNanos + settings.timeToFirstToken().toNanos();
    this.itlNanos = settings.interTokenLatency().toNanos();
    this.tokensPerChunk = settings.tokensPerChunk();
    this.chunkCount = (plan.tokens() + tokensPerChunk - 1) / tokensPerChunk;
    this.onDone = onDone;
    this.roleSent = head.kind() != CompletionKind.CHAT;
  }

  /** When a complete response carrying {@code tokens} tokens is due (its last token). */
  static long completionDueNanos(long acceptNanos, TargetSettings settings, int tokens) {
    return acceptNanos
        + settings.timeToFirstToken().toNanos()
        + (tokens - 1L) * settings.interTokenLatency().toNanos();
  }

  /** Sends the response head at once, then the events on schedule. */
  void start(String requestIdHeader) {
    ctx.writeAndFlush(Responses.eventStreamHead(requestIdHeader), ctx.voidPromise());
    run();
  }

  /** Stops generating, for example because the client went away. */
  void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /** Resumes a catch-up that paused because the connection's outbound buffer was full. */
  void writabilityChanged() {
    if (waitingForWritability && !stopped && ctx.channel().isWritable()) {
      waitingForWritability = false;
      run();
    }
  }

  /** One turn: write what is due, flush, then wait for the next due time. */
  @Override
  public void run() {
    timer = null;
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    ChunkJson json = ChunkJson.forThisThread();
    ByteBuf out = ctx.alloc().ioBuffer(512);
    int firstChunk = nextChunk;
    try {
      if (!roleSent && now - firstTokenDueNanos >= 0) {
        json.role(out, head, request.continuousUsage() ? 0 : ChunkJson.NO_USAGE);
        roleSent = true;
      }
      while (roleSent
          && nextChunk < chunkCount
          && now - dueNanos(nextChunk) >= 0
          && nextChunk - firstChunk < MAX_CHUNKS_PER_TURN) {
        int from = nextChunk * tokensPerChunk;
        int to = tokensAfter(nextChunk);
        json.tokens(out, head, plan, from, to, request.continuousUsage() ? to : ChunkJson.NO_USAGE);
        nextChunk++;
      }
      if (nextChunk == chunkCount) {
        writeEnd(json, out);
      }
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
    boolean finished = nextChunk == chunkCount;
    if (finished) {
      stopped = true;
      // A normal promise: the keep-alive handler may add a listener to close the connection.
      ctx.writeAndFlush(new DefaultLastHttpContent(out));
    } else if (out.isReadable()) {
      ctx.writeAndFlush(new DefaultHttpContent(out), ctx.voidPromise());
    } else {
      out.release();
    }
    if (nextChunk > firstChunk) {
      notifyListener(firstChunk, nextChunk, System.nanoTime());
    }
    if (finished) {
      onDone.run();
    } else {
      scheduleNextTurn();
    }
  }

  private void writeEnd(ChunkJson json, ByteBuf out) {
    int total = plan.tokens();
    json.finish(
        out, head, plan.finishReason(), request.continuousUsage() ? total : ChunkJson.NO_USAGE);
    if (request.includeUsage()) {
      json.usage(out, head, total);
    }
    ChunkJson.done(out);
  }

  private void scheduleNextTurn() {
    long due = roleSent ? dueNanos(nextChunk) : firstTokenDueNanos;
    long delay = due - System.nanoTime();
    if (delay > 0) {
      timer = ctx.executor().schedule(this, delay, TimeUnit.NANOSECONDS);
    } else if (ctx.channel().isWritable()) {
      ctx.executor().execute(this); // behind the tasks already queued: fair to other streams
    } else {
      waitingForWritability = true;
    }
  }

  /** Tokens sent once chunk {@code chunk} is: its last token's index plus one. */
  private int tokensAfter(int chunk) {
    return Math.min((chunk + 1) * tokensPerChunk, plan.tokens());
  }

  private long dueNanos(int chunk) {
    return firstTokenDueNanos + (tokensAfter(chunk) - 1L) * itlNanos;
  }

  private void notifyListener(int fromChunk, int toChunk, long flushedNanos) {
    if (listener == null) {
      return;
    }
    for (int chunk = fromChunk; chunk < toChunk; chunk++) {
      try {
        listener.onChunkWritten(listenerId, chunk, flushedNanos);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "ChunkWriteListener failed on " + listenerId, e);
      }
    }
  }
}
