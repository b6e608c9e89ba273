package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.tokenload.tokenizer.WordTokenizer;
import java.util.regex.Pattern;

/**
 * Hugging Face text-generation-inference's native API: {@code POST /generate_stream} (server-sent
 * events written as TGI's axum server writes them, {@code data:} without a space) and {@code POST
 * /generate}. Body {@code {"inputs":…,"parameters":{"max_new_tokens":N,"details":true}}}.
 *
 * <p>Each event is one {@code token} ({@code id}, {@code text}, {@code logprob}, {@code special});
 * the last token's event also carries {@code generated_text} and {@code details} ({@code
 * finish_reason} {@code length} or {@code eos_token}, {@code generated_tokens}, {@code seed},
 * {@code input_length}); {@code top_tokens} is left out, as TGI leaves it out when empty. There is
 * no {@code [DONE]}. The whole answer's {@code details} has no {@code input_length} but {@code
 * prefill} (empty without {@code decoder_input_details}) and the {@code tokens}, as TGI's {@code
 * Details} does (router/src/lib.rs). Validation errors are 422 {@code
 * {"error":…,"error_type":"validation"}}, as TGI answers them.
 *
 * @see <a href="https://huggingface.github.io/text-generation-inference/">TGI's OpenAPI</a>
 */
public final class TgiProtocol implements Protocol {

  private static final WordTokenizer WORDS = WordTokenizer.instance();

  /** Splits a whole answer before each space: one target token per piece. */
  private static final Pattern TOKENS = Pattern.compile("(?= )");

  @Override
  public String name() {
    return "tgi";
  }

  @Override
  public Translation translate(String path, String query, JsonNode body) {
    Bodies.object(body, "a TGI request such as {\"inputs\":…,\"parameters\":{…}}");
    boolean stream = path.equals("/generate_stream");
    ObjectNode openAi = Bodies.openAi(null, stream);
    openAi.put("prompt", Bodies.requiredText(body.get("inputs"), "inputs"));
    JsonNode parameters = body.get("parameters");
    if (!Bodies.absent(parameters)) {
      Bodies.maxTokens(
          openAi, Bodies.integer(parameters.get("max_new_tokens"), "parameters.max_new_tokens"));
      Bodies.extensions(openAi, parameters, false);
    }
    Bodies.extensions(openAi, body, false);
    return new Translation(false, openAi);
  }

  @Override
  public Encoder encoder(Reply reply, boolean chat) {
    return new Answer(reply);
  }

  @Override
  public JsonNode errorBody(int status, String type, String message) {
    String errorType = status == 422 || status == 400 ? "validation" : "generation";
    if (status == 429) {
      errorType = "overloaded";
    }
    return Frames.object().put("error", message).put("error_type", errorType);
  }

  @Override
  public int errorStatus(int status) {
    return status == 400 ? 422 : status; // TGI answers validation errors with 422
  }

  /**
   * {@code GET /info}: TGI's {@code Info} (router/src/lib.rs), which clients read for the model id
   * and the token limits.
   */
  public static JsonNode info(String model, int maxContextTokens) {
    ObjectNode info = Frames.object();
    info.put("model_id", model);
    info.putNull("model_sha");
    info.put("model_pipeline_tag", "text-generation");
    info.put("max_concurrent_requests", 128);
    info.put("max_best_of", 2);
    info.put("max_stop_sequences", 4);
    info.put("max_input_tokens", maxContextTokens - 1);
    info.put("max_total_tokens", maxContextTokens);
    info.put("validation_workers", 2);
    info.put("max_client_batch_size", 4);
    info.put("router", "text-generation-router");
    info.put("version", "3.0.0");
    info.putNull("sha");
    info.putNull("docker_label");
    return info;
  }

  /** TGI's names for why generation stopped. */
  static String finishReason(String openAi) {
    return openAi.equals("length") ? "length" : "eos_token";
  }

  private static final class Answer implements Encoder {
    private final Reply reply;
    private final StringBuilder generated = new StringBuilder();
    private int index;

    Answer(Reply reply) {
      this.reply = reply;
    }

    @Override
    public void start(ByteBuf out) {}

    @Override
    public void text(ByteBuf out, String text, boolean reasoning, int completionTokens) {
      generated.append(text);
      ObjectNode event = Frames.object();
      event.put("index", ++index); // TGI counts tokens from 1
      token(event.putObject("token"), text);
      boolean last = completionTokens == reply.outputTokens();
      if (last) {
        event.put("generated_text", generated.toString());
        event.set("details", details(completionTokens));
      } else {
        event.putNull("generated_text");
        event.putNull("details");
      }
      Frames.sseNoSpace(out, event);
    }

    @Override
    public void end(ByteBuf out, String finishReason, int completionTokens) {
      // The last token's event carried the details: TGI sends nothing more.
    }

    @Override
    public void whole(
        ByteBuf out, String reasoning, String text, String finishReason, int completionTokens) {
      ObjectNode body = Frames.object();
      body.put("generated_text", text);
      ObjectNode details = body.putObject("details");
      details.put("finish_reason", finishReason(reply.finishReason()));
      details.put("generated_tokens", completionTokens);
      details.putNull("seed");
      details.putArray("prefill");
      ArrayNode tokens = details.putArray("tokens");
      for (String word : TOKENS.split(text)) {
        if (!word.isEmpty()) {
          token(tokens.addObject(), word);
        }
      }
      Frames.json(out, body);
    }

    private ObjectNode details(int completionTokens) {
      ObjectNode details = Frames.object();
      details.put("finish_reason", finishReason(reply.finishReason()));
      details.put("generated_tokens", completionTokens);
      details.putNull("seed");
      details.put("input_length", reply.promptTokens());
      return details;
    }

    /** One TGI {@code Token}: the target's tokens are a space and a word. */
    private static void token(ObjectNode token, String text) {
      token.put("id", WORDS.encode(text.strip().split(" ", 2)[0])[0]);
      token.put("text", text);
      token.put("logprob", 0.0);
      token.put("special", false);
    }
  }
}
