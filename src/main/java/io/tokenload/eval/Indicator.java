package io.tokenload.eval;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The indicators {@code tokenload eval} measures, named as the platform guide's contracts are. */
public enum Indicator {
  ACCURACY_F1("accuracy_f1"),
  ROBUSTNESS_ADV("robustness_adv"),
  TOXICITY("toxicity"),
  LATENCY_P99("latency_p99"),
  THROUGHPUT_RPS("throughput_rps");

  private final String wireName;

  Indicator(String wireName) {
    this.wireName = wireName;
  }

  /** The name in {@code --indicator} and in the contract's {@code indicator} field. */
  public String wireName() {
    return wireName;
  }

  /** Whether it needs a question set with reference answers ({@code --data}). */
  public boolean needsAnswers() {
    return this == ACCURACY_F1 || this == ROBUSTNESS_ADV;
  }

  /** Whether it is measured by a short load run rather than by scoring answers. */
  public boolean isLoad() {
    return this == LATENCY_P99 || this == THROUGHPUT_RPS;
  }

  public static Indicator parse(String name) {
    for (Indicator i : values()) {
      if (i.wireName.equals(name)) {
        return i;
      }
    }
    throw new EvalException("--indicator was '" + name + "'; allowed: " + allowed());
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Indicator::wireName).collect(Collectors.joining(", "));
  }
}
