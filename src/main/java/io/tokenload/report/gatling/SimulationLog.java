package io.tokenload.report.gatling;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads Gatling 3.15.1's binary {@code simulation.log} one record at a time, in memory bounded by
 * the number of distinct strings (names and messages), never by the number of records. The format
 * is Gatling's own and undocumented; {@code docs/simulation-log.md} describes it.
 *
 * <p>A log written by any other Gatling version is refused, as Gatling itself refuses it. A log cut
 * short or damaged part-way (an interrupted run) gives every record before the damage, and the
 * damage is named: file, byte offset, reason.
 */
public final class SimulationLog {

  public static final String FILE = "simulation.log";

  /** The only version whose layout this reader knows. */
  public static final String SUPPORTED_GATLING_VERSION = "3.15.1";

  static final int RUN = 0;
  static final int REQUEST = 1;
  static final int USER = 2;
  static final int GROUP = 3;
  static final int ERROR = 4;
  private static final int MAX_GROUP_DEPTH = 1000;

  private SimulationLog() {}

  /**
   * What a read gave.
   *
   * @param requests request records delivered
   * @param users user start and end records
   * @param groups group records
   * @param errors Gatling's own error records (crashed actions), not failed requests
   * @param damage where the file stopped being readable, if it did
   */
  public record Result(
      Path file,
      LogHeader header,
      long requests,
      long users,
      long groups,
      long errors,
      Optional<LogDamage> damage) {}

  /** A file that is not a {@code simulation.log} this reader can read at all. */
  public static final class UnreadableLogException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableLogException(String message) {
      super(message);
    }
  }

  /** The log of the newest Gatling results folder named in a run's {@code gatling-report.txt}. */
  public static Optional<Path> locate(Path runDir, String linkFile) throws IOException {
    Path link = runDir.resolve(linkFile);
    if (!Files.isRegularFile(link)) {
      return Optional.empty();
    }
    // One line per part of a resumed run, oldest first: the newest part's log.
    List<String> parts = Files.readString(link, StandardCharsets.UTF_8).strip().lines().toList();
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    Path log = runDir.resolve(parts.get(parts.size() - 1).strip()).resolve(FILE).normalize();
    return Files.isRegularFile(log) ? Optional.of(log) : Optional.empty();
  }

  /** Only the run record: version, simulation, start. */
  public static LogHeader header(Path file) throws IOException {
    try (LogInput in = open(file)) {
      return readHeader(file, in);
    }
  }

  /** Hands every request record to {@code sink}, in file order; group records are counted only. */
  public static Result read(Path file, Consumer<LogRequest> sink) throws IOException {
    return read(file, sink, g -> {});
  }

  /** Hands every request record to {@code sink} and every group record to {@code groupSink}. */
  public static Result read(Path file, Consumer<LogRequest> sink, Consumer<LogGroup> groupSink)
      throws IOException {
    long size = Files.size(file);
    try (LogInput in = open(file)) {
      LogHeader header = readHeader(file, in);
      long requests = 0;
      long users = 0;
      long groups = 0;
      long errors = 0;
      while (true) {
        long at = in.offset();
        try {
          int kind = in.next();
          if (kind < 0) {
            break;
          }
          switch (kind) {
            case REQUEST -> {
              sink.accept(readRequest(in, header.runStartEpochMillis()));
              requests++;
            }
            case USER -> {
              skipUser(in, header.scenarios().size());
              users++;
            }
            case GROUP -> {
              groupSink.accept(readGroup(in, header.runStartEpochMillis()));
              groups++;
            }
            case ERROR -> {
              in.readCachedString("error message");
              in.readInt();
              errors++;
            }
            default ->
                throw new LogInput.DamageException(
                    at,
                    "unknown record kind "
                        + kind
                        + "; allowed: 1 request, 2 user, 3 group, 4 error");
          }
        } catch (EOFException e) {
          return damaged(
              file,
              header,
              requests,
              users,
              groups,
              errors,
              at,
              size,
              "the file ends inside a record (an interrupted run leaves its last record cut short)");
        } catch (LogInput.DamageException e) {
          return damaged(
              file,
              header,
              requests,
              users,
              groups,
              errors,
              at,
              size,
              e.getMessage() + " (at byte " + e.offset + ")");
        }
      }
      return new Result(file, header, requests, users, groups, errors, Optional.empty());
    }
  }

  private static Result damaged(
      Path file,
      LogHeader header,
      long requests,
      long users,
      long groups,
      long errors,
      long at,
      long size,
      String why) {
    long records = requests + users + groups + errors;
    LogDamage damage = new LogDamage(file.toString(), at, size - at, records, why);
    return new Result(file, header, requests, users, groups, errors, Optional.of(damage));
  }

  private static LogInput open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UnreadableLogException(file + " does not exist");
    }
    InputStream stream = Files.newInputStream(file);
    return new LogInput(stream);
  }

  private static LogHeader readHeader(Path file, LogInput in) throws IOException {
    try {
      int first = in.next();
      if (first != RUN) {
        throw new UnreadableLogException(notALog(file, first));
      }
      String version = in.readString("Gatling version");
      if (!SUPPORTED_GATLING_VERSION.equals(version)) {
        throw new UnreadableLogException(
            String.format(
                "%s was written by Gatling %s; tokenload reads simulation.log of Gatling %s only"
                    + " (the binary layout changes between versions, and Gatling refuses other"
                    + " versions' logs too)",
                file, version, SUPPORTED_GATLING_VERSION));
      }
      String simulation = in.readString("simulation class");
      long start = in.readLong();
      String description = in.readString("run description");
      int count = in.readInt();
      if (count < 0 || count > 1_000_000) {
        throw new LogInput.DamageException(
            in.offset() - 4, "scenario count " + count + " is not plausible");
      }
      List<String> scenarios = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        scenarios.add(in.readString("scenario name"));
      }
      int assertions = in.readInt();
      if (assertions < 0 || assertions > 1_000_000) {
        throw new LogInput.DamageException(
            in.offset() - 4, "assertion count " + assertions + " is not plausible");
      }
      for (int i = 0; i < assertions; i++) {
        in.skipByteArray("assertion");
      }
      return new LogHeader(
          version, simulation, start, description, List.copyOf(scenarios), assertions);
    } catch (EOFException e) {
      throw new UnreadableLogException(
          file + " ends inside its run header (byte " + in.offset() + "): no record is readable");
    } catch (LogInput.DamageException e) {
      throw new UnreadableLogException(
          file + ": damaged run header at byte " + e.offset + ": " + e.getMessage());
    }
  }

  private static String notALog(Path file, int first) {
    if (first < 0) {
      return file + " is empty: the run wrote no record";
    }
    if (first == 'R') {
      return file
          + " looks like the text simulation.log of Gatling before 3.13; tokenload reads the binary log of Gatling "
          + SUPPORTED_GATLING_VERSION;
    }
    return String.format(
        "%s is not a Gatling %s simulation.log: it starts with byte 0x%02x, expected 0x00 (the run record)",
        file, SUPPORTED_GATLING_VERSION, first);
  }

  private static List<String> readGroups(LogInput in) throws IOException {
    long at = in.offset();
    int depth = in.readInt();
    if (depth < 0 || depth > MAX_GROUP_DEPTH) {
      throw new LogInput.DamageException(
          at, "group depth " + depth + " is outside 0.." + MAX_GROUP_DEPTH);
    }
    if (depth == 0) {
      return List.of();
    }
    List<String> groups = new ArrayList<>(depth);
    for (int i = 0; i < depth; i++) {
      groups.add(in.readCachedString("group name"));
    }
    return List.copyOf(groups);
  }

  private static LogRequest readRequest(LogInput in, long runStart) throws IOException {
    List<String> groups = readGroups(in);
    String name = in.readCachedString("request name");
    int start = in.readInt();
    int end = in.readInt();
    boolean ok = in.readBoolean("request status");
    String message = in.readCachedString("request message");
    return new LogRequest(groups, name, runStart + start, runStart + end, ok, message);
  }

  private static void skipUser(LogInput in, int scenarios) throws IOException {
    long at = in.offset();
    int scenario = in.readInt();
    if (scenario < 0 || scenario >= scenarios) {
      throw new LogInput.DamageException(
          at, "user record names scenario " + scenario + "; the header lists " + scenarios);
    }
    in.readBoolean("user start/end flag");
    in.readInt();
  }

  private static LogGroup readGroup(LogInput in, long runStart) throws IOException {
    List<String> groups = readGroups(in);
    int start = in.readInt();
    int end = in.readInt();
    int cumulated = in.readInt();
    boolean ok = in.readBoolean("group status");
    return new LogGroup(groups, runStart + start, runStart + end, cumulated, ok);
  }
}
