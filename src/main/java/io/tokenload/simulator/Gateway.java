package io.tokenload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.local.LocalBackend;
import io.tokenload.transport.StreamListener;
import java.util.List;
import java.util.Map;

/**
 * Where a request's {@code framework} field sends it (seed 001's unified server): names of the
 * local engine are answered by this server, the others are forwarded to a remote server and its
 * answer streamed back in OpenAI's format.
 *
 * <p>Implementations are thread-safe; {@link #forward} returns at once and reports to the listener
 * from its own threads, as a {@link LocalBackend} does.
 */
public interface Gateway {

  /** What a {@code framework} field may name, local names first, for {@code /healthz}. */
  List<String> providers();

  /** The remote servers that are configured: framework to base URL. */
  Map<String, String> remotes();

  /** Whether {@code framework} names this server's own engine. */
  boolean isLocal(String framework);

  /**
   * Forwards an OpenAI request to {@code framework}'s remote server. The listener gets the status,
   * the answer's bytes in OpenAI's format (server-sent events when {@code stream}), and the end; a
   * remote that cannot be reached is a 400 {@code RemoteEndpointError} body, not a failure.
   *
   * @param path {@code /v1/chat/completions}, {@code /v1/completions} or {@code /v1/embeddings}
   * @param body the request's body, {@code framework} included
   * @throws Refusal when the framework is unknown, not configured, or cannot serve the request
   */
  LocalBackend.Cancellable forward(
      String framework,
      String path,
      JsonNode body,
      boolean stream,
      String requestId,
      StreamListener listener);

  /**
   * A request the gateway will not forward, answered with {@code status} and {@code
   * {"error":{"type":type,"message":…}}}.
   */
  final class Refusal extends RuntimeException {

    /** A remote that is not configured or cannot be reached. */
    public static final String REMOTE_ENDPOINT_ERROR = "RemoteEndpointError";

    /** A framework and model (or endpoint) that do not go together. */
    public static final String CAPABILITY_NOT_SUPPORTED = "CapabilityNotSupported";

    private final int status;
    private final String type;

    public Refusal(int status, String type, String message) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
    }

    public int status() {
      return status;
    }

    public String type() {
      return type;
    }
  }
}
