package io.tokenload.service.api;

/** An answer other than success: the HTTP status and a message saying what and what is allowed. */
final class ApiError extends RuntimeException {

  final int status;

  ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  static ApiError notFound(long id) {
    return new ApiError(404, "no task " + id + "; GET /api/performance-eval/tasks lists them");
  }
}
