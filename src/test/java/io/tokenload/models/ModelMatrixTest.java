package io.tokenload.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelMatrixTest {

  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("m.yaml"), yaml);
  }

  @Test
  void rowsReadFromYamlWithKeyAlternatives() throws IOException {
    List<ModelRow> rows =
        ModelMatrix.read(
            file(
                """
                - name: kimi
                  backend: moonshot
                  model: moonshot-v1-8k
                  key_env: MOONSHOT_API_KEY|KIMI_API_KEY
                  params: {temperature: 0.3}
                """));
    assertEquals(1, rows.size());
    assertEquals(List.of("MOONSHOT_API_KEY", "KIMI_API_KEY"), rows.get(0).keyVariables());
    assertEquals(Map.of("temperature", 0.3), rows.get(0).params());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          '- {name: a, model: m}'                        | row 1 (a): backend is missing
          '- {name: a, backend: tgi}'                    | row 1 (a): model is missing
          '- {name: a, backend: tgl, model: m}'          | row 1 (a): backend was 'tgl'; allowed: openai-chat
          '- {name: a, backend: tgi, model: m, url: x}'  | row 1 (a): url is not a known field
          '- {name: a b, backend: tgi, model: m}'        | row 1 (a b): name must be letters
          '[{name: a, backend: tgi, model: m}, {name: a, backend: tgi, model: m}]' | row 2 (a): the name is used twice
          '{}'                                           | expected a non-empty list of rows
          """)
  void aBadRowIsNamedWithItsFileRowAndField(String yaml, String expected) throws IOException {
    Path f = file(yaml);
    var e = assertThrows(IllegalArgumentException.class, () -> ModelMatrix.read(f));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void aRowWhoseKeysAreUnsetIsSkippedNamingThem() throws IOException {
    List<ModelRow> rows =
        ModelMatrix.read(
            file(
                """
                - {name: kimi, backend: moonshot, model: k, key_env: MOONSHOT_API_KEY|KIMI_API_KEY}
                - {name: local, backend: vllm, model: m}
                """));
    List<MatrixPlan.Step> steps = MatrixPlan.of(rows, Map.of());
    assertEquals(
        "needs one of MOONSHOT_API_KEY or KIMI_API_KEY, which are not set",
        steps.get(0).skipReason());
    assertNull(steps.get(1).skipReason());
    assertEquals(List.of("-Dbackend=vllm", "-Dmodel=m"), steps.get(1).properties());
  }

  @Test
  void theFirstSetAlternativeIsTheKeyAndTheHostedBaseUrlTheDefault() throws IOException {
    List<ModelRow> rows =
        ModelMatrix.read(
            file(
                "- {name: kimi, backend: moonshot, model: k, key_env: MOONSHOT_API_KEY|KIMI_API_KEY,"
                    + " params: {top_p: 0.9}}\n"));
    List<String> props = MatrixPlan.of(rows, Map.of("KIMI_API_KEY", "sk-x")).get(0).properties();
    assertEquals(
        List.of(
            "-Dbackend=moonshot",
            "-Dbase.url=https://api.moonshot.ai/v1",
            "-Dmodel=k",
            "-Dapi.key.env=KIMI_API_KEY",
            "-Dgeneration.json={\"top_p\":0.9}"),
        props);
    assertFalse(String.join(" ", props).contains("sk-x"));
  }

  @Test
  void envFileReadsNameValueLinesWithoutPrintingValues() throws IOException {
    Path env =
        Files.writeString(
            dir.resolve(".env"), "# keys\nexport A=1\nB=\"two words\"\n\nC='x=y'\nD=\n");
    assertEquals(Map.of("A", "1", "B", "two words", "C", "x=y", "D", ""), EnvFile.read(env, true));
    Path bad = Files.writeString(dir.resolve("bad.env"), "OK=1\nsk-secret-value\n");
    var e = assertThrows(IllegalArgumentException.class, () -> EnvFile.read(bad, true));
    assertEquals(
        bad + ": line 2 is not NAME=value (a variable name, '=', its value)", e.getMessage());
  }

  @Test
  void theShippedMatricesAreValid() throws IOException {
    assertEquals(5, ModelMatrix.read(Path.of("simulations/models/providers.example.yaml")).size());
    assertFalse(ModelMatrix.read(Path.of("simulations/models/local.yaml")).isEmpty());
  }
}
