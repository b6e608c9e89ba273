package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job template and CI example under {@code platforms/} parses as its format, runs every
 * indicator, and every tokenload command in it is valid: each goes through the real parser with
 * {@code --dry-run}, which checks the arguments and sends nothing.
 */
class JobTemplatesTest {

  private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+)=\"\\$\\{\\1:-([^}]*)\\}\"");
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{\\{[^}]*\\}\\}|\\$\\{(\\w+)(?::-([^}]*))?\\}|\\$(\\w+)");

  static Stream<Path> templates() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String folder : List.of("platforms/job_templates", "platforms/ci")) {
      try (Stream<Path> all = Files.walk(Path.of(folder))) {
        all.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    assertEquals(6, files.size(), files.toString());
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyTokenloadCommandInTheTemplateIsValid(Path file) throws IOException {
    List<List<String>> commands = commands(file);
    for (String indicator :
        List.of("accuracy_f1", "robustness_adv", "toxicity", "latency_p99", "throughput_rps")) {
      assertTrue(
          commands.stream().anyMatch(c -> c.contains(indicator)),
          file + " does not measure " + indicator);
    }
    assertTrue(commands.stream().anyMatch(c -> c.get(0).equals("gate")), file + " has no gate");
    for (List<String> command : commands) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      List<String> args = new ArrayList<>(command);
      int code;
      if (args.get(0).equals("serve")) {
        code = serveIsValid(args.subList(1, args.size()));
      } else {
        args.add("--dry-run");
        code =
            Main.run(
                args.toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
      }
      assertEquals(0, code, file + ": " + command + ": " + err.toString(StandardCharsets.UTF_8));
    }
  }

  private static int serveIsValid(List<String> args) {
    try {
      ServeCommand.settings(ServeCommand.parse(args.toArray(String[]::new)));
      return 0;
    } catch (UsageException e) {
      return 2;
    }
  }

  /** The tokenload commands in a template, its variables replaced by stand-ins. */
  static List<List<String>> commands(Path file) throws IOException {
    String name = file.getFileName().toString();
    List<String> texts = new ArrayList<>();
    if (name.endsWith(".json")) {
      strings(new ObjectMapper().readTree(file.toFile()), texts);
    } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
      strings(new YAMLMapper().readTree(file.toFile()), texts);
    } else {
      texts.add(Files.readString(file));
    }
    List<List<String>> commands = new ArrayList<>();
    for (String text : texts) {
      Map<String, String> defaults = new HashMap<>();
      Matcher a = ASSIGNMENT.matcher(text);
      while (a.find()) {
        defaults.put(a.group(1), a.group(2));
      }
      for (String line : text.replace("\\\n", " ").split("\n")) {
        if (line.strip().startsWith("#")) {
          continue;
        }
        for (String part : line.split("&&|\\|\\||;|(?<![|])\\|(?![|])")) {
          List<String> words = words(substitute(part, defaults));
          for (int i = 0; i < words.size(); i++) {
            // The program: a path ending in /tokenload, or tokenload first (not prose about it).
            String w = words.get(i);
            boolean program = w.endsWith("/tokenload") || w.equals("tokenload") && i == 0;
            if (program && i + 1 < words.size()) {
              List<String> command = new ArrayList<>(words.subList(i + 1, words.size()));
              command.removeIf("&"::equals);
              commands.add(command);
              break;
            }
          }
        }
      }
    }
    assertTrue(commands.size() >= 7, file + " holds " + commands.size() + " tokenload commands");
    return commands;
  }

  private static void strings(JsonNode node, List<String> into) {
    if (node.isTextual()) {
      into.add(node.textValue());
    }
    node.forEach(child -> strings(child, into));
  }

  private static String substitute(String text, Map<String, String> defaults) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String var = m.group(1) != null ? m.group(1) : m.group(3);
      String value;
      if (m.group(2) != null) {
        value = m.group(2);
      } else if (var != null && defaults.containsKey(var)) {
        value = defaults.get(var);
      } else if (var != null && var.contains("URL")) {
        value = "http://127.0.0.1:8000";
      } else {
        value = "/stand-in";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    return m.appendTail(sb).toString();
  }

  /** Shell words: white space separates, single and double quotes group. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
