package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A protocol's request as the OpenAI request the engine serves.
 *
 * @param chat whether it is a chat ({@code messages}) rather than a text completion ({@code
 *     prompt})
 * @param openAi the OpenAI body: {@code model} (when the protocol names one), {@code messages} or
 *     {@code prompt}, {@code stream}, {@code max_tokens}, and {@code ignore_eos}, {@code
 *     min_tokens}, {@code tokenload} when given
 */
public record Translation(boolean chat, ObjectNode openAi) {}
