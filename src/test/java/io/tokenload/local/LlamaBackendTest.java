package io.tokenload.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.local.gguf.TinyModel;
import io.tokenload.metrics.RequestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model written by {@link TinyModel}, run by llama.cpp in-process, recorded like a server. */
class LlamaBackendTest {

  @TempDir static Path dir;
  static Path modelFile;
  static LlamaBackend backend;

  @BeforeAll
  static void openTinyModel() throws IOException {
    modelFile = dir.resolve("tiny.gguf");
    TinyModel.write(modelFile, 7);
    backend =
        LlamaBackend.open(
            LlamaSettings.tinyModel(modelFile).withContextTokens(256).withParallel(2));
  }

  @AfterAll
  static void closeModel() {
    backend.close();
  }

  @Test
  void generatesExactlyTheAskedTokensWithEosIgnored() {
    String prompt = "the quick brown fox jumps over the lazy dog";
    RequestRecord r = Recorded.stream(backend, LocalRequest.completion("r1", prompt, 48), 30);

    assertTrue(r.ok(), r.error());
    assertNull(r.error());
    assertEquals(200, r.httpStatus());
    assertEquals("cmpl-r1", r.responseId());
    assertEquals(48, r.outputTokens());
    assertEquals("usage", r.tokenSource());
    assertEquals(48, r.chunkNanos().length);
    assertArrayEquals(ones(48), r.chunkTokens());
    assertEquals(backend.encode(prompt).length, r.promptTokens());
    assertTrue(r.firstTokenNanos() > 0 && r.firstTokenNanos() <= r.chunkNanos()[0]);
    assertTrue(r.endNanos() >= r.chunkNanos()[47]);
  }

  @Test
  void chatGoesThroughTheModelsChatTemplate() {
    String prompt = "hello there";
    RequestRecord r = Recorded.stream(backend, LocalRequest.chat("c1", prompt, 16), 30);

    assertTrue(r.ok(), r.error());
    assertEquals("chatcmpl-c1", r.responseId());
    assertEquals(16, r.outputTokens());
    assertEquals(16, Arrays.stream(r.chunkTokens()).sum());
    // <|im_start|>user\n ... <|im_end|>\n<|im_start|>assistant\n around the message.
    assertTrue(
        r.promptTokens() > backend.encode(prompt).length + 4, "prompt tokens " + r.promptTokens());
  }

  @Test
  void servesConcurrentRequestsFromOneInstance() {
    List<CompletableFuture<RequestRecord>> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      records.add(
          Recorded.start(backend, LocalRequest.completion("p" + i, "request number " + i, 24)));
    }
    for (CompletableFuture<RequestRecord> future : records) {
      RequestRecord r = future.join();
      assertTrue(r.ok(), r.error());
      assertEquals(24, r.outputTokens());
    }
  }

  @Test
  void refusesARequestLongerThanTheContextWithHttp400() {
    RequestRecord r =
        Recorded.stream(backend, LocalRequest.completion("long", "x".repeat(200), 100), 30);

    assertFalse(r.ok());
    assertEquals(400, r.httpStatus());
    assertEquals(
        "HTTP 400: This model's maximum context length is 256 tokens. However, you requested 300"
            + " tokens (200 in the messages, 100 in the completion).",
        r.error());
  }

  @Test
  void refusesAnEmptyPrompt() {
    RequestRecord r = Recorded.stream(backend, LocalRequest.completion("empty", "", 4), 30);

    assertEquals(400, r.httpStatus());
    assertEquals("HTTP 400: the prompt is empty; it must have at least 1 token", r.error());
  }

  @Test
  void rejectsRequestsAfterClose() throws IOException {
    LlamaBackend other = LlamaBackend.open(LlamaSettings.tinyModel(modelFile));
    other.close();
    other.close(); // idempotent

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> other.stream(LocalRequest.completion("late", "hi", 1), null));
    assertEquals("LlamaBackend tokenload-tiny-llama is closed", e.getMessage());
  }

  @Test
  void closeEndsTheStreamsInFlightAfterTheirCurrentToken() throws IOException {
    LlamaBackend other = LlamaBackend.open(LlamaSettings.tinyModel(modelFile));
    CountDownLatch firstToken = new CountDownLatch(1);
    CompletableFuture<RequestRecord> record =
        Recorded.start(other, LocalRequest.completion("cut", "a long answer", 1500), 1, firstToken);
    Recorded.await(firstToken);

    other.close();

    RequestRecord r = record.join();
    assertFalse(r.ok());
    assertTrue(r.error().startsWith("LlamaBackend closed after "), r.error());
    assertTrue(r.outputTokens() > 0 && r.outputTokens() < 1500, "tokens " + r.outputTokens());
  }

  @Test
  void namesAMissingModelFile() {
    Path missing = dir.resolve("missing.gguf");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LlamaBackend.open(LlamaSettings.of(missing)));
    assertEquals(
        "model file " + missing + " does not exist or is not a readable file", e.getMessage());
  }

  @Test
  void runsAModelWithGroupedQueryAttention() throws IOException {
    Path gqa = dir.resolve("gqa.gguf");
    TinyModel.write(gqa, 11, new TinyModel.Shape(64, 3, 4, 2, 96, 512));
    try (LlamaBackend other = LlamaBackend.open(LlamaSettings.tinyModel(gqa))) {
      RequestRecord r = Recorded.stream(other, LocalRequest.completion("g", "group query", 8), 30);
      assertTrue(r.ok(), r.error());
      assertEquals(8, r.outputTokens());
    }
  }

  @Test
  void namesAFileLlamaCppCannotLoad() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.gguf"), "not a model");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LlamaBackend.open(LlamaSettings.of(broken)));
    assertTrue(
        e.getMessage().startsWith("llama.cpp could not load model file " + broken + ": "),
        e.getMessage());
  }

  private static int[] ones(int n) {
    int[] ones = new int[n];
    Arrays.fill(ones, 1);
    return ones;
  }
}
