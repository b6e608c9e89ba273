package io.tokenload.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code run_1k_4k.sh}'s own flag checks, which answer before Java or Maven start: each mistake is
 * one line on stderr naming the flag as typed, exit code 2.
 */
class RunScriptTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--parallel 1 2 3 --number 4 8 | --parallel has 3 values but --number has 2",
        "--parallel 1 2 | --parallel needs --number",
        "--number 8 | --number needs --parallel",
        "--parallel 1 x --number 4 | --parallel 1 x is not allowed",
        "--parallel 0 --number 4 | --parallel 0 is not allowed",
        "--input-output 128 | --input-output 128 is not allowed",
        "--url ftp://host | --url ftp://host is not allowed",
        "--api grpc | --api grpc is not allowed; allowed: chat/completions",
        "--flavour tgi | --flavour tgi is not allowed; allowed: vllm/openai",
        "--api-key-env 1KEY | --api-key-env 1KEY is not allowed",
        "--api-key-env TOKENLOAD_TEST_UNSET_VARIABLE | names an environment variable that is not set",
        "--resume no/such/run | --resume no/such/run does not exist",
        "--config no/such.json | --config no/such.json does not exist",
        "--paralel 1 | unknown flag '--paralel'",
      })
  void aMistakeIsOneLineNamingTheFlag(String args, String expected) throws Exception {
    List<String> command = new ArrayList<>(List.of("./run_1k_4k.sh"));
    command.addAll(List.of(args.strip().split(" ")));
    Process script =
        new ProcessBuilder(command)
            .directory(new File("."))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(script.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(script.waitFor(10, TimeUnit.SECONDS), "the script's own checks must answer at once");
    assertEquals(2, script.exitValue(), err);
    assertEquals(1, err.lines().count(), "one line:\n" + err);
    assertTrue(err.startsWith("run_1k_4k.sh: "), err);
    assertTrue(err.contains(expected.strip()), err);
  }
}
