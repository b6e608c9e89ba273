package io.tokenload.tokenizer;

/**
 * Keeps DJL off the network. DJL reads these settings once, when its native library loads, so they
 * are set before the first DJL class is used. Each is read by DJL from the environment first and
 * from system properties second: a variable the user exported wins.
 */
final class DjlOffline {

  /** DJL's switch for "never download": models, and native builds. */
  static final String OFFLINE = "ai.djl.offline";

  /** Which native build of the tokenizers library to use; {@code cpu} is the one in the jar. */
  static final String RUST_FLAVOR = "RUST_FLAVOR";

  private DjlOffline() {}

  static synchronized void configure() {
    System.setProperty(OFFLINE, "true");
    if (System.getProperty(RUST_FLAVOR) == null) {
      System.setProperty(RUST_FLAVOR, "cpu");
    }
  }
}
