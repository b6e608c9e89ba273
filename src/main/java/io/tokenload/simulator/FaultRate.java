package io.tokenload.simulator;

/**
 * A fault the target draws at random: each generation request without an {@code X-Tokenload-Fault}
 * header suffers {@code fault} with probability {@code probability}. The draws come from the
 * settings' seed, so a run with the same seed and the same request order fails the same requests.
 *
 * @param fault what goes wrong
 * @param probability from 0 (exclusive) to 1 (inclusive)
 */
public record FaultRate(Fault fault, double probability) {

  static final String GRAMMAR = Fault.GRAMMAR + "=<probability>";

  public FaultRate {
    if (fault == null) {
      throw new IllegalArgumentException("FaultRate.fault is null; give a Fault");
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "FaultRate.probability of "
              + fault
              + " is "
              + probability
              + "; it must be greater than 0 and at most 1");
    }
  }

  /**
   * Reads {@code <fault>=<probability>}, the probability after the last {@code =}: a number such as
   * {@code 0.01} or a percentage such as {@code 1%}. Examples: {@code error=0.01}, {@code
   * rate-limit;retry-after=5=2%}.
   *
   * @throws IllegalArgumentException saying which part is wrong and what is allowed
   */
  public static FaultRate parse(String spec) {
    int eq = spec.lastIndexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException(
          "fault rate '"
              + spec
              + "' has no probability; write "
              + GRAMMAR
              + ", such as error=0.01");
    }
    String raw = spec.substring(eq + 1).trim();
    double probability;
    try {
      probability =
          raw.endsWith("%")
              ? Double.parseDouble(raw.substring(0, raw.length() - 1)) / 100
              : Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      probability = Double.NaN;
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "fault rate '"
              + spec
              + "': the probability is '"
              + raw
              + "'; it must be a number greater than 0 and at most 1 (or a percentage such as"
              + " 1%), as in "
              + GRAMMAR);
    }
    return new FaultRate(Fault.parse(spec.substring(0, eq)), probability);
  }

  @Override
  public String toString() {
    return fault + "=" + probability;
  }
}
