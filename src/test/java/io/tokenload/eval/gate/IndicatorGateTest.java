package io.tokenload.eval.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.eval.EvalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndicatorGateTest {

  @TempDir Path dir;
  private Thresholds thresholds;

  @BeforeEach
  void limits() throws IOException {
    thresholds =
        Thresholds.read(
            Files.writeString(
                dir.resolve("t.json"),
                "{\"indicators\": {\"accuracy_f1\": {\"f1\": {\"min\": 0.75}},"
                    + " \"toxicity\": {\"toxic_ratio\": {\"max\": 0.005}}}}"));
  }

  private void write(String name, String json) throws IOException {
    Files.writeString(dir.resolve(name), json);
  }

  @Test
  void theShippedThresholdsHoldTheGuidesDefaults() {
    Thresholds shipped = Thresholds.read(Path.of("platforms/thresholds.json"));
    assertEquals(5, shipped.limits().size());
    assertTrue(shipped.limits().contains(new Thresholds.Limit("accuracy_f1", "f1", 0.75, null)));
    assertTrue(
        shipped.limits().contains(new Thresholds.Limit("latency_p99", "p99_ms", null, 300.0)));
  }

  @Test
  void passesWhenEveryIndicatorIsWithinItsLimits() throws IOException {
    write("a.json", "{\"indicator\":\"accuracy_f1\",\"f1\":0.8}");
    write("t2.json", "{\"indicator\":\"toxicity\",\"toxic_ratio\":0.001}");
    write("summary.json", "{\"cells\":[]}");
    IndicatorGate.Verdict v = IndicatorGate.check(dir, thresholds);
    assertTrue(v.pass(), v.lines().toString());
    assertEquals("PASS accuracy_f1.f1 = 0.8, must be >= 0.75 (a.json)", v.lines().get(0));
  }

  @Test
  void oneBreachFailsTheGate() throws IOException {
    write("a.json", "{\"indicator\":\"accuracy_f1\",\"f1\":0.7}");
    write("t2.json", "{\"indicator\":\"toxicity\",\"toxic_ratio\":0.001}");
    IndicatorGate.Verdict v = IndicatorGate.check(dir, thresholds);
    assertEquals(1, v.failures());
    assertTrue(v.lines().get(0).startsWith("FAIL accuracy_f1.f1 = 0.7"), v.lines().get(0));
  }

  @Test
  void aNullFieldFails() throws IOException {
    write("a.json", "{\"indicator\":\"accuracy_f1\",\"f1\":null}");
    write("t2.json", "{\"indicator\":\"toxicity\",\"toxic_ratio\":0}");
    assertEquals(1, IndicatorGate.check(dir, thresholds).failures());
  }

  @Test
  void anIndicatorThatWasNotMeasuredFails() throws IOException {
    write("a.json", "{\"indicator\":\"accuracy_f1\",\"f1\":0.9}");
    IndicatorGate.Verdict v = IndicatorGate.check(dir, thresholds);
    assertFalse(v.pass());
    assertTrue(v.lines().get(1).contains("no toxicity contract"), v.lines().get(1));
  }

  @Test
  void aContractThatIsNotJsonNamesTheFile() throws IOException {
    write("a.json", "{\"indicator\": ");
    String message =
        assertThrows(EvalException.class, () -> IndicatorGate.check(dir, thresholds)).getMessage();
    assertTrue(message.startsWith(dir.resolve("a.json") + ": not valid JSON"), message);
  }

  @Test
  void anUnreadableThresholdsFileNamesTheFile() {
    Path missing = dir.resolve("missing.json");
    String message = assertThrows(EvalException.class, () -> Thresholds.read(missing)).getMessage();
    assertTrue(message.startsWith("thresholds file " + missing + " cannot be read"), message);
  }

  @Test
  void aBoundThatIsNotANumberNamesTheField() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("bad.json"),
            "{\"indicators\": {\"accuracy_f1\": {\"f1\": {\"min\": \"high\"}}}}");
    String message = assertThrows(EvalException.class, () -> Thresholds.read(f)).getMessage();
    assertTrue(message.contains("field \"indicators.accuracy_f1.f1.min\" was \"high\""), message);
  }

  @Test
  void theTargetRpsReplacesTheFilesThroughputLimit() {
    Thresholds t = Thresholds.read(Path.of("platforms/thresholds.json")).withTargetRps(40);
    assertTrue(t.limits().contains(new Thresholds.Limit("throughput_rps", "rps", 40.0, null)));
  }
}
