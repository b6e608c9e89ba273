package io.tokenload.simulator.protocol;

/**
 * What one answer's events repeat.
 *
 * @param id the response id, without a protocol prefix (32 hex digits or the client's {@code
 *     X-Request-Id})
 * @param model the served model's name
 * @param createdSeconds when the request was accepted, in Unix seconds
 * @param promptTokens the prompt's tokens, chat template included
 * @param maxTokens the output cap the request was given
 * @param outputTokens the tokens the answer will have, reasoning included: a protocol that marks
 *     the last token's event (TGI) knows it by its count
 * @param finishReason OpenAI's reason the answer will end with, {@code stop} or {@code length}
 */
public record Reply(
    String id,
    String model,
    long createdSeconds,
    int promptTokens,
    int maxTokens,
    int outputTokens,
    String finishReason) {}
