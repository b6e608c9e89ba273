package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tokenload.gatling.Props;
import io.tokenload.gatling.RunSettings;
import io.tokenload.gatling.ShardSettings;
import io.tokenload.workload.DefinitionReader;
import io.tokenload.workload.RunDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/kubernetes/}: the kinds, the Indexed Job's index variable, the shared volume, and
 * that the containers' commands are tokenload invocations its own parsers accept.
 */
class KubernetesManifestsTest {

  private static final Path DIR = Path.of("deploy", "kubernetes");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

  @TempDir Path tmp;

  private static JsonNode manifest(String file) throws Exception {
    return YAML.readTree(DIR.resolve(file).toFile());
  }

  private static JsonNode container(JsonNode job) {
    JsonNode containers = job.at("/spec/template/spec/containers");
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  /** The container's args with $(VAR) replaced as the kubelet does, from the ConfigMap. */
  private static List<String> args(JsonNode container, Map<String, String> values)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    JsonNode configMap = manifest("configmap.yaml");
    for (JsonNode e : container.get("env")) {
      JsonNode ref = e.at("/valueFrom/configMapKeyRef");
      assertEquals(configMap.at("/metadata/name").asText(), ref.get("name").asText());
      env.put(e.get("name").asText(), configMap.at("/data/" + ref.get("key").asText()).asText());
    }
    env.putAll(values);
    List<String> out = new ArrayList<>();
    for (JsonNode a : container.get("args")) {
      Matcher m = VARIABLE.matcher(a.asText());
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        assertTrue(env.containsKey(m.group(1)), "undefined " + m.group(1));
        m.appendReplacement(b, Matcher.quoteReplacement(env.get(m.group(1))));
      }
      out.add(m.appendTail(b).toString());
    }
    return out;
  }

  private static Map<String, String> systemProperties(List<String> args) {
    Map<String, String> props = new HashMap<>();
    for (String a : args) {
      if (a.startsWith("-D")) {
        int eq = a.indexOf('=');
        props.put(a.substring(2, eq), a.substring(eq + 1));
      }
    }
    return props;
  }

  @Test
  void theManifestsAreAConfigMapAVolumeAndTwoJobs() throws Exception {
    assertEquals("ConfigMap", manifest("configmap.yaml").get("kind").asText());
    assertEquals("PersistentVolumeClaim", manifest("pvc.yaml").get("kind").asText());
    assertEquals("ReadWriteMany", manifest("pvc.yaml").at("/spec/accessModes/0").asText());
    assertEquals("Job", manifest("injectors-job.yaml").get("kind").asText());
    assertEquals("Job", manifest("merge-job.yaml").get("kind").asText());
    assertEquals(
        container(manifest("injectors-job.yaml")).get("image"),
        container(manifest("merge-job.yaml")).get("image"));
  }

  @Test
  void theInjectorsAreAnIndexedJobOfAsManyPodsAsShards() throws Exception {
    JsonNode job = manifest("injectors-job.yaml");
    Map<String, String> props = systemProperties(args(container(job), Map.of()));

    assertEquals("Indexed", job.at("/spec/completionMode").asText());
    int shards = Integer.parseInt(props.get("shard.count"));
    assertEquals(shards, job.at("/spec/completions").asInt());
    assertEquals(shards, job.at("/spec/parallelism").asInt());
    assertEquals(0, job.at("/spec/backoffLimit").asInt());
    assertFalse(props.containsKey("shard.index"), "the index must come from the Job");
  }

  @Test
  void everyPodMountsTheSharedClaimAndWritesUnderIt() throws Exception {
    String claim = manifest("pvc.yaml").at("/metadata/name").asText();
    for (String file : List.of("injectors-job.yaml", "merge-job.yaml")) {
      JsonNode spec = manifest(file).at("/spec/template/spec");
      String volume = null;
      for (JsonNode v : spec.get("volumes")) {
        if (claim.equals(v.at("/persistentVolumeClaim/claimName").asText())) {
          volume = v.get("name").asText();
        }
      }
      assertTrue(volume != null, file + " does not use claim " + claim);
      boolean mounted = false;
      for (JsonNode m : container(manifest(file)).get("volumeMounts")) {
        mounted |=
            m.get("name").asText().equals(volume) && m.get("mountPath").asText().equals("/shared");
      }
      assertTrue(mounted, file + " does not mount the claim at /shared");
    }
    Map<String, String> props =
        systemProperties(args(container(manifest("injectors-job.yaml")), Map.of()));
    assertTrue(props.get("shard.barrier").startsWith("/shared/"));
    assertTrue(props.get("reports.dir").startsWith("/shared/"));
  }

  @Test
  void theInjectorCommandIsAShardRunTokenloadAccepts() throws Exception {
    JsonNode container = container(manifest("injectors-job.yaml"));
    List<String> args = args(container, Map.of());
    Map<String, String> props = systemProperties(args);

    // The index variable the Indexed Job sets decides the shard.
    RunSettings settings = RunSettings.from(new Props(props), Map.of(ShardSettings.INDEX_ENV, "3"));
    assertEquals(3, settings.shard().shard().index());
    assertEquals(4, settings.shard().shard().count());
    assertTrue(settings.baseUrl().isPresent());

    int main = args.indexOf("io.gatling.app.Gatling");
    assertTrue(main > 0, "the injector runs Gatling's main class");
    String simulation = args.get(args.indexOf("--simulation") + 1);
    Class.forName(simulation); // compiled from src/gatling/java
    assertTrue(args.get(args.indexOf("-cp") + 1).contains("/app/simulations"));

    // The definition the ConfigMap mounts at -Dconfig is a valid run definition.
    JsonNode configMount = null;
    for (JsonNode m : container.get("volumeMounts")) {
      if (props.get("config").startsWith(m.get("mountPath").asText() + "/")) {
        configMount = m;
      }
    }
    assertTrue(configMount != null, "-Dconfig is not on a mounted volume");
    Path definition = tmp.resolve("definition.json");
    Files.writeString(definition, manifest("configmap.yaml").at("/data/definition.json").asText());
    RunDefinition read = DefinitionReader.read(definition);
    assertEquals(6, read.cells().size());
  }

  @Test
  void theMergeCommandReadsWhereTheInjectorsWrite() throws Exception {
    List<String> merge = args(container(manifest("merge-job.yaml")), Map.of());
    Map<String, String> props =
        systemProperties(args(container(manifest("injectors-job.yaml")), Map.of()));

    assertEquals("merge", merge.get(0));
    assertEquals(props.get("reports.dir"), merge.get(1));
    // Run as given, with /shared standing for a folder here: the options parse, and the merge
    // looks for shard folders where the injectors put them.
    Files.createDirectories(tmp.resolve(props.get("reports.dir").substring(1)));
    String[] local =
        merge.stream().map(a -> a.replace("/shared/", tmp + "/shared/")).toArray(String[]::new);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            local,
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("holds no run.json and no run folder"),
        err.toString(StandardCharsets.UTF_8));
  }
}
