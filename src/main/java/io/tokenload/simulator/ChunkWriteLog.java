package io.tokenload.simulator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A file of every token chunk the target wrote and when: {@code tokenload serve --write-log FILE}.
 * Tab-separated, one line per chunk after a header line:
 *
 * <pre>
 * request_id	chunk	nano_time
 * fidelity-20261203-121500-1	0	81234567890123
 * </pre>
 *
 * {@code request_id} is the request's {@code X-Request-Id} header (tokenload sends one), else the
 * response id its chunks carry; {@code chunk} is the 0-based index among the token-carrying chunks;
 * {@code nano_time} is {@code System.nanoTime()} just after the write that carried the chunk. On
 * Linux that is {@code CLOCK_MONOTONIC}, the same clock in every process of the machine, so a
 * client on the same machine can compare its own arrival stamps with it ({@code tokenload
 * fidelity}).
 *
 * <p>The event loops only queue an entry (no lock, no system call, no wake-up); a daemon thread
 * writes the queue out every {@value #DRAIN_MILLIS} ms, so the log costs the writes it times next
 * to nothing.
 */
public final class ChunkWriteLog implements ChunkWriteListener, AutoCloseable {

  public static final String HEADER = "request_id\tchunk\tnano_time";
  // Often enough that each pass is short: at 50,000 chunks a second a pass every 100 ms took a core
  // for about 2 ms, long enough to hold up a client sharing the machine (docs/performance.md).
  private static final long DRAIN_MILLIS = 10;

  private record Entry(String requestId, int chunk, long nanoTime) {}

  private final Path file;
  private final BufferedWriter out;
  private final ConcurrentLinkedQueue<Entry> pending = new ConcurrentLinkedQueue<>();
  private final Thread writer;
  private volatile boolean closing;
  private volatile IOException failure;

  private ChunkWriteLog(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
    this.writer = new Thread(this::writeUntilClosed, "tokenload-write-log");
    writer.setDaemon(true);
  }

  /** Creates (or truncates) {@code file} and starts writing to it. */
  public static ChunkWriteLog open(Path file) throws IOException {
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write(HEADER);
    out.newLine();
    ChunkWriteLog log = new ChunkWriteLog(file, out);
    log.writer.start();
    return log;
  }

  @Override
  public void onChunkWritten(String requestId, int chunkIndex, long nanoTime) {
    pending.add(new Entry(requestId, chunkIndex, nanoTime));
  }

  private void writeUntilClosed() {
    try {
      while (!closing) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS));
        drain();
      }
      drain();
      out.close();
    } catch (IOException e) {
      failure = e;
    }
  }

  private void drain() throws IOException {
    boolean wrote = false;
    for (Entry e = pending.poll(); e != null; e = pending.poll()) {
      out.write(e.requestId());
      out.write('\t');
      out.write(Integer.toString(e.chunk()));
      out.write('\t');
      out.write(Long.toString(e.nanoTime()));
      out.newLine();
      wrote = true;
    }
    if (wrote) {
      out.flush(); // readable while the server runs, for a client that joins it at its end
    }
  }

  /** Writes what is queued and closes the file. */
  @Override
  public void close() throws IOException {
    closing = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw new IOException("writing the chunk write log " + file + " failed", failure);
    }
  }

  /**
   * Reads a log: per request id, the write time of each chunk by index (0 where a chunk is
   * missing).
   *
   * @throws IOException naming the file and line of a line that is not {@code id TAB n TAB nanos}
   */
  public static Map<String, long[]> read(Path file) throws IOException {
    Map<String, long[]> written = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (!HEADER.equals(header)) {
        throw new IOException(
            file + " is not a chunk write log: its first line must be '" + HEADER + "'");
      }
      int lineNumber = 1;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        add(written, file, lineNumber, line);
      }
    }
    return written;
  }

  private static void add(Map<String, long[]> written, Path file, int lineNumber, String line)
      throws IOException {
    int tab1 = line.indexOf('\t');
    int tab2 = tab1 < 0 ? -1 : line.indexOf('\t', tab1 + 1);
    int chunk;
    long nanos;
    try {
      if (tab2 < 0) {
        throw new NumberFormatException();
      }
      chunk = Integer.parseInt(line, tab1 + 1, tab2, 10);
      nanos = Long.parseLong(line, tab2 + 1, line.length(), 10);
    } catch (NumberFormatException e) {
      chunk = -1;
      nanos = 0;
    }
    if (chunk < 0) {
      throw new IOException(
          file
              + " line "
              + lineNumber
              + ": '"
              + line
              + "' is not 'request_id TAB chunk TAB nanos'");
    }
    String id = line.substring(0, tab1);
    long[] times = written.get(id);
    if (times == null || times.length <= chunk) {
      long[] grown = new long[Math.max(chunk + 1, times == null ? 16 : times.length * 2)];
      if (times != null) {
        System.arraycopy(times, 0, grown, 0, times.length);
      }
      times = grown;
      written.put(id, times);
    }
    times[chunk] = nanos;
  }
}
