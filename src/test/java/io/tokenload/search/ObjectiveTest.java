package io.tokenload.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --slo} expressions and the statistics they read from a summary's cell. */
class ObjectiveTest {

  @Test
  void readsEveryObjectiveOfAList() {
    assertEquals(
        List.of(new Objective("ttft_p99_ms", 500), new Objective("itl_p99_ms", 50.5)),
        Objective.parseAll("ttft_p99_ms<=500, itl_p99_ms <= 50.5", "--slo"));
  }

  @Test
  void anExpressionThatDoesNotParseNamesTheFlagAndThePart() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Objective.parseAll("ttft_p99_ms<=500,itl>50", "--slo"));
    assertTrue(
        e.getMessage().startsWith("--slo ttft_p99_ms<=500,itl>50 does not parse at 'itl>50'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("allowed:"), e.getMessage());
  }

  @Test
  void anUnknownMetricIsNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Objective.parseAll("ttft_p95_ms<=5", "--slo"));
    assertTrue(e.getMessage().contains("'ttft_p95_ms' is not a metric"), e.getMessage());
  }

  @Test
  void anErrorRateAboveOneIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Objective.parseAll("error_rate<=5", "--slo"));
  }

  @Test
  void readsLatencyAndErrorRateFromACellAndNullWhenNotMeasured() throws Exception {
    var cell =
        new ObjectMapper()
            .readTree(
                "{\"completed\":9,\"failed\":1,\"latency\":{\"ttft_ms\":{\"p99\":120.5},"
                    + "\"itl_ms\":{\"p99\":null}}}");
    assertEquals(120.5, new Objective("ttft_p99_ms", 1).valueIn(cell));
    assertEquals(null, new Objective("itl_p99_ms", 1).valueIn(cell));
    assertEquals(0.1, new Objective("error_rate", 1).valueIn(cell));
  }
}
