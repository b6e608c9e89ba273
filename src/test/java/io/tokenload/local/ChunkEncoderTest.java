package io.tokenload.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    ChunkEncoder chunks = new ChunkEncoder(Api.CHAT, "r1", "tiny", 1718000000, 12);

    StreamListener listener = collecting(events);
    chunks.role(listener);
    chunks.text("Hi", 1, listener);
    chunks.text(" \"there\"", 2, listener);
    chunks.finish("length", 2, listener);
    chunks.usageAndDone(2, listener);

    assertEquals(golden("chat-stream.txt"), String.join("", events));
    assertEquals(6, events.size()); // one onBytes call per event
  }

  @Test
  void completionsStreamMatchesTheGoldenEvents() throws IOException {
    List<String> events = new ArrayList<>();
    ChunkEncoder chunks = new ChunkEncoder(Api.COMPLETIONS, "r2", "tiny", 1718000000, 3);

    StreamListener listener = collecting(events);
    chunks.role(listener); // completions have no role event
    chunks.text("ok", 1, listener);
    chunks.finish("stop", 1, listener);
    chunks.usageAndDone(1, listener);

    assertEquals(golden("completions-stream.txt"), String.join("", events));
  }

  @Test
  void errorBodyIsAnOpenAiError() {
    assertEquals(
        "{\"error\":{\"message\":\"too"
            + " \\\"long\\\"\",\"type\":\"invalid_request_error\",\"code\":400}}",
        new String(ChunkEncoder.errorBody("too \"long\""), StandardCharsets.UTF_8));
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
