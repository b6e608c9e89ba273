package io.tokenload.simulator;

/**
 * What every connection of one server shares.
 *
 * @param settings the server's settings
 * @param engine the engine loop timing generation; null on the {@code fixed} preset
 * @param faults the server's fault chooser, with its seeded draws
 * @param prefixCache the prompt prefixes seen, whose tokens are not prefilled again
 */
record ServerState(
    TargetSettings settings, EngineLoop engine, FaultDraw faults, PrefixCache prefixCache) {

  static ServerState of(TargetSettings settings, EngineLoop engine) {
    return new ServerState(
        settings, engine, new FaultDraw(settings.faults(), settings.seed()), new PrefixCache());
  }
}
