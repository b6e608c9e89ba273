package io.tokenload.eval.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.eval.EvalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an evaluation set: JSON Lines, one question per line, {@code {"id": "q1", "prompt": "…",
 * "answers": ["…", "…"]}} or {@code {"messages": [{"role": "user", "content": "…"}], "answers":
 * […]}}. {@code id} is optional; blank lines are skipped; other fields are refused, so a misspelt
 * {@code answer} is not read as a question without answers. Any bad line is an {@link
 * EvalException} naming the file, the line and the field.
 */
public final class QaSet {

  static final String EXPECTED =
      "{\"prompt\": \"…\", \"answers\": [\"…\"]} or {\"messages\": [{\"role\": \"user\","
          + " \"content\": \"…\"}], \"answers\": [\"…\"]}, with an optional \"id\"";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final List<String> FIELDS = List.of("id", "prompt", "messages", "answers");

  private QaSet() {}

  /** Every question of {@code file}, in order; at least one, each with an answer. */
  public static List<QaItem> read(Path file) {
    return read(file, true);
  }

  /**
   * Every question of {@code file}, in order; with {@code answersRequired} false a line may leave
   * {@code answers} out (prompts whose answers are only judged, as for toxicity).
   */
  public static List<QaItem> read(Path file, boolean answersRequired) {
    List<QaItem> items = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (!line.isBlank()) {
          items.add(item(file, number, line, answersRequired));
        }
      }
    } catch (IOException e) {
      throw new EvalException(file + ": cannot be read as UTF-8 text (" + e.getMessage() + ")", e);
    }
    if (items.isEmpty()) {
      throw new EvalException(file + ": holds no question; expected one per line: " + EXPECTED);
    }
    return items;
  }

  private static QaItem item(Path file, int number, String line, boolean answersRequired) {
    String where = file + " line " + number;
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new EvalException(
          where + ": not valid JSON (" + e.getOriginalMessage() + "); expected " + EXPECTED, e);
    }
    if (!node.isObject()) {
      throw new EvalException(where + ": is not a JSON object; expected " + EXPECTED);
    }
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw new EvalException(
                    where + ": field \"" + name + "\" is not known; allowed: " + FIELDS);
              }
            });
    JsonNode given = node.get("answers");
    List<String> answers =
        !answersRequired && (given == null || given.isNull()) ? List.of() : answers(where, given);
    String source = file.getFileName() + ":" + number;
    JsonNode id = node.get("id");
    String name = id == null || id.isNull() ? source : id.asText();
    JsonNode prompt = node.get("prompt");
    JsonNode messages = node.get("messages");
    if ((prompt == null) == (messages == null)) {
      throw new EvalException(
          where + ": give exactly one of \"prompt\" and \"messages\"; expected " + EXPECTED);
    }
    if (prompt != null) {
      if (!prompt.isTextual() || prompt.textValue().isBlank()) {
        throw new EvalException(where + ": field \"prompt\" must be a non-blank string");
      }
      return new QaItem(source, name, prompt.textValue(), List.of(), answers);
    }
    List<QaItem.Message> conversation = messages(where, messages);
    String last = null;
    for (QaItem.Message m : conversation) {
      if (m.role().equals("user")) {
        last = m.content();
      }
    }
    if (last == null) {
      throw new EvalException(where + ": field \"messages\" has no message with role \"user\"");
    }
    return new QaItem(source, name, last, conversation, answers);
  }

  private static List<String> answers(String where, JsonNode node) {
    if (node == null || node.isNull()) {
      throw new EvalException(
          where + ": field \"answers\" is missing; every question needs at least one answer");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new EvalException(
          where + ": field \"answers\" must be a non-empty array of strings, was " + node);
    }
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode a = node.get(i);
      if (!a.isTextual() || a.textValue().isBlank()) {
        throw new EvalException(
            where + ": field \"answers[" + i + "]\" must be a non-blank string, was " + a);
      }
      answers.add(a.textValue());
    }
    return answers;
  }

  private static List<QaItem.Message> messages(String where, JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      throw new EvalException(where + ": field \"messages\" must be a non-empty array");
    }
    List<QaItem.Message> result = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      JsonNode role = m.get("role");
      JsonNode content = m.get("content");
      if (!m.isObject()
          || role == null
          || !role.isTextual()
          || content == null
          || !content.isTextual()) {
        throw new EvalException(
            where
                + ": field \"messages["
                + i
                + "]\" must be {\"role\": \"…\", \"content\": \"…\"}, was "
                + m);
      }
      result.add(new QaItem.Message(role.textValue(), content.textValue()));
    }
    return result;
  }
}
