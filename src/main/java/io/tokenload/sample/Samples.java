package io.tokenload.sample;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.Transcript;
import io.tokenload.transport.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What the server really answered: {@code samples/<cell>.jsonl} of a run folder holds the prompt,
 * answer, reasoning, usage and finish reason of the first {@code perCell} measured requests of each
 * cell, so a person can read them. Only those requests keep their text ({@link #take}); every other
 * request's hot path is unchanged. Texts are cut at {@link Transcript#MAX_CHARS} characters each,
 * and the run's secrets are blanked out. Thread-safe.
 *
 * <p>A run hands samples over with {@link #writeLater}: the first write builds Jackson's serializer
 * and opens a file, tens of milliseconds that on the event loop delayed every stream's next chunk
 * at the end of a cell's first requests. {@link #close()} writes what is queued.
 */
public final class Samples implements AutoCloseable {

  /** The folder in a run folder. */
  public static final String FOLDER = "samples";

  /** No samples: {@code samples.per.cell=0}. */
  public static final Samples NONE = new Samples(null, 0, Redactor.NONE);

  private static final ObjectWriter LINE =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build()
          .writerFor(Sample.class);

  private final Path dir;
  private final int perCell;
  private final Redactor redactor;
  private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
  private final Object fileLock = new Object();
  private ExecutorService writer; // null once closed, or when nothing is sampled

  /**
   * Samples written under {@code runDir/samples}.
   *
   * @param perCell requests sampled per cell, 0 for none
   * @param redactor blanks the run's secrets out of every text
   */
  public Samples(Path runDir, int perCell, Redactor redactor) {
    this.dir = runDir == null ? null : runDir.resolve(FOLDER);
    this.perCell = perCell;
    this.redactor = redactor;
    // The thread and the task's class are made here, before the load: made at the first sampled
    // request's end, on the event loop, they held it for about a millisecond, and the thread, born
    // of the loop's thread, shared its CPU and its priority while it built Jackson's serializer.
    if (perCell > 0 && dir != null) {
      ThreadPoolExecutor one =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
              task -> {
                Thread t = new Thread(task, "tokenload-samples");
                t.setDaemon(true);
                return t;
              });
      one.prestartAllCoreThreads();
      writer = one;
      new WriteLater(this, null, null, null, null); // its class loads now, not on an event loop
    }
  }

  /** True for the first {@code perCell} calls of a cell: that request keeps its text. */
  public boolean take(String cell) {
    return perCell > 0 && taken.computeIfAbsent(cell, NEW_COUNT).incrementAndGet() <= perCell;
  }

  private static final Function<String, AtomicInteger> NEW_COUNT = cell -> new AtomicInteger();

  /**
   * {@link #write}, on a thread of its own: for callers on an event loop. Without a writer (no
   * folder, or closed), written at once.
   */
  public synchronized void writeLater(
      String cell, String prompt, Transcript transcript, RequestRecord record) {
    if (writer == null) {
      write(cell, prompt, transcript, record);
      return;
    }
    writer.execute(new WriteLater(this, cell, prompt, transcript, record));
  }

  private record WriteLater(
      Samples samples, String cell, String prompt, Transcript transcript, RequestRecord record)
      implements Runnable {
    @Override
    public void run() {
      samples.write(cell, prompt, transcript, record);
    }
  }

  /** Writes the samples queued by {@link #writeLater}; waits up to ten seconds. */
  @Override
  public void close() {
    ExecutorService queued;
    synchronized (this) {
      queued = writer;
      writer = null;
    }
    if (queued == null) {
      return;
    }
    queued.shutdown();
    try {
      queued.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One sampled request, written at once.
   *
   * @param transcript the answer's text, null when the request failed before any
   */
  public void write(String cell, String prompt, Transcript transcript, RequestRecord record) {
    Transcript t = transcript == null ? new Transcript("", "", null, false) : transcript;
    boolean promptCut = prompt.length() > Transcript.MAX_CHARS;
    Sample sample =
        new Sample(
            record.requestId(),
            cell,
            record.ok(),
            record.error(),
            redactor.redact(promptCut ? prompt.substring(0, Transcript.MAX_CHARS) : prompt),
            redactor.redact(t.answer()),
            redactor.redact(t.reasoning()),
            t.finishReason(),
            new Sample.Usage(record.promptTokens(), record.outputTokens()),
            record.promptTokensAsked(),
            record.outputTokensAsked(),
            promptCut || t.truncated());
    synchronized (fileLock) { // the event loops' samples and writeLater's: one at a time
      append(cell, sample);
    }
  }

  private void append(String cell, Sample sample) {
    try {
      Files.createDirectories(dir);
      try (OutputStream out =
          Files.newOutputStream(
              dir.resolve(cell + ".jsonl"), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        LINE.writeValue(out, sample);
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a sample to " + dir, e);
    }
  }
}
