package io.tokenload.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tokenload.metrics.RequestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Streams {@code requests.jsonl} one record at a time, in bounded memory. A damaged line (a run
 * killed mid-write leaves a partial last line) is skipped and named, never fatal.
 *
 * <p>Decoding JSON costs more than aggregating a record, so a second thread decodes while the
 * caller's thread aggregates: records travel in batches through a short bounded queue (at most
 * {@value #QUEUED_BATCHES} batches of {@value #BATCH} records in memory), and reach {@code sink} in
 * file order, on the caller's thread.
 */
public final class RecordReader {

  static final int BATCH = 512;
  static final int QUEUED_BATCHES = 8;

  private static final ObjectReader LINE =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .readerFor(RequestRecord.class);

  /** What could not be read: file, line and why. */
  public record Skipped(String file, long line, String reason) {}

  /** A batch of decoded records; the last one carries the skipped lines or the failure. */
  private record Batch(
      List<RequestRecord> records, List<Skipped> skipped, IOException failure, boolean last) {}

  private RecordReader() {}

  /**
   * Feeds every readable record to {@code sink}, in file order; returns the lines that were
   * skipped.
   */
  public static List<Skipped> read(Path file, Consumer<RequestRecord> sink) throws IOException {
    BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    Thread decoder = new Thread(() -> decode(file, queue), "tokenload-jsonl-decoder");
    decoder.setDaemon(true);
    decoder.start();
    try {
      while (true) {
        Batch b = queue.take();
        b.records().forEach(sink);
        if (b.last()) {
          if (b.failure() != null) {
            throw b.failure();
          }
          return b.skipped();
        }
      }
    } catch (InterruptedException e) {
      decoder.interrupt();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + file, e);
    } catch (RuntimeException e) {
      decoder.interrupt();
      throw e;
    }
  }

  private static void decode(Path file, BlockingQueue<Batch> queue) {
    List<Skipped> skipped = new ArrayList<>();
    List<RequestRecord> batch = new ArrayList<>(BATCH);
    IOException failure = null;
    try (LineInput in = new LineInput(Files.newInputStream(file))) {
      long n = 0;
      while (in.next()) {
        n++;
        if (in.blank()) {
          continue;
        }
        try {
          batch.add(LINE.readValue(in.bytes(), in.start(), in.length()));
        } catch (IOException e) {
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          skipped.add(new Skipped(file.toString(), n, why.lines().findFirst().orElse(why)));
        }
        if (batch.size() == BATCH) {
          queue.put(new Batch(batch, List.of(), null, false));
          batch = new ArrayList<>(BATCH);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      failure = e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
    } catch (InterruptedException e) {
      return; // the reader gave up
    }
    try {
      queue.put(new Batch(batch, List.copyOf(skipped), failure, true));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
