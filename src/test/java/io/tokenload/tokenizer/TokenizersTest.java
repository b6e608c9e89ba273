package io.tokenload.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Choosing a tokenizer from a setting, and the errors for paths that hold none. */
class TokenizersTest {

  @Test
  void wordsIsTheEmbeddedTargetsTokenizer() {
    assertSame(WordTokenizer.instance(), Tokenizers.load("words"));
    assertSame(WordTokenizer.instance(), Tokenizers.load(" words "));
  }

  @Test
  void aPathLoadsItsTokenizerJson(@TempDir Path dir) throws IOException {
    Path file = HfTokenizerTest.copyFixture(HfTokenizerTest.BOS_WORDS, dir);
    Tokenizer t = Tokenizers.load(file.toString());
    try {
      assertArrayEquals(new int[] {3, 4}, t.encode("hello world"));
    } finally {
      ((HfTokenizer) t).close();
    }
  }

  @Test
  void aMissingPathIsNamedWithWhatIsExpected(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-model");
    var e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(missing.toString()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("a tokenizer.json file, a model folder"), e.getMessage());
  }

  @Test
  void aBlankSpecSaysWhatIsAllowed() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load("  "));
    assertTrue(e.getMessage().startsWith("tokenizer is blank; expected 'words'"), e.getMessage());
  }

  /** Files and folders that are not tokenizers, and the words their error must contain. */
  enum NotATokenizer {
    EMPTY_FILE("tokenizer.json", "", "it is empty"),
    NOT_JSON("tokenizer.json", "vocab: [hello]\n", "it is not valid JSON at line 1, column 1"),
    TRUNCATED_JSON("tokenizer.json", "{\"model\": {\"vocab\": {\"a\": 0", "it is not valid JSON"),
    JSON_ARRAY("tokenizer.json", "[1, 2]", "it holds a JSON array, not an object"),
    CONFIG_NOT_TOKENIZER(
        "tokenizer_config.json",
        "{\"bos_token\": \"<s>\", \"model_max_length\": 4096}",
        "it has no \"model\" object with a \"vocab\""),
    EMPTY_VOCAB(
        "tokenizer.json",
        "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}",
        "its model.vocab is empty"),
    VOCAB_ID_NOT_A_NUMBER(
        "tokenizer.json",
        "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": \"zero\"}}}",
        "model.vocab[\"a\"] is not a token id"),
    ADDED_TOKEN_WITHOUT_ID(
        "tokenizer.json",
        "{\"added_tokens\": [{\"content\": \"<s>\"}], \"model\": {\"vocab\": {\"a\": 0}}}",
        "added_tokens[0] has no \"id\"");

    final String fileName;
    final String content;
    final String why;

    NotATokenizer(String fileName, String content, String why) {
      this.fileName = fileName;
      this.content = content;
      this.why = why;
    }
  }

  @ParameterizedTest
  @EnumSource(NotATokenizer.class)
  void aFileThatIsNotATokenizerIsNamedWithWhy(NotATokenizer c, @TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve(c.fileName), c.content);
    var e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(file.toString()));
    assertTrue(
        e.getMessage()
            .startsWith(file.toAbsolutePath() + " is not a Hugging Face tokenizer.json: "),
        e.getMessage());
    assertTrue(e.getMessage().contains(c.why), e.getMessage());
    assertTrue(e.getMessage().contains("expected the JSON object"), e.getMessage());
  }

  @Test
  void aFolderWithoutATokenizerIsNamed(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("config.json"), "{}");
    var e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(dir.toString()));
    assertTrue(
        e.getMessage()
            .startsWith("tokenizer folder " + dir.toAbsolutePath() + " has no tokenizer.json"),
        e.getMessage());
  }

  @Test
  void aCacheFolderWithSeveralSnapshotsAndNoRefsAsksForOne(@TempDir Path dir) throws IOException {
    for (String revision : new String[] {"aaa", "bbb"}) {
      Path snapshot = Files.createDirectories(dir.resolve("snapshots").resolve(revision));
      Files.writeString(snapshot.resolve("tokenizer.json"), "{}");
    }
    var e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(dir.toString()));
    assertTrue(e.getMessage().contains("has 2 snapshots with a tokenizer.json"), e.getMessage());
    assertTrue(e.getMessage().contains("aaa, bbb; name one snapshot folder"), e.getMessage());
  }

  @Test
  void aCacheFolderWithNoTokenizerInItsSnapshotsSaysWhereItLooked(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("snapshots/abc"));
    var e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.load(dir.toString()));
    assertTrue(e.getMessage().contains("has no snapshot with a tokenizer.json"), e.getMessage());
  }
}
