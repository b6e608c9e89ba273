package io.tokenload.report;

/**
 * Names shared by the run's page ({@link MatrixPage}) and the simulation's link to Gatling's
 * results.
 */
final class IndexPage {

  static final String FILE = "index.html";

  /** Written by the simulation: the Gatling results folder, relative to the run folder. */
  static final String GATLING_LINK_FILE = "gatling-report.txt";

  private IndexPage() {}

  static String escape(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
