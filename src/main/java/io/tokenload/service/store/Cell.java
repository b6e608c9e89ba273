package io.tokenload.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One cell of a task, with its result once finished ({@code result}: the cell's entry of {@code
 * summary.json}, null before).
 */
public record Cell(
    int position,
    String name,
    int inputTokens,
    int outputTokens,
    int concurrency,
    int requests,
    boolean countCarried,
    String status,
    Instant finishedAt,
    JsonNode result) {

  public static final String PENDING = "pending";
  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
}
