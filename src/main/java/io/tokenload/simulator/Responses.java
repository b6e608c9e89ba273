package io.tokenload.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.io.UncheckedIOException;

/** Builds the HTTP responses: JSON bodies, OpenAI-shaped errors and the event-stream head. */
final class Responses {

  static final String REQUEST_ID = "X-Request-Id";
  static final String FRAMEWORK = "tokenload-sim";

  private static final String JSON_TYPE = "application/json";
  private static final String EVENT_STREAM_TYPE = "text/event-stream; charset=utf-8";

  private Responses() {}

  /**
   * The head of a streamed response, sent as soon as the request is accepted (as uvicorn does for
   * vLLM's {@code StreamingResponse}); the events follow on their own schedule.
   */
  static HttpResponse eventStreamHead(String requestId) {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpHeaders headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM_TYPE);
    headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    echo(headers, requestId);
    return response;
  }

  /** A non-streamed completion with its usage. */
  static FullHttpResponse completion(
      ByteBufAllocator alloc, ChunkJson.Head head, OutputPlan plan, String requestId) {
    ByteBuf body = alloc.buffer(256 + plan.tokens() * 8);
    try {
      ChunkJson.forThisThread().completion(body, head, plan);
    } catch (RuntimeException e) {
      body.release();
      throw e;
    }
    return json(HttpResponseStatus.OK, body, requestId);
  }

  static FullHttpResponse error(ByteBufAllocator alloc, ApiError error, String requestId) {
    FullHttpResponse response = json(alloc, error.status(), errorBody(error), requestId);
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

  static FullHttpResponse health(ByteBufAllocator alloc, String model, String requestId) {
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    root.put("status", "ok");
    root.put("framework", FRAMEWORK);
    root.put("model", model);
    root.putArray("providers").add(FRAMEWORK);
    return json(alloc, HttpResponseStatus.OK, root, requestId);
  }

  static FullHttpResponse models(ByteBufAllocator alloc, String model, String requestId) {
    ObjectNode entry = JsonFields.MAPPER.createObjectNode();
    entry.put("id", model);
    entry.put("object", "model");
    entry.put("owned_by", "tokenload");
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    root.put("object", "list");
    root.putArray("data").add(entry);
    return json(alloc, HttpResponseStatus.OK, root, requestId);
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

  /** A 200 with a JSON body. */
  static FullHttpResponse ok(ByteBufAllocator alloc, ObjectNode root, String requestId) {
    return json(alloc, HttpResponseStatus.OK, root, requestId);
  }

  private static FullHttpResponse json(
      ByteBufAllocator alloc, HttpResponseStatus status, ObjectNode root, String requestId) {
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
