package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole conversation goes out as it is, with the rest of the body as for one prompt. */
class ConversationRequestTest {

  private static RequestFactory factory(Api api) {
    return new RequestFactory(
        RequestFactoryTest.endpoint(URI.create("http://127.0.0.1:1"), api, Flavour.OPENAI),
        CellSpec.of(1, 32, 1, 1, 1));
  }

  @Test
  void everyMessageIsSentInOrderWithItsRole() throws Exception {
    var request =
        factory(Api.CHAT)
            .conversation(
                List.of(
                    Map.of("role", "system", "content", "Answer briefly."),
                    Map.of("role", "user", "content", "Capital of Italy?")),
                32,
                "c1");
    JsonNode body = RequestFactoryTest.JSON.readTree(request.body());
    assertEquals("system", body.get("messages").get(0).get("role").textValue());
    assertEquals("Capital of Italy?", body.get("messages").get(1).get("content").textValue());
    assertEquals(32, body.get("max_tokens").intValue());
    assertTrue(body.get("stream").booleanValue());
    assertEquals("c1", request.requestId());
  }

  @Test
  void aConversationNeedsTheChatApi() {
    assertThrows(
        IllegalArgumentException.class,
        () -> factory(Api.COMPLETIONS).conversation(List.of(), 8, "c2"));
  }
}
