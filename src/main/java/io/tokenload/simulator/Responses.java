package io.tokenload.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tokenload.local.LlamaBackend;
import io.tokenload.local.OpenAiChunks;
import io.tokenload.simulator.protocol.Encoder;
import io.tokenload.simulator.protocol.Protocol;
import java.io.UncheckedIOException;

/** Builds the HTTP responses: JSON bodies, OpenAI-shaped errors and the event-stream head. */
final class Responses {

  static final String REQUEST_ID = "X-Request-Id";
  static final String FRAMEWORK = "tokenload-sim";

  private static final String JSON_TYPE = "application/json";
  static final String EVENT_STREAM_TYPE = "text/event-stream; charset=utf-8";

  private Responses() {}

  /**
   * The head of a streamed response, sent as soon as the request is accepted (as uvicorn does for
   * vLLM's {@code StreamingResponse}); the events follow on their own schedule.
   */
  static HttpResponse eventStreamHead(String requestId) {
    return eventStreamHead(requestId, EVENT_STREAM_TYPE);
  }

  /** The head of a stream of another content type, such as Ollama's NDJSON. */
  static HttpResponse eventStreamHead(String requestId, String contentType) {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpHeaders headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    echo(headers, requestId);
    return response;
  }

  /** A non-streamed completion, one choice per plan, with its usage. */
  static FullHttpResponse completion(
      ByteBufAllocator alloc, OpenAiChunks.Head head, OutputPlan[] plans, String requestId) {
    int tokens = 0;
    for (OutputPlan plan : plans) {
      tokens += plan.tokens();
    }
    ByteBuf body = alloc.buffer(256 * plans.length + tokens * 8);
    try {
      ChunkJson.forThisThread().completion(body, head, plans);
    } catch (RuntimeException e) {
      body.release();
      throw e;
    }
    return json(HttpResponseStatus.OK, body, requestId);
  }

  static FullHttpResponse error(ByteBufAllocator alloc, ApiError error, String requestId) {
    return error(alloc, error, null, requestId);
  }

  /** An error in the shape and status of {@code protocol}'s server; OpenAI's when it is null. */
  static FullHttpResponse error(
      ByteBufAllocator alloc, ApiError error, Protocol protocol, String requestId) {
    FullHttpResponse response;
    if (protocol == null) {
      response = json(alloc, error.status(), errorBody(error), requestId);
    } else {
      int status = protocol.errorStatus(error.status().code());
      JsonNode body = protocol.errorBody(status, error.type(), error.getMessage());
      response = json(alloc, HttpResponseStatus.valueOf(status), body, requestId);
    }
    if (error.allow() != null) {
      response.headers().set(HttpHeaderNames.ALLOW, error.allow());
    }
    if (error.retryAfterSeconds() != null) {
      response.headers().setInt(HttpHeaderNames.RETRY_AFTER, error.retryAfterSeconds());
    }
    return response;
  }

  /** OpenAI's error object: {@code {"error":{"type","message","param","code"}}}. */
  static ObjectNode errorBody(ApiError error) {
    ObjectNode detail = JsonFields.MAPPER.createObjectNode();
    detail.put("type", error.type());
    detail.put("message", error.getMessage());
    detail.put("param", error.param());
    detail.put("code", error.code());
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    root.set("error", detail);
    return root;
  }

  /** A JSON body made elsewhere (by a {@code LocalBackend}), with its status. */
  static FullHttpResponse json(
      ByteBufAllocator alloc, HttpResponseStatus status, byte[] json, String requestId) {
    return json(status, alloc.buffer(json.length).writeBytes(json), requestId);
  }

  /**
   * {@code GET /healthz}: the engine that really answers ({@code tokenload-sim}, or {@code
   * llama.cpp} with that backend) and, behind a {@link Gateway}, the frameworks a request may name
   * and the remotes that are configured.
   */
  static FullHttpResponse health(
      ByteBufAllocator alloc, TargetSettings settings, String requestId) {
    String framework = settings.backend() instanceof LlamaBackend ? "llama.cpp" : FRAMEWORK;
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    root.put("status", "ok");
    root.put("framework", framework);
    root.put("model", settings.model());
    var providers = root.putArray("providers").add(framework);
    Gateway gateway = settings.gateway();
    if (gateway != null) {
      gateway.providers().stream().filter(p -> !p.equals(framework)).forEach(providers::add);
      ObjectNode remotes = root.putObject("remotes");
      gateway.remotes().forEach(remotes::put);
    }
    return json(alloc, HttpResponseStatus.OK, root, requestId);
  }

  /** {@code GET /v1/models}: the one served model, in a list. */
  static FullHttpResponse models(
      ByteBufAllocator alloc, String model, long createdSeconds, String requestId) {
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    root.put("object", "list");
    root.putArray("data").add(modelEntry(model, createdSeconds));
    return json(alloc, HttpResponseStatus.OK, root, requestId);
  }

  /** {@code GET /v1/models/{id}}: the served model's entry alone. */
  static FullHttpResponse model(
      ByteBufAllocator alloc, String model, long createdSeconds, String requestId) {
    return json(alloc, HttpResponseStatus.OK, modelEntry(model, createdSeconds), requestId);
  }

  /** One model as OpenAI and vLLM describe it; {@code created} is when the server started. */
  private static ObjectNode modelEntry(String model, long createdSeconds) {
    ObjectNode entry = JsonFields.MAPPER.createObjectNode();
    entry.put("id", model);
    entry.put("object", "model");
    entry.put("created", createdSeconds);
    entry.put("owned_by", "tokenload");
    return entry;
  }

  /** Another protocol's whole answer, written by its encoder. */
  static FullHttpResponse whole(
      ByteBufAllocator alloc, Encoder encoder, OutputPlan plan, String requestId) {
    ByteBuf body = alloc.buffer(512 + plan.tokens() * 8);
    try {
      int reasoning = plan.reasoningTokens();
      encoder.whole(
          body,
          plan.text(0, reasoning),
          plan.text(reasoning, plan.tokens()),
          plan.finishReason(),
          plan.tokens());
    } catch (RuntimeException e) {
      body.release();
      throw e;
    }
    return json(HttpResponseStatus.OK, body, requestId);
  }

  /** A 200 with Prometheus' text exposition format (version 0.0.4). */
  static FullHttpResponse metrics(ByteBufAllocator alloc, String text, String requestId) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            alloc.buffer(bytes.length).writeBytes(bytes));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    echo(response.headers(), requestId);
    return response;
  }

  /** A 200 without a body, as Triton's {@code GET /v2/health/ready} answers when ready. */
  static FullHttpResponse empty(ByteBufAllocator alloc, String requestId) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, alloc.buffer(0));
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    echo(response.headers(), requestId);
    return response;
  }

  /** A 200 with a JSON body. */
  static FullHttpResponse ok(ByteBufAllocator alloc, JsonNode root, String requestId) {
    return json(alloc, HttpResponseStatus.OK, root, requestId);
  }

  private static FullHttpResponse json(
      ByteBufAllocator alloc, HttpResponseStatus status, JsonNode root, String requestId) {
    byte[] bytes;
    try {
      bytes = JsonFields.MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuf body = alloc.buffer(bytes.length).writeBytes(bytes);
    return json(status, body, requestId);
  }

  private static FullHttpResponse json(HttpResponseStatus status, ByteBuf body, String requestId) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    HttpHeaders headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE);
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    echo(headers, requestId);
    return response;
  }

  private static void echo(HttpHeaders headers, String requestId) {
    if (requestId != null) {
      headers.set(REQUEST_ID, requestId);
    }
  }
}
