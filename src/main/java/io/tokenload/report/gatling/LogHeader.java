package io.tokenload.report.gatling;

import java.util.List;

/**
 * The run record that opens a {@code simulation.log}.
 *
 * @param gatlingVersion the version of Gatling that wrote the file, such as {@code 3.15.1}
 * @param simulationClass the simulation's class name
 * @param runStartEpochMillis the run's start; every record's times are offsets from it
 * @param description the run description ({@code -Dgatling.runDescription}), often empty
 * @param scenarios the scenarios' names, in the order of their indices in user records
 * @param assertions how many assertions the run declared (their bytes are skipped)
 */
public record LogHeader(
    String gatlingVersion,
    String simulationClass,
    long runStartEpochMillis,
    String description,
    List<String> scenarios,
    int assertions) {}
