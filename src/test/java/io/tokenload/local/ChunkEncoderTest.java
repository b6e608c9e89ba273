package io.tokenload.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.transport.StreamListener;
import io.tokenload.workload.Api;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkEncoderTest {

  @Test
  void chatStreamMatchesTheGoldenEvents() throws IOException {
    List<String> events = new ArrayList<>();
    ChunkEncoder chunks =
        new ChunkEncoder(LocalRequest.chat("r1", "hi", 2), "tiny", 1718000000, 12);

    StreamListener listener = collecting(events);
    chunks.role(listener);
    chunks.text("Hi", 1, listener);
    chunks.text(" \"there\"", 2, listener);
    chunks.finish("length", 2, listener);
    chunks.end(2, listener);

    assertEquals(golden("chat-stream.txt"), String.join("", events));
    assertEquals(6, events.size()); // one onBytes call per event
  }

  @Test
  void completionsStreamMatchesTheGoldenEvents() throws IOException {
    List<String> events = new ArrayList<>();
    ChunkEncoder chunks =
        new ChunkEncoder(LocalRequest.completion("r2", "ab", 1), "tiny", 1718000000, 3);

    StreamListener listener = collecting(events);
    chunks.role(listener); // completions have no role event
    chunks.text("ok", 1, listener);
    chunks.finish("stop", 1, listener);
    chunks.end(1, listener);

    assertEquals(golden("completions-stream.txt"), String.join("", events));
  }

  @Test
  void usageOnlyWhenAskedAsAServerSendsIt() {
    List<String> events = new ArrayList<>();
    StreamListener listener = collecting(events);
    ChunkEncoder chunks =
        new ChunkEncoder(request(new LocalRequest.Delivery(true, false, false)), "tiny", 1, 5);
    chunks.role(listener);
    chunks.text("a", 1, listener);
    chunks.finish("length", 1, listener);
    chunks.end(1, listener);

    assertEquals(4, events.size(), "role, token, finish, [DONE]: " + events);
    assertTrue(events.stream().noneMatch(e -> e.contains("usage")), events.toString());
    assertEquals("data: [DONE]\n\n", events.get(3));

    events.clear();
    chunks = new ChunkEncoder(request(new LocalRequest.Delivery(true, true, false)), "tiny", 1, 5);
    chunks.role(listener);
    chunks.text("a", 1, listener);
    chunks.finish("length", 1, listener);
    chunks.end(1, listener);

    assertEquals(5, events.size(), "role, token, finish, usage, [DONE]: " + events);
    assertEquals(1, events.stream().filter(e -> e.contains("usage")).count(), events.toString());
    assertTrue(events.get(3).contains("\"choices\":[],\"usage\":{\"prompt_tokens\":5"));
  }

  @Test
  void wholeAnswersAreOneObject() {
    List<String> events = new ArrayList<>();
    StreamListener listener = collecting(events);
    ChunkEncoder chat = new ChunkEncoder(request(LocalRequest.Delivery.WHOLE), "tiny", 7, 4);
    chat.role(listener);
    chat.text("Hi", 1, listener);
    chat.text(" you", 2, listener);
    chat.finish("length", 2, listener);
    chat.end(2, listener);

    assertEquals(
        List.of(
            "{\"id\":\"chatcmpl-w\",\"object\":\"chat.completion\",\"created\":7,\"model\":\"tiny\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi"
                + " you\"},\"logprobs\":null,\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"total_tokens\":6}}"),
        events);

    events.clear();
    LocalRequest text =
        new LocalRequest(
            "t", Api.COMPLETIONS, "x", List.of(), 1, false, LocalRequest.Delivery.WHOLE);
    ChunkEncoder completion = new ChunkEncoder(text, "tiny", 7, 1);
    completion.text("ok", 1, listener);
    completion.finish("stop", 1, listener);
    completion.end(1, listener);

    assertEquals(
        List.of(
            "{\"id\":\"cmpl-t\",\"object\":\"text_completion\",\"created\":7,\"model\":\"tiny\","
                + "\"choices\":[{\"index\":0,\"text\":\"ok\",\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}"),
        events);
  }

  @Test
  void errorBodyIsAnOpenAiError() {
    assertEquals(
        "{\"error\":{\"message\":\"too"
            + " \\\"long\\\"\",\"type\":\"invalid_request_error\",\"param\":null,"
            + "\"code\":\"context_length_exceeded\"}}",
        new String(
            ChunkEncoder.errorBody("too \"long\"", "context_length_exceeded"),
            StandardCharsets.UTF_8));
  }

  private static LocalRequest request(LocalRequest.Delivery delivery) {
    return new LocalRequest(
        "w", Api.CHAT, null, List.of(LocalRequest.Message.user("hi")), 2, true, delivery);
  }

  private static StreamListener collecting(List<String> events) {
    return new StreamListener() {
      @Override
      public void onSent(long nanos) {}

      @Override
      public void onStatus(long nanos, int httpStatus) {}

      @Override
      public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {
        events.add(new String(buf, off, len, StandardCharsets.UTF_8));
      }

      @Override
      public void onEnd(long nanos) {}

      @Override
      public void onFailure(long nanos, String reason) {}
    };
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = ChunkEncoderTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
