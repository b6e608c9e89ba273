package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One serving protocol's wire format on the embedded target: how its request reads as the OpenAI
 * request the engine serves, how its answer is written, and how it says an error.
 *
 * <p>The engine, its timing (TTFT, ITL, engine presets) and the generated words are shared by every
 * protocol; only the bytes differ. A protocol is stateless; the state of one answer (a running
 * text, a sequence number) lives in its {@link Encoder}.
 */
public interface Protocol {

  /** The protocol's name in docs and errors, such as {@code ollama}. */
  String name();

  /**
   * Reads a request of this protocol.
   *
   * @param path the request's path, without the query
   * @param query the request's query string, empty when none
   * @param body the request's JSON body
   * @throws ProtocolException when the body is not a request of this protocol
   */
  Translation translate(String path, String query, JsonNode body);

  /**
   * An encoder for one answer.
   *
   * @param chat the request's {@link Translation#chat()}
   */
  Encoder encoder(Reply reply, boolean chat);

  /** The {@code Content-Type} of a streamed answer: server-sent events unless said otherwise. */
  default String streamContentType() {
    return Frames.EVENT_STREAM;
  }

  /**
   * The body of an error in this protocol's own shape.
   *
   * @param status the HTTP status
   * @param type OpenAI's error type, such as {@code invalid_request_error}
   * @param message what was wrong, where and what is allowed
   */
  JsonNode errorBody(int status, String type, String message);

  /** The status this protocol's server answers where OpenAI answers {@code status}. */
  default int errorStatus(int status) {
    return status;
  }
}
