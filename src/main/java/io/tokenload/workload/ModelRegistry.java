package io.tokenload.workload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenload.backend.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The targets a seed scenario's {@code model_id} refers to ({@code
 * simulations/models/registry.json} by default): id → base URL, backend, model name and the name of
 * the variable holding the key (never the key). Backend {@code embedded} is the in-process target,
 * so the shipped ids work offline; {@code openai} is OpenAI's own API (no vLLM extensions), and any
 * other name is a protocol backend ({@code vllm}, {@code anthropic}, {@code ollama}, ...).
 */
public record ModelRegistry(Path file, List<Model> models) {

  public static final Path DEFAULT = Path.of("simulations", "models", "registry.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> MODEL_FIELDS =
      Set.of(
          "id",
          "name",
          "description",
          "backend",
          "base_url",
          "model",
          "api_key_env",
          "api",
          "embedded");
  private static final Set<String> EMBEDDED = Set.of("preset", "ttft_ms", "itl_ms");

  /** Besides the protocol backends ({@link Backends}): the in-process target, and plain OpenAI. */
  private static final List<String> OWN = List.of("embedded", "openai");

  /** One target. {@code embedded} holds the embedded target's settings, for that backend only. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Model(
      int id,
      String name,
      String description,
      String backend,
      @JsonProperty("base_url") String baseUrl,
      String model,
      @JsonProperty("api_key_env") String apiKeyEnv,
      String api,
      Map<String, Object> embedded) {}

  public ModelRegistry {
    models = List.copyOf(models);
  }

  public static ModelRegistry read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file + " does not exist; the model registry is a file such as " + DEFAULT);
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + ": not valid JSON at line " + e.getLocation().getLineNr(), e);
    }
    JsonFields top = new JsonFields(file, "", root).only(Set.of("models"));
    List<Model> models = new ArrayList<>();
    List<JsonNode> items = top.array("models");
    for (int i = 0; i < items.size(); i++) {
      models.add(model(new JsonFields(file, "models[" + i + "]", items.get(i))));
    }
    for (int i = 0; i < models.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (models.get(i).id() == models.get(j).id()) {
          throw top.error("models[" + i + "].id " + models.get(i).id() + " is used twice");
        }
      }
    }
    return new ModelRegistry(file, models);
  }

  private static Model model(JsonFields m) {
    m.only(MODEL_FIELDS);
    String backend = m.string("backend", "embedded");
    if (!OWN.contains(backend) && !Backends.all().containsKey(backend)) {
      throw m.error(
          m.where("backend"),
          "was \"" + backend + "\"",
          String.join(", ", OWN)
              + " or a backend ("
              + String.join(", ", Backends.all().keySet())
              + ")");
    }
    String baseUrl = m.string("base_url", null);
    if (backend.equals("embedded") == (baseUrl != null)) {
      throw m.error(
          m.where("base_url"),
          baseUrl == null ? "is missing" : "was given for the embedded backend",
          "a base URL for every backend but embedded, none for embedded");
    }
    Map<String, Object> embedded = null;
    if (m.has("embedded")) {
      JsonFields e = m.object("embedded").only(EMBEDDED);
      embedded = new LinkedHashMap<>();
      embedded.put("preset", e.string("preset", "fixed"));
      embedded.put("ttft_ms", e.number("ttft_ms", 100, 0, 3_600_000));
      embedded.put("itl_ms", e.number("itl_ms", 10, 0, 3_600_000));
    }
    String api = m.string("api", "chat");
    Api.parse(api, m.where("api"));
    return new Model(
        m.integer("id", 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
        m.string("name", "model " + m.where("id")),
        m.string("description", ""),
        backend,
        baseUrl,
        m.string("model", null),
        m.string("api_key_env", null),
        api,
        embedded);
  }

  public Optional<Model> find(int id) {
    return models.stream().filter(m -> m.id() == id).findFirst();
  }

  /** The ids, for messages: {@code 1, 2, 3}. */
  public String ids() {
    return String.join(", ", models.stream().map(m -> Integer.toString(m.id())).toList());
  }

  /** A run definition's {@code target} object for {@code model}. */
  static ObjectNode target(Model model) {
    ObjectNode t = JSON.createObjectNode();
    t.put("api", model.api());
    t.put("flavour", model.backend().equals("openai") ? "openai" : "vllm");
    if (!OWN.contains(model.backend())) {
      t.put("backend", model.backend());
    }
    if (model.baseUrl() != null) {
      t.put("base_url", model.baseUrl());
    }
    if (model.model() != null) {
      t.put("model", model.model());
    }
    if (model.apiKeyEnv() != null) {
      t.put("api_key_env", model.apiKeyEnv());
    }
    if (model.embedded() != null) {
      t.set("embedded", JSON.valueToTree(model.embedded()));
    }
    return t;
  }
}
