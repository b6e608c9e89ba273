package io.tokenload.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the {@code tokenizer.json} a path names: the file itself, a model folder holding one, or a
 * Hugging Face cache folder ({@code models--org--name}) whose {@code snapshots/<revision>/} holds
 * one. Nothing is downloaded: a tokenizer that is not on disk is an error.
 */
final class TokenizerFiles {

  static final String FILE_NAME = "tokenizer.json";
  static final String EXPECTED =
      "a tokenizer.json file, a model folder containing tokenizer.json, or a Hugging Face cache"
          + " folder (models--org--name) with snapshots/<revision>/tokenizer.json";

  private TokenizerFiles() {}

  /**
   * The tokenizer file {@code path} names.
   *
   * @throws IllegalArgumentException when there is none, naming the path and what is expected
   */
  static Path resolve(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(
          "tokenizer path " + path.toAbsolutePath() + " does not exist; expected " + EXPECTED);
    }
    if (!Files.isDirectory(path)) {
      return path;
    }
    Path inFolder = path.resolve(FILE_NAME);
    if (Files.isRegularFile(inFolder)) {
      return inFolder;
    }
    Path snapshots = path.resolve("snapshots");
    if (Files.isDirectory(snapshots)) {
      return fromCache(path, snapshots);
    }
    throw new IllegalArgumentException(
        "tokenizer folder "
            + path.toAbsolutePath()
            + " has no "
            + FILE_NAME
            + " and no snapshots/ folder; expected "
            + EXPECTED);
  }

  /** The snapshot {@code refs/main} points at, else the only snapshot with a tokenizer. */
  private static Path fromCache(Path repo, Path snapshots) {
    Path ref = repo.resolve("refs").resolve("main");
    if (Files.isRegularFile(ref)) {
      String revision = read(ref).strip();
      Path file = snapshots.resolve(revision).resolve(FILE_NAME);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    List<Path> candidates = candidates(snapshots);
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(
          "Hugging Face cache folder "
              + repo.toAbsolutePath()
              + " has no snapshot with a "
              + FILE_NAME
              + " (looked in "
              + snapshots.toAbsolutePath()
              + "/*/); fetch the model's tokenizer where a network is allowed, then copy the"
              + " cache here");
    }
    throw new IllegalArgumentException(
        "Hugging Face cache folder "
            + repo.toAbsolutePath()
            + " has "
            + candidates.size()
            + " snapshots with a "
            + FILE_NAME
            + " and no refs/main to choose between them: "
            + candidates.stream()
                .map(p -> p.getParent().getFileName().toString())
                .collect(Collectors.joining(", "))
            + "; name one snapshot folder instead");
  }

  private static List<Path> candidates(Path snapshots) {
    try (Stream<Path> revisions = Files.list(snapshots)) {
      return revisions
          .map(r -> r.resolve(FILE_NAME))
          .filter(Files::isRegularFile)
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + snapshots.toAbsolutePath(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }
}
