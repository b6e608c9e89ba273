package io.tokenload.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the service's API token comes from, in order: {@code --token-file FILE}, the {@code
 * TOKENLOAD_API_TOKEN} variable, or a token the service makes once and keeps in {@code
 * <data-dir>/api-token} (owner-only, 0600). The token itself is never printed or logged; only where
 * it came from.
 */
public record ApiToken(String value, String source) {

  public static final String ENV = "TOKENLOAD_API_TOKEN";
  public static final String GENERATED_FILE = "api-token";

  @Override
  public String toString() {
    return "ApiToken[from " + source + "]";
  }

  public static ApiToken resolve(Path tokenFile, Map<String, String> env, Path dataDir)
      throws IOException {
    if (tokenFile != null) {
      return fromFile(tokenFile, "--token-file " + tokenFile);
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new ApiToken(fromEnv.strip(), "the " + ENV + " variable");
    }
    Path file = dataDir.resolve(GENERATED_FILE);
    if (Files.isRegularFile(file)) {
      return fromFile(file, file + " (made at an earlier start)");
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    Files.createDirectories(dataDir);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    return new ApiToken(token, file + " (made now, readable by you only)");
  }

  private static ApiToken fromFile(Path file, String source) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--token-file " + file + " does not exist");
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (token.isEmpty() || token.contains("\n")) {
      throw new IllegalArgumentException(
          source
              + " must hold the token on one line; it is "
              + (token.isEmpty() ? "empty" : "several lines"));
    }
    return new ApiToken(token, source);
  }
}
