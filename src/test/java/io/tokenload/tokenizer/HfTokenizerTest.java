package io.tokenload.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.testing.TestTokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hugging Face tokenizer over real tokenizer.json files: Qwen3's, Llama 3's and a tiny one. */
class HfTokenizerTest {

  /** A WordLevel tokenizer whose post-processor adds {@code <s>} (id 0), like Llama 2's BOS. */
  static final String BOS_WORDS = "bos-words.tokenizer.json";

  static Path copyFixture(String name, Path dir) throws IOException {
    Path file = dir.resolve("tokenizer.json");
    try (InputStream in = HfTokenizerTest.class.getResourceAsStream(name)) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void encodesTheKnownQwen3Sentence() {
    assertArrayEquals(
        new int[] {14990, 1879, 11, 279, 3974, 13876, 38835},
        TestTokenizers.qwen3().encode("hello world, the quick brown fox"));
  }

  @Test
  void decodesQwen3AndLlama3IdsBackToTheirText() {
    String text = "Load tests measure what users feel: 1,024 tokens in, streamed out.\nDone.";
    for (HfTokenizer t : List.of(TestTokenizers.qwen3(), TestTokenizers.llama3())) {
      assertEquals(text, t.decode(t.encode(text)), t.name());
    }
  }

  @Test
  void llama3SplitsTheSentenceDifferentlyFromQwen3() {
    int[] llama = TestTokenizers.llama3().encode("hello world, the quick brown fox");
    assertArrayEquals(new int[] {15339, 1917, 11, 279, 4062, 14198, 39935}, llama);
  }

  @Test
  void countsTheTextAloneAndAddsSpecialTokensOnlyWhenAsked(@TempDir Path dir) throws IOException {
    try (HfTokenizer t = HfTokenizer.load(copyFixture(BOS_WORDS, dir))) {
      assertArrayEquals(new int[] {3, 4, 5}, t.encode("hello world fox"));
      assertEquals(3, t.count("hello world fox"));
      assertArrayEquals(new int[] {0, 3, 4, 5}, t.encode("hello world fox", true));
    }
  }

  @Test
  void matchesSpecialTokenTextAsTheSpecialTokenLikeAServer() {
    assertArrayEquals(new int[] {151644, 872}, TestTokenizers.qwen3().encode("<|im_start|>user"));
    assertEquals("<|im_start|>user", TestTokenizers.qwen3().decode(new int[] {151644, 872}));
  }

  @Test
  void doesNotTruncateLongTexts() {
    String text = "the quick brown fox jumps over the lazy dog. ".repeat(300).strip();
    assertEquals(3000, TestTokenizers.qwen3().count(text));
  }

  @Test
  void ordinaryIdsLeaveOutAddedTokensAndByteFragments() {
    HfTokenizer qwen = TestTokenizers.qwen3();
    int[] ids = qwen.ordinaryIds();
    assertEquals(151669, qwen.vocabularySize());
    assertTrue(ids.length > 140_000 && ids.length < 151_643, "ordinary ids: " + ids.length);
    assertTrue(Arrays.stream(ids).noneMatch(qwen::isAddedToken));
    assertTrue(qwen.isAddedToken(151644) && qwen.isAddedToken(151668)); // <|im_start|>, </think>
    for (int i = 0; i < ids.length; i += 97) {
      String piece = qwen.decode(new int[] {ids[i]});
      assertFalse(piece.isEmpty() || piece.contains("\uFFFD"), "id " + ids[i] + ": " + piece);
    }
  }

  @Test
  void ordinaryIdsOfTheTinyTokenizerAreItsWordsAndUnknown(@TempDir Path dir) throws IOException {
    try (HfTokenizer t = HfTokenizer.load(copyFixture(BOS_WORDS, dir))) {
      assertArrayEquals(new int[] {2, 3, 4, 5}, t.ordinaryIds());
      assertEquals("WordLevel", t.modelType());
    }
  }

  @Test
  void loadsFromAModelFolder(@TempDir Path dir) throws IOException {
    copyFixture(BOS_WORDS, dir);
    try (HfTokenizer t = HfTokenizer.load(dir)) {
      assertEquals(dir.resolve("tokenizer.json").toString(), t.name());
    }
  }

  @Test
  void loadsTheSnapshotThatRefsMainNamesInAHuggingFaceCacheFolder(@TempDir Path dir)
      throws IOException {
    Path repo = dir.resolve("models--org--tiny");
    Path blob = copyFixture(BOS_WORDS, Files.createDirectories(repo.resolve("blobs")));
    Path old = Files.createDirectories(repo.resolve("snapshots/0000old"));
    Files.writeString(old.resolve("tokenizer.json"), "{\"not\": \"this one\"}");
    Path current = Files.createDirectories(repo.resolve("snapshots/1111new"));
    // The hub stores snapshot files as relative symlinks into blobs/.
    Files.createSymbolicLink(current.resolve("tokenizer.json"), current.relativize(blob));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), "1111new");
    try (HfTokenizer t = HfTokenizer.load(repo)) {
      assertEquals(current.resolve("tokenizer.json").toString(), t.name());
      assertArrayEquals(new int[] {3, 4}, t.encode("hello world"));
    }
  }

  @Test
  void loadsTheOnlySnapshotOfACacheFolderWithoutRefs(@TempDir Path dir) throws IOException {
    Path snapshot = Files.createDirectories(dir.resolve("models--org--tiny/snapshots/abc123"));
    copyFixture(BOS_WORDS, snapshot);
    try (HfTokenizer t = HfTokenizer.load(dir.resolve("models--org--tiny"))) {
      assertEquals(snapshot.resolve("tokenizer.json").toString(), t.name());
    }
  }

  @Test
  void encodesTheSameFromSeveralThreads() throws Exception {
    HfTokenizer qwen = TestTokenizers.qwen3();
    String text = "Concurrent callers share one native tokenizer. ".repeat(40);
    int[] expected = qwen.encode(text);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<int[]>> results =
          pool.invokeAll(java.util.Collections.nCopies(8, () -> qwen.encode(text)));
      for (Future<int[]> r : results) {
        assertArrayEquals(expected, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void switchesDjlOfflineBeforeLoading() {
    TestTokenizers.qwen3();
    assertEquals("true", System.getProperty("ai.djl.offline"));
  }
}
