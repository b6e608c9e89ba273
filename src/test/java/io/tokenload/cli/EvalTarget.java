package io.tokenload.cli;

import io.tokenload.local.SimulatedBackend;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded target answering {@code data/eval/qa.jsonl} as {@code tokenload serve --answers}
 * does, built from the same options, on a free port with no delays.
 */
final class EvalTarget implements AutoCloseable {

  static final String QA = "data/eval/qa.jsonl";

  private final TargetServer server;
  private final SimulatedBackend backend;

  EvalTarget(String... answerOptions) throws UsageException {
    List<String> args =
        new ArrayList<>(List.of("--port", "0", "--ttft-ms", "0", "--itl-ms", "0", "--answers", QA));
    args.addAll(List.of(answerOptions));
    var line = ServeCommand.parse(args.toArray(String[]::new));
    TargetSettings settings = ServeCommand.settings(line);
    backend = AnswerOptions.backend(line, settings);
    server = TargetServer.start(settings.withBackend(backend));
  }

  String url() {
    return server.baseUri().toString();
  }

  @Override
  public void close() {
    server.close();
    backend.close();
  }
}
