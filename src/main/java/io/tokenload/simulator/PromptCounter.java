package io.tokenload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.tokenizer.WordTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a request's prompt tokens with {@link WordTokenizer} (one token per whitespace-separated
 * word) and hashes the prompt, so that the same prompt always gets the same generated text.
 *
 * <p>Chat prompts also pay the simulated chat template: {@link
 * TargetSettings#chatTemplateTokens(int)}, like the role markers and separators a real template
 * wraps around each message. tokenload can measure this overhead against the sim and compensate it.
 */
final class PromptCounter {

  /** The prompt's length in tokens and a hash of its content. */
  record Prompt(int tokens, long hash, Prefixes prefixes) {

    Prompt(int tokens, long hash) {
      this(tokens, hash, Prefixes.NONE);
    }
  }

  /**
   * A chat prompt's prefixes, one per message: the running hash of messages 0..i and their tokens
   * (content only, without the template's), for the {@link PrefixCache}.
   */
  record Prefixes(long[] hashes, int[] tokens) {
    static final Prefixes NONE = new Prefixes(new long[0], new int[0]);
  }

  private static final WordTokenizer TOKENIZER = WordTokenizer.instance();

  private int tokens;
  private long hash = 0x6A09E667F3BCC908L;

  private PromptCounter() {}

  /**
   * {@code messages}: a non-empty array of objects, each with a string {@code role} and a {@code
   * content} that is a string, an array of {@code {"type":"text","text":…}} parts, or null.
   */
  static Prompt chat(JsonNode messages, TargetSettings settings) {
    String path = "messages";
    if (JsonFields.isAbsent(messages)) {
      throw JsonFields.missing(path, "an array of {\"role\", \"content\"} objects");
    }
    if (!messages.isArray()) {
      throw JsonFields.wrongType(path, messages, "an array of {\"role\", \"content\"} objects");
    }
    if (messages.isEmpty()) {
      throw ApiError.invalidValue(
          path, "empty_array", "messages is an empty array; it must hold at least one message");
    }
    PromptCounter counter = new PromptCounter();
    long[] hashes = new long[messages.size()];
    int[] tokens = new int[messages.size()];
    for (int i = 0; i < messages.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode message = messages.get(i);
      if (!message.isObject()) {
        throw JsonFields.wrongType(at, message, "an object with \"role\" and \"content\"");
      }
      counter.mix(JsonFields.requiredString(message.get("role"), at + ".role"));
      counter.chatContent(message.get("content"), at + ".content");
      hashes[i] = counter.hash;
      tokens[i] = counter.tokens;
    }
    int total = counter.tokens + settings.chatTemplateTokens(messages.size());
    return new Prompt(total, counter.hash, new Prefixes(hashes, tokens));
  }

  /**
   * {@code prompt}: a string, or an array whose items are strings, token ids or arrays of token
   * ids. The result counts every item: for a {@link #batch} that is the batch's usage.
   */
  static Prompt text(JsonNode prompt) {
    String path = "prompt";
    String expected = "a string, or an array of strings, token ids or token-id arrays";
    if (JsonFields.isAbsent(prompt)) {
      throw JsonFields.missing(path, expected);
    }
    PromptCounter counter = new PromptCounter();
    if (prompt.isTextual()) {
      counter.text(prompt.textValue());
      return new Prompt(counter.tokens, counter.hash);
    }
    if (!prompt.isArray()) {
      throw JsonFields.wrongType(path, prompt, expected);
    }
    if (prompt.isEmpty()) {
      throw ApiError.invalidValue(
          path, "empty_array", "prompt is an empty array; it must hold at least one item");
    }
    for (int i = 0; i < prompt.size(); i++) {
      counter.promptItem(prompt.get(i), path + "[" + i + "]");
    }
    return new Prompt(counter.tokens, counter.hash);
  }

  /**
   * The prompts of a batch: a {@code prompt} array of two or more strings, or of two or more
   * token-id arrays, is several prompts, each answered by its own choice (as OpenAI and vLLM do).
   * Empty for one prompt (a string, a one-item array or an array of token ids). Call after {@link
   * #text} has checked the field.
   */
  static List<Prompt> batch(JsonNode prompt) {
    if (prompt == null || !prompt.isArray() || prompt.size() < 2) {
      return List.of();
    }
    boolean strings = true;
    boolean idArrays = true;
    for (JsonNode item : prompt) {
      strings &= item.isTextual();
      idArrays &= item.isArray();
    }
    if (!strings && !idArrays) {
      return List.of();
    }
    var prompts = new ArrayList<Prompt>(prompt.size());
    for (int i = 0; i < prompt.size(); i++) {
      PromptCounter counter = new PromptCounter();
      counter.promptItem(prompt.get(i), "prompt[" + i + "]");
      prompts.add(new Prompt(counter.tokens, counter.hash));
    }
    return prompts;
  }

  /** One embedding input: a string, or an array of token ids. */
  static Prompt embeddingInput(JsonNode item, String path) {
    PromptCounter counter = new PromptCounter();
    if (item.isTextual()) {
      counter.text(item.textValue());
    } else if (item.isArray()) {
      for (int j = 0; j < item.size(); j++) {
        JsonNode id = item.get(j);
        if (!id.isIntegralNumber()) {
          throw JsonFields.wrongType(path + "[" + j + "]", id, "a token id (an integer)");
        }
        counter.tokenId(id.longValue());
      }
    } else {
      throw JsonFields.wrongType(path, item, "a string or an array of token ids");
    }
    return new Prompt(counter.tokens, counter.hash);
  }

  private void chatContent(JsonNode content, String path) {
    if (JsonFields.isAbsent(content)) {
      return; // an assistant turn that only called tools
    }
    if (content.isTextual()) {
      text(content.textValue());
      return;
    }
    if (!content.isArray()) {
      throw JsonFields.wrongType(path, content, "a string or an array of text parts");
    }
    for (int j = 0; j < content.size(); j++) {
      String at = path + "[" + j + "]";
      JsonNode part = content.get(j);
      if (!part.isObject()) {
        throw JsonFields.wrongType(at, part, "an object {\"type\":\"text\",\"text\":…}");
      }
      String type = JsonFields.requiredString(part.get("type"), at + ".type");
      if (!type.equals("text")) {
        throw ApiError.invalidValue(
            at + ".type",
            "unsupported_content_type",
            at + ".type is \"" + type + "\"; this target only reads \"text\" parts");
      }
      text(JsonFields.requiredString(part.get("text"), at + ".text"));
    }
  }

  private void promptItem(JsonNode item, String path) {
    if (item.isTextual()) {
      text(item.textValue());
    } else if (item.isIntegralNumber()) {
      tokenId(item.longValue());
    } else if (item.isArray()) {
      for (int j = 0; j < item.size(); j++) {
        JsonNode id = item.get(j);
        if (!id.isIntegralNumber()) {
          throw JsonFields.wrongType(path + "[" + j + "]", id, "a token id (an integer)");
        }
        tokenId(id.longValue());
      }
    } else {
      throw JsonFields.wrongType(path, item, "a string, a token id or an array of token ids");
    }
  }

  private void text(String text) {
    tokens += TOKENIZER.count(text);
    mix(text);
  }

  private void tokenId(long id) {
    tokens++;
    hash = OutputPlan.mix(hash ^ id);
  }

  private void mix(String text) {
    hash = OutputPlan.mix(hash ^ text.hashCode() ^ ((long) text.length() << 32));
  }
}
