package io.tokenload.eval.data;

import java.util.List;
import java.util.Objects;

/**
 * One question of an evaluation set and the answers that count as right.
 *
 * @param source where it was read, {@code qa.jsonl:12}
 * @param id the line's {@code id}, or its source when the line has none
 * @param prompt the text attacks perturb and the target answers: the {@code prompt}, or the last
 *     user message's content
 * @param messages the whole conversation for chat when the line gave {@code messages}; empty when
 *     it gave a {@code prompt}
 * @param answers reference answers (at least one where answers are scored); scores take the best
 *     match among them
 */
public record QaItem(
    String source, String id, String prompt, List<Message> messages, List<String> answers) {

  /** One chat message. */
  public record Message(String role, String content) {}

  public QaItem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(prompt, "prompt");
    messages = List.copyOf(messages);
    answers = List.copyOf(answers);
  }

  /** The same question with {@code text} in place of the prompt (the last user message). */
  public QaItem withPrompt(String text) {
    if (messages.isEmpty()) {
      return new QaItem(source, id, text, messages, answers);
    }
    List<Message> changed = new java.util.ArrayList<>(messages);
    for (int i = changed.size() - 1; i >= 0; i--) {
      if (changed.get(i).role().equals("user")) {
        changed.set(i, new Message("user", text));
        break;
      }
    }
    return new QaItem(source, id, text, changed, answers);
  }
}
