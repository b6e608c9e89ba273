package io.tokenload.priority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThreadPlacementTest {

  @Test
  void readsTheKernelsCpuLists() {
    assertEquals(List.of(0, 1, 2, 3, 8, 10, 11), ThreadPlacement.parseCpuList("0-3,8,10-11"));
    assertEquals(List.of(5), ThreadPlacement.parseCpuList("5"));
    assertEquals(List.of(0, 1), ThreadPlacement.parseCpuList(" 0-1 "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "3-1", "1-2-3", "-1", "0,,1", "0-"})
  void refusesWhatIsNotACpuList(String list) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ThreadPlacement.parseCpuList(list));
    assertTrue(e.getMessage().contains("'" + list + "'"), e.getMessage());
  }

  @Test
  void thisProcessMayUseAtLeastOneCpu() throws Exception {
    if (!Files.isDirectory(Path.of("/proc/self/task"))) {
      return; // not Linux
    }
    List<Integer> cpus = ThreadPlacement.allowedCpus();
    assertFalse(cpus.isEmpty());
    assertTrue(cpus.stream().allMatch(cpu -> cpu >= 0), cpus.toString());
  }

  @Test
  void movesNothingWhenNoThreadIsToBeSetApart() {
    ThreadPlacement.Outcome none = ThreadPlacement.setApart(t -> false, t -> false);
    assertEquals(List.of(), none.apartCpus());
    assertTrue(none.failure() != null, "nothing set apart, nothing moved: " + none);
  }
}
