package io.tokenload.service.api;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bearer-token check of every {@code /api} request. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, in time that depends on neither the token's content nor its
 * length; neither the expected nor the presented token is ever logged or echoed.
 */
final class Auth {

  private final byte[] expected;

  Auth(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the API token is empty");
    }
    this.expected = digest(token.strip());
  }

  void check(Context ctx) {
    String header = ctx.header("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : "";
    if (!MessageDigest.isEqual(expected, digest(presented))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new UnauthorizedResponse(
          header == null
              ? "missing Authorization header; send Authorization: Bearer <token>"
              : "the bearer token is not the service's token");
    }
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
