package io.tokenload.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of a model matrix ({@code simulations/models/*.yaml}): a model behind a backend.
 *
 * @param name the row's name: its run folder under the matrix run, so letters, digits, {@code .},
 *     {@code _} and {@code -}
 * @param backend the backend name ({@code docs/backends.md})
 * @param baseUrl the server's URL; null for the backend's hosted default, or {@code embedded} for
 *     the embedded target
 * @param model the model name sent
 * @param keyEnv the environment variable holding the key, or alternatives {@code A|B} (the first
 *     set one is used); null for servers without keys
 * @param params generation parameters merged into every request body; null for none
 */
public record ModelRow(
    String name,
    String backend,
    @JsonProperty("base_url") String baseUrl,
    String model,
    @JsonProperty("key_env") String keyEnv,
    Map<String, Object> params) {

  /** The variables {@code key_env} names, in order; empty when the row needs no key. */
  public List<String> keyVariables() {
    if (keyEnv == null || keyEnv.isBlank()) {
      return List.of();
    }
    return Arrays.stream(keyEnv.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The first of {@link #keyVariables} set in {@code env}; empty when none is (or none needed). */
  public Optional<String> keyVariable(Map<String, String> env) {
    return keyVariables().stream()
        .filter(v -> env.get(v) != null && !env.get(v).isBlank())
        .findFirst();
  }

  /** The reasons the row cannot run as written, each naming the field; empty when it can. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      problems.add("name must be letters, digits, '.', '_' or '-', got " + quoted(name));
    }
    if (backend == null || backend.isBlank()) {
      problems.add("backend is missing");
    }
    if (model == null || model.isBlank()) {
      problems.add("model is missing");
    }
    for (String v : keyVariables()) {
      if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        problems.add("key_env names " + quoted(v) + ", not an environment variable name");
      }
    }
    return problems;
  }

  private static String quoted(String s) {
    return s == null ? "nothing" : "'" + s + "'";
  }
}
