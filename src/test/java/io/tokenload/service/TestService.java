package io.tokenload.service;

import io.tokenload.workload.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The service as the in-process tests start it: loopback, a free port, its database and run folders
 * under {@code dir}, the shipped model registry, one task at a time, the java launcher.
 */
public final class TestService {

  private TestService() {}

  public static Service start(Path dir, String token) throws IOException {
    return Service.start(
        new Service.Settings(
            "127.0.0.1",
            0,
            dir.resolve("data"),
            dir.resolve("reports"),
            Path.of(""),
            new ApiToken(token, "test"),
            ModelRegistry.DEFAULT,
            1,
            "java"));
  }
}
