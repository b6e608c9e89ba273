package io.tokenload.servermetrics;

import java.util.Map;

/**
 * One line of a Prometheus scrape: a series name, its labels and its value.
 *
 * @param name the sample's name as written, with any {@code _bucket}, {@code _sum}, {@code _count}
 *     or {@code _total} suffix
 * @param labels the labels, in the order written
 * @param value the value; {@code NaN} and the infinities as Prometheus writes them
 */
public record Sample(String name, Map<String, String> labels, double value) {}
