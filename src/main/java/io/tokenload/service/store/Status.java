package io.tokenload.service.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A task's state. Ended states never change again except interrupted, which resume leaves. */
public enum Status {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED,
  /** Was running when the service stopped; {@code resume} goes on from its finished cells. */
  INTERRUPTED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Status of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  public boolean ended() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
