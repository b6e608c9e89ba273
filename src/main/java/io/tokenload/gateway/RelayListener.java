package io.tokenload.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenload.simulator.Gateway;
import io.tokenload.transport.StreamListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Carries a remote server's answer to the gateway's client, on the client transport's event loop:
 * byte for byte, or through an {@link OllamaBridge}. A remote that cannot be reached (refused,
 * reset or silent before its status line) becomes seed 001's 400 {@code RemoteEndpointError}; one
 * that fails after it, a failure of the stream. An Ollama error answer becomes a {@code
 * RemoteEndpointError} with Ollama's status and message.
 */
final class RelayListener implements StreamListener {

  private final StreamListener downstream;
  private final String remote;
  private final OllamaBridge bridge;
  private volatile boolean cancelled;
  private int status;
  private ByteArrayOutputStream errorBody;

  /**
   * @param remote names the remote in errors, such as {@code vllm at http://127.0.0.1:8000}
   * @param bridge translates Ollama's answer; null to relay bytes as they are
   */
  RelayListener(StreamListener downstream, String remote, OllamaBridge bridge) {
    this.downstream = downstream;
    this.remote = remote;
    this.bridge = bridge;
  }

  /** The gateway's client left: stop reading the remote's answer. */
  void cancel() {
    cancelled = true;
  }

  @Override
  public Progress progress() {
    return cancelled ? Progress.ABANDON : Progress.MORE;
  }

  @Override
  public void onSent(long nanos) {
    downstream.onSent(nanos);
  }

  @Override
  public void onStatus(long nanos, int httpStatus) {
    status = httpStatus;
    if (bridge != null && httpStatus != 200) {
      errorBody = new ByteArrayOutputStream();
      return; // sent at the end, once Ollama's message is known
    }
    downstream.onStatus(nanos, httpStatus);
  }

  @Override
  public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {
    if (errorBody != null) {
      errorBody.write(buf, off, len);
    } else if (bridge == null) {
      downstream.onBytes(arrivalNanos, buf, off, len);
    } else {
      byte[] out = bridge.feed(buf, off, len);
      if (out.length > 0) {
        downstream.onBytes(arrivalNanos, out, 0, out.length);
      }
    }
  }

  @Override
  public void onEnd(long nanos) {
    if (errorBody != null) {
      refuse(
          nanos,
          status,
          remote + " answered " + status + ": " + errorBody.toString(StandardCharsets.UTF_8));
      return;
    }
    if (bridge != null) {
      byte[] out = bridge.finish();
      if (out.length > 0) {
        downstream.onBytes(nanos, out, 0, out.length);
      }
    }
    downstream.onEnd(nanos);
  }

  @Override
  public void onFailure(long nanos, String reason) {
    if (status == 0) {
      refuse(nanos, 400, remote + " cannot be reached: " + reason);
    } else {
      downstream.onFailure(nanos, remote + ": " + reason);
    }
  }

  /** Answers the client with a {@code RemoteEndpointError} instead of the remote's answer. */
  private void refuse(long nanos, int httpStatus, String message) {
    ObjectNode root = RemoteGateway.JSON.createObjectNode();
    root.putObject("error")
        .put("type", Gateway.Refusal.REMOTE_ENDPOINT_ERROR)
        .put("message", message);
    byte[] body;
    try {
      body = RemoteGateway.JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    downstream.onStatus(nanos, httpStatus);
    downstream.onBytes(nanos, body, 0, body.length);
    downstream.onEnd(nanos);
  }
}
