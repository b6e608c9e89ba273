package io.tokenload.workload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a ShareGPT file: a JSON array of {@code {"conversations": [{"from": "human", "value": …},
 * {"from": "gpt", "value": …}, …]}}. The first turn is the prompt and the second the reference
 * reply, as vLLM's {@code bench serve} reads them; later turns are not used.
 *
 * <p>The array is streamed one conversation at a time (the public ShareGPT files are hundreds of
 * megabytes). A conversation that does not have the shape above is an error naming its index and
 * line; one that has it but cannot give a prompt (fewer than two turns, or a first turn that is not
 * a user's) is skipped and counted, as real ShareGPT dumps hold many such.
 */
final class ShareGptReader {

  static final String EXPECTED =
      "a JSON array of {\"conversations\": [{\"from\": \"human\", \"value\": \"…\"},"
          + " {\"from\": \"gpt\", \"value\": \"…\"}]}";
  private static final Set<String> USER_ROLES = Set.of("human", "user");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShareGptReader() {}

  static Dataset read(Path file) {
    List<DatasetEntry> entries = new ArrayList<>();
    int skipped = 0;
    int index = 0;
    JsonLocation at = null;
    try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_ARRAY) {
        throw new DatasetException(
            file,
            null,
            (first == null ? "it is empty" : "it does not start with '['")
                + "; expected "
                + EXPECTED);
      }
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          throw new DatasetException(
              file, where(index, null), "the file ends before the array's closing ']'");
        }
        at = p.currentTokenLocation();
        JsonNode conversation = JSON.readTree(p);
        DatasetEntry entry = entry(file, index, at, conversation);
        if (entry == null) {
          skipped++;
        } else {
          entries.add(entry);
        }
        index++;
      }
      if (p.nextToken() != null) {
        throw new DatasetException(
            file,
            "after the array (line " + p.currentTokenLocation().getLineNr() + ")",
            "there is more after the closing ']'; expected " + EXPECTED);
      }
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation() != null ? e.getLocation() : at;
      throw new DatasetException(
          file, where(index, where), "not valid JSON: " + jacksonMessage(e), e);
    } catch (IOException e) {
      throw new DatasetException(file, null, "cannot be read: " + e, e);
    }
    return new Dataset(file, entries, skipped);
  }

  /** The entry of one conversation, or null when it is to be skipped. */
  private static DatasetEntry entry(Path file, int index, JsonLocation at, JsonNode conversation) {
    String where = where(index, at);
    if (!conversation.isObject()) {
      throw new DatasetException(file, where, "is not an object; expected " + EXPECTED);
    }
    JsonNode turns = conversation.get("conversations");
    if (turns == null || !turns.isArray()) {
      throw new DatasetException(
          file,
          where,
          (turns == null ? "has no \"conversations\"" : "\"conversations\" is not an array")
              + "; expected "
              + EXPECTED);
    }
    for (int t = 0; t < turns.size(); t++) {
      JsonNode turn = turns.get(t);
      if (!turn.isObject() || !turn.path("from").isTextual() || !turn.path("value").isTextual()) {
        throw new DatasetException(
            file, where, "conversations[" + t + "] is not {\"from\": string, \"value\": string}");
      }
    }
    if (turns.size() < 2 || !USER_ROLES.contains(turns.get(0).get("from").textValue())) {
      return null;
    }
    String prompt = turns.get(0).get("value").textValue();
    if (prompt.isBlank()) {
      return null;
    }
    return new DatasetEntry(
        file.getFileName() + "[" + index + "]", prompt, turns.get(1).get("value").textValue(), -1);
  }

  /** Jackson's message without its note on where an unclosed array began (it names no line). */
  private static String jacksonMessage(JsonProcessingException e) {
    return e.getOriginalMessage().replaceAll(" \\(start marker at .*", "");
  }

  private static String where(int index, JsonLocation at) {
    String line =
        at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return "conversation " + index + line;
  }
}
