package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn gatling:test -Dsimulation=NAME} is checked by the enforcer rule in pom.xml before
 * anything compiles. These tests keep that rule and the simulations in src/gatling in step.
 */
class SimulationNameTest {

  private static Pattern allowed;
  private static String message;

  @BeforeAll
  static void readRuleFromPom() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher regex = Pattern.compile("<regex>(.*?)</regex>").matcher(pom);
    Matcher msg = Pattern.compile("<regexMessage>(.*?)</regexMessage>").matcher(pom);
    assertTrue(regex.find() && msg.find(), "pom.xml has no simulation name rule");
    allowed = Pattern.compile(regex.group(1));
    message = msg.group(1);
  }

  @Test
  void everyShippedSimulationIsAllowedBySimpleAndFullName() throws IOException {
    List<Path> sims;
    try (Stream<Path> files = Files.walk(Path.of("src/gatling/java"))) {
      sims = files.filter(p -> p.toString().endsWith("Simulation.java")).toList();
    }
    assertFalse(sims.isEmpty());
    for (Path p : sims) {
      String simple = p.getFileName().toString().replace(".java", "");
      String full =
          Path.of("src/gatling/java")
              .relativize(p)
              .toString()
              .replace('/', '.')
              .replace(".java", "");
      assertTrue(allowed.matcher(simple).matches(), simple + " is not allowed by the pom's rule");
      assertTrue(allowed.matcher(full).matches(), full + " is not allowed by the pom's rule");
      assertTrue(message.contains(simple), "the rule's message does not list " + simple);
    }
  }

  @Test
  void misspeltSimulationIsRefusedWithTheChoices() {
    assertFalse(allowed.matcher("ChatStreamSimulaton").matches());
    assertFalse(allowed.matcher("chat").matches());
    assertTrue(message.contains("-Dsimulation="), message);
    assertTrue(message.contains("must be one of"), message);
  }
}
