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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Appends {@link RequestRecord}s to a JSON-lines file as requests complete.
 *
 * <p>Event-loop threads only enqueue; one background thread encodes and writes, flushing after
 * every batch, so an interrupted run keeps every request it finished and the hot path never blocks
 * on disk.
 */
public final class RecordWriter implements AutoCloseable {

  private static final RequestRecord POISON =
      new RequestRecord(
          null, null, null, 0, 0, 0, false, null, 0, 0, 0, null, null, null, 0, 0, 0, 0);
  // The file stays open between records, so Jackson must not close it after each value.
  private static final ObjectWriter LINE =
      JsonMapper.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build()
          .writerFor(RequestRecord.class);

  private final Path file;
  private final BlockingQueue<RequestRecord> queue = new LinkedBlockingQueue<>();
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
    queue.add(record);
  }

  private void drain(OutputStream out) {
    List<RequestRecord> batch = new ArrayList<>();
    try (out) {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch);
        boolean last = false;
        for (RequestRecord r : batch) {
          if (r == POISON) {
            last = true;
          } else {
            LINE.writeValue(out, r);
            out.write('\n');
            written++;
          }
        }
        batch.clear();
        out.flush();
        if (last) {
          return;
        }
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued, then closes the file. */
  @Override
  public void close() {
    queue.add(POISON);
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
    return queue.size();
  }

  /** Records written so far; exact after {@link #close()}. */
  public long written() {
    return written;
  }
}
