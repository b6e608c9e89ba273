package io.tokenload.service.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.service.ApiToken;
import io.tokenload.workload.SeedScenario;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Seed 002's {@code batch_test_config.json} as {@code tokenload batch} reads it: {@code api_config}
 * ({@code base_url}, {@code token}, {@code timeout}; and {@code token_env}, {@code token_file} so
 * the token need not be written in the file), {@code test_scenarios} and {@code monitoring} ({@code
 * show_progress}, {@code check_interval_seconds}). Every error names the file and the field.
 */
public record BatchConfig(
    URI baseUrl,
    String token,
    String tokenSource,
    Duration timeout,
    String scenarioName,
    JsonNode scenario,
    boolean showProgress,
    Duration checkInterval) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> API =
      Set.of("base_url", "token", "token_env", "token_file", "timeout");
  private static final Set<String> MONITORING = Set.of("show_progress", "check_interval_seconds");

  @Override
  public String toString() {
    return "BatchConfig[" + baseUrl + ", token from " + tokenSource + "]";
  }

  /**
   * Reads {@code file} and picks {@code scenario} (null: {@code run_1k_4K_equivalent}).
   *
   * @throws IllegalArgumentException naming the file, the field and what is allowed
   */
  public static BatchConfig read(Path file, String scenario, Map<String, String> env)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--config " + file + " does not exist; the repository ships batch_test_config.json");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + ": not valid JSON at line " + e.getLocation().getLineNr());
    }
    if (!root.has("test_scenarios")) {
      throw new IllegalArgumentException(
          file + ": test_scenarios is missing; allowed: an object of named scenarios");
    }
    JsonNode picked = SeedScenario.select(file, root, scenario);
    JsonNode api = object(file, root, "api_config", API);
    JsonNode monitoring = object(file, root, "monitoring", MONITORING);
    String base = api.path("base_url").asText("");
    if (!base.startsWith("http://") && !base.startsWith("https://")) {
      throw new IllegalArgumentException(
          file
              + ": api_config.base_url was '"
              + base
              + "'; allowed: a URL such as http://localhost:5000/api");
    }
    double timeout = number(file, api, "api_config.timeout", "timeout", 30, 1, 3600);
    double interval =
        number(
            file,
            monitoring,
            "monitoring.check_interval_seconds",
            "check_interval_seconds",
            5,
            0.1,
            3600);
    String[] token = token(file, api, env);
    return new BatchConfig(
        URI.create(base.endsWith("/") ? base : base + "/"),
        token[0],
        token[1],
        Duration.ofMillis((long) (timeout * 1000)),
        picked.path("name").asText(),
        picked,
        monitoring.path("show_progress").asBoolean(true),
        Duration.ofMillis((long) (interval * 1000)));
  }

  /**
   * The token and where it came from: the variable, then {@code token}, then {@code token_file}.
   */
  private static String[] token(Path file, JsonNode api, Map<String, String> env)
      throws IOException {
    String var = api.path("token_env").asText(ApiToken.ENV);
    String fromEnv = env.get(var);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new String[] {fromEnv.strip(), "the " + var + " variable"};
    }
    if (api.hasNonNull("token")) {
      return new String[] {api.get("token").asText(), file + " (api_config.token)"};
    }
    if (api.hasNonNull("token_file")) {
      Path tokenFile = Path.of(api.get("token_file").asText());
      if (Files.isRegularFile(tokenFile)) {
        return new String[] {
          Files.readString(tokenFile, StandardCharsets.UTF_8).strip(), tokenFile.toString()
        };
      }
    }
    throw new IllegalArgumentException(
        file
            + ": no API token: set "
            + var
            + ", or give api_config.token, or api_config.token_file naming a file that exists"
            + " (the server makes service-data/api-token when started without a token)");
  }

  private static JsonNode object(Path file, JsonNode root, String name, Set<String> allowed) {
    JsonNode node = root.path(name);
    if (node.isMissingNode()) {
      return JSON.createObjectNode();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(file + ": " + name + " must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException(
            file
                + ": "
                + name
                + "."
                + f
                + " is not a known field; allowed: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return node;
  }

  private static double number(
      Path file,
      JsonNode node,
      String where,
      String name,
      double fallback,
      double min,
      double max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      throw new IllegalArgumentException(
          file + ": " + where + " was " + v + "; allowed: a number from " + min + " to " + max);
    }
    return v.asDouble();
  }
}
