package io.tokenload.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Streams one response's events on its connection's event loop, each as soon as its tokens exist,
 * in the format its {@link Wire} writes (OpenAI's, or another protocol's).
 *
 * <p>Timing comes from a {@link Pace}. On the fixed preset the schedule is absolute, counted from
 * the moment the request was accepted: token {@code t} (0-based) is due at {@code accept + ttft + t
 * * itl}, and a chunk carrying several tokens is due when its last token is. Each turn writes every
 * event that is due, flushes once, and then schedules itself for the next due time, computed afresh
 * from the clock, so a late wake-up never pushes later chunks back (no drift accumulates). With an
 * engine model there is no schedule: the engine wakes the writer after each step that gave this
 * response a token. Chat's role chunk is due with the first token: vLLM sends it on the engine's
 * first output, which arrives after prefill, so clients (and {@code vllm bench serve}, which counts
 * it as the first token) see it at TTFT, not at once.
 *
 * <p>When many events are due at once (zero delays, or a late turn), a turn writes at most {@link
 * TargetSettings#chunksPerWrite} token chunks (one write) and then queues itself behind the other
 * streams' tasks, so one fast stream cannot starve the others sharing its thread. While the
 * connection's outbound buffer is full such catch-up waits for {@link #writabilityChanged()}
 * instead of queuing more bytes.
 *
 * <p>Faults ({@link Fault}): {@code disconnect} closes the connection when token chunk {@code
 * after} is due instead of sending it; {@code never-ends} stops there instead and holds the
 * connection open, sending nothing, until the client leaves or its {@code ms} pass; {@code
 * malformed} sends a cut-short event before token chunk {@code after}; {@code drip} trickles every
 * byte out through {@link Outbound}. Each {@code after} beyond the response's chunks means after
 * the last one, before the finish chunk.
 *
 * <p>Not thread-safe: everything runs on the channel's event loop.
 */
final class StreamWriter implements Runnable, HttpHandler.InFlight {

  private static final System.Logger LOG = System.getLogger(StreamWriter.class.getName());
  private static final int NO_CHUNK = Integer.MAX_VALUE;

  private final ChannelHandlerContext ctx;
  private final Wire wire;
  private final OutputPlan plan;
  private final String listenerId;
  private final ChunkWriteListener listener;
  private final Pace pace;
  private final Outbound outbound;
  private final int tokensPerChunk;
  private final int chunksPerTurn;
  private final int chunkCount;
  private final Runnable onDone;
  private final Fault fault;
  private final int haltChunk;
  private final int malformedChunk;

  private boolean roleSent;
  private int nextChunk;
  private boolean stopped;
  private boolean waitingForWritability;
  private ScheduledFuture<?> timer;

  /**
   * @param pace checked, not yet started
   * @param fault the fault to perform, null for none; {@code error}, {@code rate-limit} and {@code
   *     stall} happen before a writer starts
   */
  StreamWriter(
      ChannelHandlerContext ctx,
      Wire wire,
      OutputPlan plan,
      TargetSettings settings,
      String listenerId,
      Pace pace,
      Fault fault,
      Runnable onDone) {
    this.ctx = ctx;
    this.wire = wire;
    this.plan = plan;
    this.listenerId = listenerId;
    this.listener = settings.chunkWriteListener();
    this.pace = pace;
    this.tokensPerChunk = settings.tokensPerChunk();
    this.chunksPerTurn = settings.chunksPerWrite();
    this.chunkCount = plan.chunkCount(tokensPerChunk);
    this.onDone = onDone;
    this.roleSent = !wire.hasFirst();
    this.fault = fault;
    Fault.Kind kind = fault == null ? null : fault.kind();
    boolean halts = kind == Fault.Kind.DISCONNECT || kind == Fault.Kind.NEVER_ENDS;
    this.haltChunk = halts ? Math.min(fault.param("after"), chunkCount) : NO_CHUNK;
    this.malformedChunk =
        kind == Fault.Kind.MALFORMED ? Math.min(fault.param("after"), chunkCount) : NO_CHUNK;
    this.outbound =
        kind == Fault.Kind.DRIP
            ? Outbound.drip(ctx, fault.param("bytes"), fault.param("ms") * 1_000_000L)
            : Outbound.direct(ctx);
  }

  /**
   * Sends the response head at once, then the events as their tokens come.
   *
   * @param startNanos when generation starts: acceptance, or the end of a stall
   */
  void start(String requestIdHeader, long startNanos) {
    outbound.head(Responses.eventStreamHead(requestIdHeader, wire.contentType()));
    pace.start(startNanos, this::wake);
    run();
  }

  /** Stops generating and writing, for example because the client went away. */
  @Override
  public void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    pace.stop();
    outbound.stop();
  }

  /** Resumes a catch-up that paused because the connection's outbound buffer was full. */
  void writabilityChanged() {
    if (waitingForWritability && !stopped && ctx.channel().isWritable()) {
      waitingForWritability = false;
      run();
    }
  }

  /** The engine produced tokens for this response. */
  private void wake() {
    if (!stopped && !waitingForWritability) {
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
    ByteBuf out = ctx.alloc().ioBuffer(512);
    int firstChunk = nextChunk;
    boolean halt;
    try {
      if (!roleSent && haltChunk > 0 && pace.ready(1, now)) {
        wire.first(out);
        roleSent = true;
      }
      while (roleSent
          && nextChunk < chunkCount
          && nextChunk < haltChunk
          && pace.ready(tokensAfter(nextChunk), now)
          && nextChunk - firstChunk < chunksPerTurn) {
        int from = plan.chunkStart(nextChunk, tokensPerChunk);
        int to = tokensAfter(nextChunk);
        if (nextChunk == malformedChunk) {
          wire.malformed(out, plan, from, to);
        }
        wire.tokens(out, plan, from, to);
        nextChunk++;
      }
      halt = nextChunk == haltChunk && (nextChunk == chunkCount || pace.ready(tokensNeeded(), now));
      if (!halt && nextChunk == chunkCount) {
        if (malformedChunk == chunkCount) {
          int last = chunkCount - 1;
          wire.malformed(out, plan, plan.chunkStart(last, tokensPerChunk), tokensAfter(last));
        }
        wire.end(out, plan);
      }
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
    boolean finished = !halt && nextChunk == chunkCount;
    if (halt) {
      halt(out);
    } else if (finished) {
      stopped = true;
      pace.stop();
      outbound.last(out, onDone);
    } else if (out.isReadable()) {
      outbound.content(out);
    } else {
      out.release();
    }
    if (nextChunk > firstChunk) {
      notifyListener(firstChunk, nextChunk, System.nanoTime());
    }
    if (!finished && !halt) {
      scheduleNextTurn();
    }
  }

  /** Ends the stream the fault's way: a closed connection, or one held open in silence. */
  private void halt(ByteBuf out) {
    stopped = true;
    pace.stop();
    if (fault.kind() == Fault.Kind.DISCONNECT) {
      if (out.isReadable()) {
        ctx.writeAndFlush(new DefaultHttpContent(out)).addListener(ChannelFutureListener.CLOSE);
      } else {
        out.release();
        ctx.close();
      }
      return;
    }
    if (out.isReadable()) {
      outbound.content(out);
    } else {
      out.release();
    }
    long holdNanos = fault.param("ms") * 1_000_000L;
    timer = ctx.executor().schedule(() -> ctx.close(), holdNanos, TimeUnit.NANOSECONDS);
  }

  private void scheduleNextTurn() {
    int needed = tokensNeeded();
    long due = pace.dueNanos(needed);
    if (due == Pace.UNKNOWN) {
      if (!pace.ready(needed, System.nanoTime())) {
        return; // the engine wakes this writer when it has tokens
      }
    } else {
      long delay = due - System.nanoTime();
      if (delay > 0) {
        timer = ctx.executor().schedule(this, Pace.wakeDelay(delay), TimeUnit.NANOSECONDS);
        return;
      }
    }
    if (ctx.channel().isWritable()) {
      ctx.executor().execute(this); // behind the tasks already queued: fair to other streams
    } else {
      waitingForWritability = true;
    }
  }

  /** Tokens that must exist before the next event: the first, or the next chunk's last. */
  private int tokensNeeded() {
    return roleSent ? tokensAfter(nextChunk) : 1;
  }

  /** Tokens sent once chunk {@code chunk} is: its last token's index plus one. */
  private int tokensAfter(int chunk) {
    return plan.chunkEnd(chunk, tokensPerChunk);
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
