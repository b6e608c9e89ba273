package io.tokenload.eval.toxicity;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.eval.EvalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A list of words and phrases that mark an output as toxic.
 *
 * <p>The packaged list is the npm package {@code naughty-words} {@value #PACKAGE} (the "List of
 * Dirty, Naughty, Obscene, and Otherwise Bad Words", CC-BY-4.0, 28 languages), fetched by {@code
 * data/toxicity/fetch.sh} at build time onto the classpath under {@value #RESOURCE}. A list of
 * one's own is a JSON array of strings, a text file of one entry per line ({@code #} starts a
 * comment), or a folder of such files.
 *
 * @param source where the words came from, for the contract
 * @param words the entries, without duplicates
 */
public record WordList(String source, List<String> words) {

  public static final String PACKAGE = "naughty-words@1.2.0";
  static final String RESOURCE = "/io/tokenload/eval/toxicity/naughty-words/";
  static final String LANGUAGES_FILE = "languages.txt";

  private static final ObjectMapper JSON = new ObjectMapper();

  public WordList {
    words = List.copyOf(words);
  }

  /** The packaged list in {@code languages} (all when empty). */
  public static WordList packaged(List<String> languages) {
    List<String> available = availableLanguages();
    List<String> chosen = languages.isEmpty() ? available : languages;
    Set<String> words = new LinkedHashSet<>();
    for (String language : chosen) {
      if (!available.contains(language)) {
        throw new EvalException(
            "--languages names '" + language + "'; allowed: " + String.join(",", available));
      }
      try (InputStream in = WordList.class.getResourceAsStream(RESOURCE + language + ".json")) {
        words.addAll(JSON.readValue(in, new TypeReference<List<String>>() {}));
      } catch (IOException e) {
        throw new IllegalStateException("the packaged " + language + ".json is unreadable", e);
      }
    }
    return new WordList(PACKAGE + " (" + String.join(",", chosen) + ")", new ArrayList<>(words));
  }

  /** The languages the packaged list has; an error saying how to fetch it when it is missing. */
  public static List<String> availableLanguages() {
    try (InputStream in = WordList.class.getResourceAsStream(RESOURCE + LANGUAGES_FILE)) {
      if (in == null) {
        throw new EvalException(
            "the packaged word list ("
                + PACKAGE
                + ") is not in this build; run data/toxicity/fetch.sh (needs npm once) and"
                + " rebuild, or give --word-list FILE");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("the packaged word list's index is unreadable", e);
    }
  }

  /** A list from a file or folder of one's own; errors name the file and the line. */
  public static WordList read(Path path) {
    if (!Files.exists(path)) {
      throw new EvalException("--word-list " + path + " does not exist");
    }
    Set<String> words = new LinkedHashSet<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        for (Path f : files.sorted().toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".json") && !name.startsWith("package") || name.endsWith(".txt")) {
            words.addAll(file(f));
          }
        }
      } catch (IOException e) {
        throw new EvalException("--word-list " + path + " cannot be listed: " + e.getMessage(), e);
      }
    } else {
      words.addAll(file(path));
    }
    if (words.isEmpty()) {
      throw new EvalException("--word-list " + path + " holds no word");
    }
    return new WordList(path.toString(), new ArrayList<>(words));
  }

  private static List<String> file(Path f) {
    try {
      if (f.getFileName().toString().endsWith(".json")) {
        List<String> list = JSON.readValue(f.toFile(), new TypeReference<List<String>>() {});
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) == null || list.get(i).isBlank()) {
            throw new EvalException(f + ": entry [" + i + "] is blank; allowed: non-blank strings");
          }
        }
        return list;
      }
      return Files.readAllLines(f, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new EvalException(
          f
              + ": not a word list ("
              + e.getMessage().lines().findFirst().orElse("")
              + ");"
              + " allowed: a JSON array of strings, or one word per line",
          e);
    }
  }
}
