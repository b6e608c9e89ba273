package io.tokenload.priority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StolenTimeTest {

  @TempDir Path dir;

  /** {@code /proc/stat} as a 2-vCPU virtual machine writes it; steal is the 8th count. */
  private static final String STAT =
      """
      cpu  2832946 83948 497716 5283307 4529 0 65952 4373 0 0
      cpu0 1387768 33333 234764 2704457 1229 0 26892 2180 0 0
      cpu1 1445177 50615 262951 2578850 3300 0 39060 2192 0 0
      intr 123 0 0
      ctxt 456
      """;

  @Test
  void readsTheStealCountAndTheCpus() throws Exception {
    Path stat = Files.writeString(dir.resolve("stat"), STAT);
    StolenTime.Reading r = StolenTime.read(stat).orElseThrow();
    assertEquals(4373, r.stolenTicks());
    assertEquals(2, r.cpus());
  }

  @Test
  void theShareIsOfEveryCpusTime() {
    StolenTime.Reading from = new StolenTime.Reading(4373, 2, 0);
    // 30 ticks (300 ms) over 30 s on 2 CPUs: 0.5 % of the machine's CPU time.
    StolenTime.Stolen s = new StolenTime.Reading(4403, 2, 30_000_000_000L).since(from);
    assertEquals(300, s.millis());
    assertEquals(0.005, s.share(), 1e-12);
  }

  @Test
  void nothingOverNoTime() {
    StolenTime.Reading r = new StolenTime.Reading(10, 2, 5);
    assertNull(r.since(r));
  }

  @Test
  void aKernelWithoutTheStealColumnGivesNothing() throws Exception {
    Path old = Files.writeString(dir.resolve("stat"), "cpu  1 2 3 4 5 6 7\ncpu0 1 2 3 4 5 6 7\n");
    assertEquals(Optional.empty(), StolenTime.read(old));
    Path other = Files.writeString(dir.resolve("other"), "intr 1 2\n");
    assertEquals(Optional.empty(), StolenTime.read(other));
    assertEquals(Optional.empty(), StolenTime.read(dir.resolve("missing")));
  }

  @Test
  void thisMachineCountsIt() {
    if (!Files.isReadable(Path.of("/proc/stat"))) {
      return; // not Linux
    }
    StolenTime.Reading r = StolenTime.now().orElseThrow();
    assertTrue(r.cpus() >= 1, r.toString());
    assertTrue(r.stolenTicks() >= 0, r.toString());
  }
}
