package io.tokenload.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One row of {@code tasks}: a submitted batch and what became of it. */
public record Task(
    long id,
    String name,
    String description,
    int modelId,
    int datasetId,
    JsonNode request,
    JsonNode definition,
    String pairing,
    Status status,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String runDir,
    Long childPid,
    Integer exitCode,
    String message,
    JsonNode summary) {}
