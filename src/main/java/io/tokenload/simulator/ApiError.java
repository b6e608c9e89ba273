package io.tokenload.simulator;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the target refuses, carried to the HTTP layer as an exception and sent as OpenAI's
 * error body {@code {"error":{"type","message","param","code"}}}.
 *
 * <p>Status codes, as OpenAI and vLLM send them: 400 when the request cannot be read (malformed
 * JSON, a required field missing or of the wrong JSON type) and when a field was read but its value
 * is not allowed (out of range, too long for the context, unsupported), 404 for an unknown path or
 * model, 405 for a wrong method, 413 for a body over the limit. Messages name the field, the value
 * received and what is allowed. Faults asked for with {@code X-Tokenload-Fault} ({@link Fault}) add
 * any status from 400 to 599, and 429 with a {@code Retry-After} header.
 *
 * @see <a href="https://platform.openai.com/docs/guides/error-codes">OpenAI error codes</a>
 */
final class ApiError extends RuntimeException {

  private final HttpResponseStatus status;
  private final String type;
  private final String param;
  private final String code;
  private final String allow;
  private final Integer retryAfterSeconds;

  private ApiError(
      HttpResponseStatus status, String type, String param, String code, String message) {
    this(status, type, param, code, message, null, null);
  }

  private ApiError(
      HttpResponseStatus status,
      String type,
      String param,
      String code,
      String message,
      String allow,
      Integer retryAfterSeconds) {
    // No stack trace: these are answers to clients, not bugs, and some arrive at load-test rates.
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
    this.allow = allow;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiError badRequest(String param, String code, String message) {
    return new ApiError(
        HttpResponseStatus.BAD_REQUEST, "invalid_request_error", param, code, message);
  }

  static ApiError notFound(String param, String code, String message) {
    return new ApiError(HttpResponseStatus.NOT_FOUND, "not_found_error", param, code, message);
  }

  static ApiError methodNotAllowed(String allow, String message) {
    return new ApiError(
        HttpResponseStatus.METHOD_NOT_ALLOWED,
        "invalid_request_error",
        null,
        "method_not_allowed",
        message,
        allow,
        null);
  }

  static ApiError tooLarge(String message) {
    return new ApiError(
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "invalid_request_error",
        null,
        "request_too_large",
        message);
  }

  /**
   * A value that was read but is not allowed. A 400, as OpenAI and vLLM answer it (vLLM turns its
   * validation errors into 400 too), so that clients such as the OpenAI SDKs raise their BadRequest
   * type.
   */
  static ApiError invalidValue(String param, String code, String message) {
    return badRequest(param, code, message);
  }

  static ApiError unavailable(String message) {
    return new ApiError(
        HttpResponseStatus.SERVICE_UNAVAILABLE, "server_error", null, "unavailable", message);
  }

  /** A request the {@link Gateway} refuses, with its status and seed 001's error type. */
  static ApiError refused(Gateway.Refusal refusal) {
    return new ApiError(
        HttpResponseStatus.valueOf(refusal.status()),
        refusal.type(),
        null,
        null,
        refusal.getMessage());
  }

  static ApiError internal(String message) {
    return new ApiError(
        HttpResponseStatus.INTERNAL_SERVER_ERROR, "server_error", null, null, message);
  }

  /**
   * The error an {@link Fault.Kind#ERROR} or {@link Fault.Kind#RATE_LIMIT} fault sends, with code
   * {@code injected_fault} so that a client's logs tell it from a real one.
   */
  static ApiError injected(Fault fault) {
    String message = "Injected fault " + fault + " (" + FaultDraw.HEADER + " or a fault rate)";
    if (fault.kind() == Fault.Kind.RATE_LIMIT) {
      int seconds = fault.param("retry-after");
      return new ApiError(
          HttpResponseStatus.TOO_MANY_REQUESTS,
          "rate_limit_error",
          null,
          "injected_fault",
          message + "; retry after " + seconds + " s",
          null,
          seconds);
    }
    HttpResponseStatus status = HttpResponseStatus.valueOf(fault.param("status"));
    return new ApiError(status, typeOf(status.code()), null, "injected_fault", message);
  }

  /** OpenAI's error type for a status. */
  private static String typeOf(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 409 -> "conflict_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  HttpResponseStatus status() {
    return status;
  }

  String type() {
    return type;
  }

  /**
   * The request field at fault, as a JSON path such as {@code messages[2].content}; may be null.
   */
  String param() {
    return param;
  }

  /** A machine-readable reason such as {@code context_length_exceeded}; may be null. */
  String code() {
    return code;
  }

  /** For a 405, the method the path allows (the {@code Allow} header); else null. */
  String allow() {
    return allow;
  }

  /** For a 429, the seconds of the {@code Retry-After} header; else null. */
  Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
