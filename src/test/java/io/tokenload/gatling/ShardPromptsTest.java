package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.shard.Shard;
import io.tokenload.testing.TestTokenizers;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.workload.Api;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.Prompt;
import io.tokenload.workload.PromptSource;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The prompts of a cell split over shards, in a real tokenizer: every one exact, none sent by two
 * shards, the same shared prefix everywhere, and together the prompts one machine would send.
 */
class ShardPromptsTest {

  private static final CellSpec CELL = new CellSpec("in96-out8-c6", 96, 8, 6, 23, 11);
  private static final int PREFIX = 16;

  private static Prompts prompts(Tokenizer tokenizer) {
    Endpoint completions =
        new Endpoint(
            URI.create("http://127.0.0.1:9"),
            Api.COMPLETIONS,
            Flavour.VLLM,
            "m",
            Optional.empty(),
            Duration.ofSeconds(1));
    RunSettings settings =
        RunSettings.from(
            new Props(
                Map.of(
                    "tokenizer", TestTokenizers.file("qwen3").toString(),
                    "shared.prefix.tokens", Integer.toString(PREFIX),
                    "template.probe", "false")),
            Map.of());
    return Prompts.forRun(completions, settings);
  }

  @Test
  void shardsSendExactDisjointPromptsThatTogetherAreTheWholeCells() {
    Tokenizer qwen3 = TestTokenizers.qwen3();
    Prompts prompts = prompts(qwen3);
    Set<String> sharded = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    int sent = 0;
    for (int i = 0; i < 4; i++) {
      Shard.Share share = new Shard(i, 4).share(CELL).orElseThrow();
      PromptSource source = prompts.forCell(share.cell(), share.firstPrompt());
      for (int k = 0; k < share.cell().requests(); k++) {
        Prompt p = source.prompt(k);
        assertEquals(CELL.inputTokens(), qwen3.count(p.text()), "shard " + i + " prompt " + k);
        assertTrue(sharded.add(p.text()), "shard " + i + " repeats a prompt");
        int[] ids = qwen3.encode(p.text());
        prefixes.add(qwen3.decode(java.util.Arrays.copyOf(ids, PREFIX)));
        sent++;
      }
    }
    assertEquals(CELL.requests(), sent);
    assertEquals(1, prefixes.size(), "one shared prefix for the whole cell");

    PromptSource whole = prompts.forCell(CELL, 0);
    Set<String> oneMachine = new HashSet<>();
    for (int k = 0; k < CELL.requests(); k++) {
      oneMachine.add(whole.prompt(k).text());
    }
    assertEquals(oneMachine, sharded);
  }
}
