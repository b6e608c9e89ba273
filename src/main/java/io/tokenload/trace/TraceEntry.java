package io.tokenload.trace;

/**
 * One request of a Mooncake-format trace.
 *
 * @param line the line it was read from (1 and up)
 * @param timestampMs when it arrived, in milliseconds on the trace's own clock
 * @param inputLength its prompt's tokens
 * @param outputLength its output's tokens
 * @param hashIds the prompt's blocks, in order: the same id is the same block of text in every
 *     request that has it (a shared prefix)
 */
public record TraceEntry(
    int line, long timestampMs, int inputLength, int outputLength, long[] hashIds) {}
