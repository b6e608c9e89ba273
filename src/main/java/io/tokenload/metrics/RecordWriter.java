package io.tokenload.metrics;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends {@link RequestRecord}s to a JSON-lines file as requests complete.
 *
 * <p>Event-loop threads only enqueue; one background thread encodes and writes, flushing after
 * every batch, so an interrupted run keeps every request it finished and the hot path never blocks
 * on disk. The writer looks at the queue every {@value #DRAIN_MILLIS} ms rather than being woken
 * per record: a wake-up is a system call on the event loop and a thread made runnable beside it,
 * for every request; at a thousand requests a second on two cores they delayed the loop's reads.
 */
public final class RecordWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordWriter.class);
  private static final RequestRecord POISON =
      new RequestRecord(
          null, null, null, 0, 0, 0, false, null, 0, 0, 0, null, null, null, 0, 0, 0, 0);
  // The file stays open between records, so Jackson must neither close it after each value nor
  // flush it: a flush per record was a write() per request, on a thread that shares the cores with
  // the event loop. The batch is flushed once, after its last record.
  private static final ObjectWriter LINE =
      JsonMapper.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
          .build()
          .writerFor(RequestRecord.class);

  private final Path file;
  private static final long DRAIN_MILLIS = 50;

  // Records, and the callbacks of afterWritten in their place among them.
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Thread thread;
  private volatile IOException failure;
  private long written;

  public RecordWriter(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.toAbsolutePath().getParent());
    OutputStream out =
        new BufferedOutputStream(
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            64 * 1024);
    thread = new Thread(() -> drain(out), "tokenload-records");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a record; never blocks. */
  public void accept(RequestRecord record) {
    queued.incrementAndGet();
    queue.add(record);
  }

  /**
   * Runs {@code then} on the writer's thread once every record queued before it is written and
   * flushed: what is noted after a cell's records (its end, which a watcher or a resume reads as
   * "the cell's records are all there") cannot overtake them. Never blocks; not run once closed.
   */
  public void afterWritten(Runnable then) {
    queue.add(then);
    LockSupport.unpark(thread);
  }

  private void drain(OutputStream out) {
    try (out) {
      while (true) {
        boolean last = false;
        boolean any = false;
        for (Object next = queue.poll(); next != null; next = queue.poll()) {
          if (next instanceof Runnable then) {
            out.flush();
            try {
              then.run();
            } catch (RuntimeException e) {
              LOG.error("what was to follow the records written so far failed", e);
            }
            continue;
          }
          queued.decrementAndGet();
          any = true;
          if (next == POISON) {
            last = true;
            break;
          }
          LINE.writeValue(out, next);
          out.write('\n');
          written++;
        }
        if (any) {
          out.flush();
        }
        if (last) {
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS));
      }
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Writes what is queued, then closes the file. */
  @Override
  public void close() {
    accept(POISON);
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw new UncheckedIOException("writing request records to " + file + " failed", failure);
    }
  }

  /** Records queued and not written yet: a bulk writer (a merge) waits while many are. */
  public int queued() {
    return queued.get();
  }

  /** Records written so far; exact after {@link #close()}. */
  public long written() {
    return written;
  }
}
