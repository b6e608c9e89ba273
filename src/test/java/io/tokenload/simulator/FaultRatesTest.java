package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Faults drawn at a rate from the seed, and the text forms of faults and rates. */
class FaultRatesTest {

  private static final String PLAIN = "{\"prompt\":\"p\",\"max_tokens\":2}";

  @Test
  void faultsAreDrawnAtTheirRateAndTheSameSeedFailsTheSameRequests() throws Exception {
    List<FaultRate> rates =
        List.of(FaultRate.parse("error;status=503=0.3"), FaultRate.parse("rate-limit=20%"));
    List<Integer> first = statuses(TargetSettings.defaults().withFaults(rates).withSeed(42));
    List<Integer> again = statuses(TargetSettings.defaults().withFaults(rates).withSeed(42));
    List<Integer> other = statuses(TargetSettings.defaults().withFaults(rates).withSeed(43));

    assertEquals(first, again);
    assertNotEquals(first, other);
    long errors = first.stream().filter(s -> s == 503).count();
    long limited = first.stream().filter(s -> s == 429).count();
    long ok = first.stream().filter(s -> s == 200).count();
    assertEquals(first.size(), errors + limited + ok, first.toString());
    assertTrue(errors >= 12 && errors <= 36, "about 30% of 80: " + errors);
    assertTrue(limited >= 6 && limited <= 28, "about 20% of 80: " + limited);
  }

  @Test
  void theHeaderOverridesTheRates() throws Exception {
    TargetSettings always =
        TargetSettings.defaults().withFaults(List.of(FaultRate.parse("error=1")));
    try (TargetServer server = TargetServer.start(always)) {
      assertEquals(500, SimClient.post(server, "/v1/completions", PLAIN).statusCode());
      assertEquals(
          200,
          SimClient.post(server, "/v1/completions", PLAIN, FaultDraw.HEADER, "none").statusCode());
      assertEquals(200, SimClient.get(server, "/healthz").statusCode(), "only generation fails");
    }
  }

  @Test
  void faultTextFormsReadBack() {
    Fault drip = Fault.parse(" drip ; ms=10;bytes=4 ");
    assertEquals(Fault.Kind.DRIP, drip.kind());
    assertEquals(4, drip.param("bytes"));
    assertEquals(10, drip.param("ms"));
    assertEquals("drip;bytes=4;ms=10", drip.toString());
    assertEquals(500, Fault.parse("error").param("status"), "defaults fill the rest");
    assertEquals(Fault.ALL, Fault.of(Fault.Kind.NEVER_ENDS).param("after"));

    FaultRate rate = FaultRate.parse("disconnect;after=5=0.25");
    assertEquals(new FaultRate(new Fault(Fault.Kind.DISCONNECT, Map.of("after", 5)), 0.25), rate);
    assertEquals(0.015, FaultRate.parse("stall=1.5%").probability(), 1e-12);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "boom | names the kind 'boom'; write <kind>[;<key>=<value>]... with a kind among error,"
            + " rate-limit, disconnect, stall, malformed, drip, never-ends",
        "error;status | has 'status' where <kind>[;<key>=<value>]... expects <key>=<value>",
        "error;status=5xx | status is '5xx'; it must be an integer from 400 to 599",
        "drip;bytes=0 | bytes is '0'; it must be an integer from 1 to 65536",
        "stall;ms=1;ms=2 | gives ms twice",
        "disconnect;ms=5 | disconnect has no key 'ms'; it takes after (token chunks first,"
            + " 0-1000000, default 2)",
      })
  void badFaultsSayWhatIsWrongAndWhatIsAllowed(String spec, String message) {
    var error = assertThrows(IllegalArgumentException.class, () -> Fault.parse(spec));
    assertTrue(error.getMessage().contains(message), error.getMessage());
    assertTrue(error.getMessage().startsWith("fault '" + spec + "'"), error.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "error | has no probability; write <kind>[;<key>=<value>]...=<probability>",
        "error=0 | the probability is '0'; it must be a number greater than 0 and at most 1",
        "error=often | the probability is 'often'",
        "error=150% | the probability is '150%'",
      })
  void badRatesSayWhatIsWrongAndWhatIsAllowed(String spec, String message) {
    var error = assertThrows(IllegalArgumentException.class, () -> FaultRate.parse(spec));
    assertTrue(error.getMessage().contains(message), error.getMessage());
  }

  @Test
  void ratesMayNotAddUpToMoreThanOne() {
    List<FaultRate> rates = List.of(FaultRate.parse("error=0.6"), FaultRate.parse("stall=0.5"));
    var error =
        assertThrows(
            IllegalArgumentException.class, () -> TargetSettings.defaults().withFaults(rates));
    assertTrue(error.getMessage().startsWith("TargetSettings.faults"), error.getMessage());
    assertTrue(error.getMessage().contains("the sum must be at most 1"), error.getMessage());
  }

  private static List<Integer> statuses(TargetSettings settings) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    try (TargetServer server = TargetServer.start(settings)) {
      for (int i = 0; i < 80; i++) {
        statuses.add(SimClient.post(server, "/v1/completions", PLAIN).statusCode());
      }
    }
    return statuses;
  }
}
