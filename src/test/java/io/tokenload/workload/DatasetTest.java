package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading ShareGPT and JSON Lines prompt files, and the errors of malformed ones. */
class DatasetTest {

  static final Path SHAREGPT = Path.of("data/prompts/sharegpt-sample.json");
  static final Path JSONL = Path.of("data/prompts/sample.jsonl");

  @Test
  void readsTheShippedShareGptSampleFirstTurnAsPromptSecondAsReply() {
    Dataset d = Dataset.read(SHAREGPT);
    assertEquals(20, d.entries().size());
    assertEquals(0, d.skipped());
    DatasetEntry first = d.entries().get(0);
    assertEquals("sharegpt-sample.json[0]", first.source());
    assertEquals(
        "What is the difference between latency and throughput in a web service?", first.prompt());
    assertTrue(first.reply().startsWith("Latency is how long one request takes"));
    assertEquals(-1, first.outputTokens());
  }

  @Test
  void readsTheShippedJsonlSampleWithAndWithoutOutputTokens() {
    Dataset d = Dataset.read(JSONL);
    assertEquals(12, d.entries().size());
    DatasetEntry first = d.entries().get(0);
    assertEquals("sample.jsonl:1", first.source());
    assertEquals("Explain the difference between a process and a thread.", first.prompt());
    assertEquals(128, first.outputTokens());
    assertNull(first.reply());
    assertEquals(-1, d.entries().get(2).outputTokens());
  }

  @Test
  void skipsAndCountsConversationsThatGiveNoPrompt(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("mixed.json"),
            "[{\"conversations\": [{\"from\": \"human\", \"value\": \"only a question\"}]},\n"
                + " {\"conversations\": [{\"from\": \"gpt\", \"value\": \"a\"}, {\"from\":"
                + " \"human\", \"value\": \"b\"}]},\n"
                + " {\"id\": 3, \"conversations\": [{\"from\": \"user\", \"value\": \"kept\"},"
                + " {\"from\": \"assistant\", \"value\": \"yes\"}, {\"from\": \"user\", \"value\":"
                + " \"more\"}]}]");
    Dataset d = Dataset.read(file);
    assertEquals(2, d.skipped());
    assertEquals(1, d.entries().size());
    assertEquals("mixed.json[2]", d.entries().get(0).source());
    assertEquals("kept", d.entries().get(0).prompt());
    assertEquals("yes", d.entries().get(0).reply());
  }

  @Test
  void skipsBlankLinesOfAJsonlFile(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(dir.resolve("p.jsonl"), "\n{\"prompt\": \"a\"}\n\n{\"prompt\": \"b\"}\n");
    Dataset d = Dataset.read(file);
    assertEquals(2, d.entries().size());
    assertEquals("p.jsonl:4", d.entries().get(1).source());
  }

  /** Malformed files: name, content, and what the error must say after the file's folder. */
  enum Malformed {
    SHAREGPT_NOT_AN_ARRAY(
        "d.json", "{\"conversations\": []}", "d.json: it does not start with '['"),
    SHAREGPT_EMPTY_FILE("d.json", "", "d.json: it is empty"),
    SHAREGPT_BAD_JSON(
        "d.json",
        "[{\"conversations\": [{\"from\": \"human\", \"value\": \"a\"}, {\"from\": \"gpt\","
            + " \"value\": \"b\"}]},\n"
            + " {\"conversations\": [}]",
        "d.json, conversation 1 (line 2, column"),
    SHAREGPT_UNCLOSED_ARRAY(
        "d.json",
        "[{\"conversations\": [{\"from\": \"human\", \"value\": \"a\"}, {\"from\": \"gpt\","
            + " \"value\": \"b\"}]}",
        "d.json, conversation 1"),
    SHAREGPT_ITEM_NOT_AN_OBJECT(
        "d.json", "[\n\"hello\"]", "d.json, conversation 0 (line 2, column 1): is not an object"),
    SHAREGPT_NO_CONVERSATIONS(
        "d.json",
        "[{\"id\": 1}]",
        "d.json, conversation 0 (line 1, column 2): has no \"conversations\""),
    SHAREGPT_CONVERSATIONS_NOT_AN_ARRAY(
        "d.json",
        "[{\"conversations\": \"hi\"}]",
        "d.json, conversation 0 (line 1, column 2): \"conversations\" is not an array"),
    SHAREGPT_TURN_WITHOUT_VALUE(
        "d.json",
        "[{\"conversations\": [{\"from\": \"human\", \"value\": \"a\"}]},\n"
            + "{\"conversations\": [{\"from\": \"human\"}]}]",
        "d.json, conversation 1 (line 2, column 1): conversations[0] is not {\"from\": string,"
            + " \"value\": string}"),
    SHAREGPT_NOTHING_USABLE(
        "d.json",
        "[{\"conversations\": [{\"from\": \"human\", \"value\": \"a\"}]}]",
        "d.json: holds no usable prompt (1 conversations skipped"),
    JSONL_BAD_JSON(
        "p.jsonl",
        "{\"prompt\": \"a\"}\n{\"prompt\": \"b\"",
        "p.jsonl, line 2: not valid JSON at column"),
    JSONL_TWO_OBJECTS_ON_ONE_LINE(
        "p.jsonl", "{\"prompt\": \"a\"} {\"prompt\": \"b\"}", "p.jsonl, line 1: not valid JSON"),
    JSONL_NOT_AN_OBJECT("p.jsonl", "[\"a\"]", "p.jsonl, line 1: is not a JSON object"),
    JSONL_NO_PROMPT(
        "p.jsonl",
        "{\"prompt\": \"a\"}\n\n{\"text\": \"b\"}",
        "p.jsonl, line 3: has no \"prompt\""),
    JSONL_PROMPT_NOT_A_STRING(
        "p.jsonl", "{\"prompt\": 5}", "p.jsonl, line 1: \"prompt\" is not a string"),
    JSONL_BLANK_PROMPT("p.jsonl", "{\"prompt\": \"  \"}", "p.jsonl, line 1: \"prompt\" is blank"),
    JSONL_OUTPUT_TOKENS_ZERO(
        "p.jsonl",
        "{\"prompt\": \"a\", \"output_tokens\": 0}",
        "p.jsonl, line 1: \"output_tokens\" is 0; expected a whole number of at least 1"),
    JSONL_OUTPUT_TOKENS_TEXT(
        "p.jsonl",
        "{\"prompt\": \"a\", \"output_tokens\": \"128\"}",
        "p.jsonl, line 1: \"output_tokens\" is \"128\""),
    JSONL_EMPTY_FILE("p.jsonl", "\n\n", "p.jsonl: holds no usable prompt"),
    UNKNOWN_EXTENSION(
        "p.csv", "prompt\nhello", "p.csv: has an unknown kind; expected a .json file");

    final String name;
    final String content;
    final String message;

    Malformed(String name, String content, String message) {
      this.name = name;
      this.content = content;
      this.message = message;
    }
  }

  @ParameterizedTest
  @EnumSource(Malformed.class)
  void aMalformedFileIsNamedWithWhereAndWhat(Malformed c, @TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve(c.name), c.content);
    DatasetException e = assertThrows(DatasetException.class, () -> Dataset.read(file));
    String expected = dir + "/" + c.message;
    assertTrue(
        e.getMessage().startsWith(expected),
        "expected " + expected + "\nbut was " + e.getMessage());
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    DatasetException e = assertThrows(DatasetException.class, () -> Dataset.read(missing));
    assertEquals(missing + ": does not exist", e.getMessage());
  }
}
