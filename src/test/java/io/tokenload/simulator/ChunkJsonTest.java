package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tokenload.local.OpenAiChunks;
import io.tokenload.workload.Api;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exact bytes of each event, compared with what vLLM sends. */
class ChunkJsonTest {

  private static final OpenAiChunks.Head CHAT =
      new OpenAiChunks.Head("chatcmpl-abc", Api.CHAT, 1700000000, "m", 10);
  private static final OpenAiChunks.Head TEXT =
      new OpenAiChunks.Head("cmpl-abc", Api.COMPLETIONS, 1700000000, "m", 3);
  private static final String CHAT_HEAD =
      "{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"m\",";

  @Test
  void chatEventsMatchVllmByteForByte() {
    ByteBuf out = Unpooled.buffer();
    ChunkJson json = ChunkJson.forThisThread();
    json.role(out, CHAT, ChunkJson.NO_USAGE);
    json.finish(out, CHAT, "stop", 4);
    json.usage(out, CHAT, 4);
    ChunkJson.done(out);

    assertEquals(
        "data: "
            + CHAT_HEAD
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
            + "data: "
            + CHAT_HEAD
            + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,"
            + "\"completion_tokens\":4,\"total_tokens\":14}}\n\n"
            + "data: "
            + CHAT_HEAD
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
            + "\"completion_tokens\":4,\"total_tokens\":14}}\n\n"
            + "data: [DONE]\n\n",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void tokenEventsCarryTheTokensText() {
    OutputPlan plan = new OutputPlan(3, "length", 99);
    ByteBuf out = Unpooled.buffer();
    ChunkJson.forThisThread().tokens(out, TEXT, plan, 1, 3, ChunkJson.NO_USAGE);

    assertEquals(
        "data: {\"id\":\"cmpl-abc\",\"object\":\"text_completion\",\"created\":1700000000,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\""
            + plan.text(1, 3)
            + "\",\"logprobs\":null,\"finish_reason\":null}]}\n\n",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void stringsAreEscaped() {
    OpenAiChunks.Head head = new OpenAiChunks.Head("chatcmpl-\"q\"\n", Api.CHAT, 1, "m\\odel", 0);
    ByteBuf out = Unpooled.buffer();
    ChunkJson.forThisThread().usage(out, head, 0);
    String event = out.toString(StandardCharsets.UTF_8);

    assertEquals("chatcmpl-\"q\"\n", SimClient.json(event.substring(6)).get("id").asText());
    assertEquals("m\\odel", SimClient.json(event.substring(6)).get("model").asText());
  }
}
