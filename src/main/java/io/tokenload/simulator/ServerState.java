package io.tokenload.simulator;

/**
 * What every connection of one server shares.
 *
 * @param settings the server's settings
 * @param engine the engine loop timing generation; null on the {@code fixed} preset
 * @param faults the server's fault chooser, with its seeded draws
 * @param startedSeconds when the server started, in Unix seconds: the models' {@code created}
 * @param prefixCache the prompt prefixes seen, whose tokens are not prefilled again
 */
record ServerState(
    TargetSettings settings,
    EngineLoop engine,
    FaultDraw faults,
    long startedSeconds,
    PrefixCache prefixCache) {

  static ServerState of(TargetSettings settings, EngineLoop engine) {
    return new ServerState(
        settings,
        engine,
        new FaultDraw(settings.faults(), settings.seed()),
        System.currentTimeMillis() / 1000,
        new PrefixCache());
  }
}
