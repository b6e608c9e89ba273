package io.tokenload.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code usage.prompt_tokens_details.cached_tokens}, as OpenAI and vLLM report prefix-cache hits.
 */
class CachedTokensTest {

  @Test
  void cachedTokensAreReadFromThePromptDetails() {
    Chunk c =
        ChunkParser.parse(
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":90,\"completion_tokens\":4,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":64,\"audio_tokens\":0}}}");
    assertEquals(90, c.promptTokens());
    assertEquals(64, c.cachedTokens());
  }

  @Test
  void nullOrAbsentDetailsAreUnknown() {
    assertEquals(
        -1,
        ChunkParser.parse(
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"prompt_tokens_details\":null}}")
            .cachedTokens());
    assertEquals(
        -1, ChunkParser.parse("{\"choices\":[],\"usage\":{\"prompt_tokens\":9}}").cachedTokens());
  }

  @Test
  void aNegativeCountIsAMalformedChunk() {
    Chunk c =
        ChunkParser.parse(
            "{\"choices\":[],\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":-1}}}");
    assertEquals(Chunk.Kind.MALFORMED, c.kind());
  }
}
