package io.tokenload.eval;

import io.tokenload.metrics.RequestRecord;

/**
 * What the server answered to one request.
 *
 * @param text the answer's content, joined from its chunks (reasoning left out); empty when the
 *     request failed before any
 * @param record the request as the load runs record it: timing, status, error
 */
public record Answer(String text, RequestRecord record) {

  public boolean ok() {
    return record.ok();
  }

  /** Why it failed, or null. */
  public String error() {
    return record.error();
  }
}
