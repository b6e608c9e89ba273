package io.tokenload.simulator.protocol;

/** A request that is not a valid request of its protocol; the target answers it with a 400. */
public final class ProtocolException extends RuntimeException {

  private final String param;

  /**
   * @param param the field at fault as a JSON path of the protocol's own body, such as {@code
   *     parameters.max_new_tokens}
   */
  public ProtocolException(String param, String message) {
    super(message, null, false, false);
    this.param = param;
  }

  public String param() {
    return param;
  }
}
