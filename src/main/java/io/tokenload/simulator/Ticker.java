package io.tokenload.simulator;

/**
 * The engine's time source, in nanoseconds on an arbitrary origin like {@link System#nanoTime()}.
 * Injected so that the engine's scheduling is tested with scripted time instead of sleeps.
 */
@FunctionalInterface
interface Ticker {

  Ticker SYSTEM = System::nanoTime;

  long nanoTime();
}
