package io.tokenload.cli;

import io.tokenload.gatling.Preflight;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.workload.Api;
import io.tokenload.workload.ApiKey;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * The server a command that drives load outside Gatling aims at ({@code search}, {@code replay}):
 * {@code --url} with {@code --model}, {@code --api-key-env}, {@code --api}, {@code --flavour}, or
 * else the embedded target with {@code --preset}, started here and stopped on {@link #close}.
 */
final class CommandTarget implements AutoCloseable {

  private final TargetServer embedded;
  private final Endpoint endpoint;
  private final String name;

  private CommandTarget(TargetServer embedded, Endpoint endpoint, String name) {
    this.embedded = embedded;
    this.endpoint = endpoint;
    this.name = name;
  }

  /** Adds the target's flags to {@code o}. */
  static Options addOptions(Options o) {
    String[][] flags = {
      {"url", "the server's base URL (default: the embedded target)"},
      {"model", "model name (default: the first the server serves)"},
      {"api-key-env", "environment variable holding the API key"},
      {"api", "chat or completions (default chat)"},
      {"flavour", "vllm or openai (default vllm)"},
      {
        "preset",
        "the embedded target's engine: fixed, rehearsal, tiny-fast, 8b-h100 (default fixed)"
      }
    };
    Args.addValued(o, flags);
    return o;
  }

  /**
   * @throws InputError one line naming the flag when the target cannot be used
   */
  static CommandTarget open(CommandLine line, String command) throws InputError {
    TargetServer embedded = null;
    try {
      if (line.hasOption("url")) {
        URI base = URI.create(line.getOptionValue("url"));
        Optional<ApiKey> key =
            ApiKey.fromEnvironment(line.getOptionValue("api-key-env", ""), System.getenv());
        return new CommandTarget(null, endpoint(line, base, key), base.toString());
      }
      String preset = line.getOptionValue("preset", TargetSettings.FIXED);
      embedded = TargetServer.start(TargetSettings.defaults().withPreset(preset));
      return new CommandTarget(
          embedded, endpoint(line, embedded.baseUri(), Optional.empty()), "embedded");
    } catch (IllegalArgumentException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw new InputError("tokenload " + command + ": " + e.getMessage());
    }
  }

  private static Endpoint endpoint(CommandLine line, URI base, Optional<ApiKey> key) {
    Api api = Api.parse(line.getOptionValue("api", "chat"), "--api");
    String model = Preflight.resolveModel(base, line.getOptionValue("model", ""), key);
    return new Endpoint(
        base,
        api,
        Flavour.parse(line.getOptionValue("flavour", "vllm"), "--flavour"),
        model,
        key,
        Duration.ofSeconds(60));
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** {@code embedded} or the URL, as {@code run.json} names a target. */
  String name() {
    return name;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
