package io.tokenload.report.gatling;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a {@code simulation.log} stopped being readable. The format has no record boundaries to
 * resynchronise on, so everything from {@code offset} to the end is skipped.
 *
 * @param file the log
 * @param offset byte offset of the first record that could not be read
 * @param bytesSkipped bytes from there to the end of the file
 * @param recordsRead records read (and kept) before it
 * @param reason what was wrong, such as a record cut short by an interrupted run
 */
public record LogDamage(
    String file,
    long offset,
    @JsonProperty("bytes_skipped") long bytesSkipped,
    @JsonProperty("records_read") long recordsRead,
    String reason) {

  /** One line for a person. */
  public String describe() {
    return String.format(
        "%s: unreadable from byte %d (%d bytes skipped, %d records kept before it): %s",
        file, offset, bytesSkipped, recordsRead, reason);
  }
}
