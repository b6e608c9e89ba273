package io.tokenload.simulator;

import io.netty.buffer.ByteBuf;
import io.tokenload.local.OpenAiChunks;
import io.tokenload.workload.Api;

/**
 * OpenAI's (and vLLM's) chunks, written by {@link ChunkJson}: the role chunk (chat), a chunk per
 * token group, the finish chunk, the usage chunk when asked for, {@code [DONE]}. Allocates nothing
 * per chunk.
 *
 * <p>Made and used on its connection's event loop only, so it keeps that thread's {@link ChunkJson}
 * instead of looking it up per chunk.
 */
final class OpenAiWire implements Wire {

  private final ChunkJson json = ChunkJson.forThisThread();
  private final OpenAiChunks.Head head;
  private final boolean continuousUsage;
  private final boolean includeUsage;

  OpenAiWire(OpenAiChunks.Head head, CompletionRequest request) {
    this.head = head;
    this.continuousUsage = request.continuousUsage();
    this.includeUsage = request.includeUsage();
  }

  @Override
  public String contentType() {
    return Responses.EVENT_STREAM_TYPE;
  }

  @Override
  public boolean hasFirst() {
    return head.api() == Api.CHAT;
  }

  @Override
  public void first(ByteBuf out) {
    json.role(out, head, continuousUsage ? 0 : ChunkJson.NO_USAGE);
  }

  @Override
  public void tokens(ByteBuf out, OutputPlan plan, int from, int to) {
    json.tokens(out, head, plan, from, to, continuousUsage ? to : ChunkJson.NO_USAGE);
  }

  @Override
  public void malformed(ByteBuf out, OutputPlan plan, int from, int to) {
    json.malformed(out, head, plan, from, to);
  }

  @Override
  public void end(ByteBuf out, OutputPlan plan) {
    int total = plan.tokens();
    json.finish(out, head, plan.finishReason(), continuousUsage ? total : ChunkJson.NO_USAGE);
    if (includeUsage) {
      json.usage(out, head, total);
    }
    ChunkJson.done(out);
  }
}
