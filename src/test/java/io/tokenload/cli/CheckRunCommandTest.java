package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tokenload.report.RunInfo;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.DefinitionReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenload check-run}, as {@code run_1k_4k.sh} calls it before Maven: each mistake is one
 * line naming the script's flag, exit 2; a finished run to resume is exit 4, not an error.
 */
class CheckRunCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int check(String... args) {
    List<String> all = new ArrayList<>(List.of("check-run"));
    all.addAll(List.of(args));
    return Main.run(
        all.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** The only line printed to stderr. */
  private String oneLine() {
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), "one line, no stack trace:\n" + text);
    return text.strip();
  }

  @Test
  void mismatchedParallelAndNumberListsNameBothFlags() {
    assertEquals(
        2,
        check(
            "--as",
            "run_1k_4k.sh",
            "-Dconfig=simulations/quick.json",
            "-Dparallel=1,2,3",
            "-Dnumber=4,8"));
    String line = oneLine();
    assertTrue(line.startsWith("run_1k_4k.sh: --parallel has 3 values but --number has 2"), line);
  }

  @Test
  void aDatasetTooSmallForACellIsOneLineNamingTheFileAndTheCell() {
    assertEquals(
        2,
        check(
            "--as",
            "run_1k_4k.sh",
            "-Dconfig=simulations/quick.json",
            "-Ddataset=sharegpt:data/prompts/sharegpt-sample.json"));
    String line = oneLine();
    assertTrue(
        line.startsWith("run_1k_4k.sh: data/prompts/sharegpt-sample.json: only 20 of its 20"),
        line);
    assertTrue(line.contains("32 were asked for (cell in128-out128-c16)"), line);
  }

  @Test
  void aDatasetOfAnUnknownKindNamesTheDatasetFlag() {
    assertEquals(
        2,
        check(
            "--as",
            "run_1k_4k.sh",
            "-Dconfig=simulations/quick.json",
            "-Ddataset=csv:prompts.csv"));
    String line = oneLine();
    assertTrue(line.startsWith("run_1k_4k.sh: --dataset csv:prompts.csv is not allowed"), line);
  }

  @Test
  void theShippedShareGptExampleIsReady() {
    assertEquals(0, check("-Dconfig=simulations/examples/sharegpt-sample.json"));
  }

  @Test
  void anUnreachableUrlNamesTheUrlFlag() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    assertEquals(
        2, check("--as", "run_1k_4k.sh", "-Dconfig=simulations/quick.json", "-Dbase.url=" + url));
    String line = oneLine();
    assertTrue(line.startsWith("run_1k_4k.sh: --url " + url + " is unreachable"), line);
    assertFalse(line.contains("-D"), line);
  }

  @Test
  void aRefusedKeyNamesTheKeyFlag() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      assertEquals(
          2, check("--as", "run_1k_4k.sh", "-Dconfig=simulations/quick.json", "-Dbase.url=" + url));
      String line = oneLine();
      assertTrue(line.contains("--url " + url + " refused no key"), line);
      assertTrue(line.contains("HTTP 401"), line);
      assertTrue(line.contains("--api-key-env"), line);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aModelTheServerDoesNotServeNamesTheModelFlag() {
    try (TargetServer target = TargetServer.start(TargetSettings.defaults())) {
      assertEquals(
          2,
          check(
              "--as",
              "run_1k_4k.sh",
              "-Dconfig=simulations/quick.json",
              "-Dbase.url=" + target.baseUri(),
              "-Dmodel=llama-70b"));
      String line = oneLine();
      assertTrue(line.startsWith("run_1k_4k.sh: --model llama-70b is not served by"), line);
    }
  }

  @Test
  void aServedModelIsReady() {
    try (TargetServer target = TargetServer.start(TargetSettings.defaults())) {
      assertEquals(
          0, check("-Dconfig=simulations/quick.json", "-Dbase.url=" + target.baseUri()), err());
      assertTrue(out().contains("ready: quick: 6 cells to run"), out());
    }
  }

  @Test
  void aBadPropertyWithoutTheScriptNamesTheProperty() {
    assertEquals(2, check("--simulation", "ChatStreamSimulation", "-Dconcurrency=abc"));
    assertEquals(
        "tokenload check-run: -Dconcurrency=abc is not allowed: concurrency must be a whole"
            + " number from 1 to 100000",
        oneLine());
  }

  @Test
  void resumingAFinishedRunIsNotAnError(@TempDir Path dir) throws Exception {
    Path run = QuickRun.copyTo(dir.resolve("run"));
    new ObjectMapper()
        .writeValue(
            run.resolve("definition.json").toFile(),
            DefinitionReader.read(Path.of("simulations/quick.json")));
    StringBuilder progress = new StringBuilder();
    for (CellSpec cell : RunInfo.read(run).cells()) {
      progress.append("{\"cell\":\"").append(cell.name()).append("\"}\n");
    }
    Files.writeString(run.resolve("progress.jsonl"), progress);

    assertEquals(CheckRunCommand.COMPLETE, check("--as", "run_1k_4k.sh", "-Dresume=" + run));
    assertTrue(out().contains("nothing to resume: " + run + " finished all"), out());
    assertTrue(out().contains(run.resolve("index.html").toString()), out());
    assertEquals("", err());
  }

  @Test
  void resumingAFolderThatIsNoMatrixRunNamesTheResumeFlag(@TempDir Path dir) {
    assertEquals(2, check("--as", "run_1k_4k.sh", "-Dresume=" + dir));
    assertTrue(
        oneLine().startsWith("run_1k_4k.sh: --resume " + dir + " is not a matrix run folder"),
        err());
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
