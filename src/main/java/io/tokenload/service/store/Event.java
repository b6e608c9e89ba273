package io.tokenload.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One row of {@code events}: what happened to a task, in order ({@code id} grows). */
public record Event(long id, long taskId, Instant at, String kind, JsonNode data) {}
