package io.tokenload.backend;

import io.tokenload.stream.StreamFormat;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's chat completions and completions, as OpenAI, vLLM, SGLang's and TGI's OpenAI servers,
 * Hugging Face's router and Moonshot speak them: {@code POST /v1/chat/completions} with {@code
 * messages} (or {@code /v1/completions} with {@code prompt}), a Bearer key, and an SSE stream of
 * chunks ended by {@code data: [DONE]}, read by {@link io.tokenload.stream.ChunkParser}.
 *
 * <p>The output length: {@code max_tokens} always; with {@code forceLength} (vLLM's extensions)
 * also {@code min_tokens} of the same value and {@code ignore_eos}, and {@code
 * continuous_usage_stats} for a running token count on every chunk. Hosted APIs reject those, so
 * their backends send only {@code max_tokens} and {@code include_usage}.
 *
 * @param name the name it is chosen by
 * @param chat chat completions ({@code messages}) or completions ({@code prompt})
 * @param forceLength send vLLM's {@code ignore_eos}, {@code min_tokens} and running usage
 * @param hostedBase the hosted service's base URL, or null for self-hosted servers
 */
public record OpenAiBackend(String name, boolean chat, boolean forceLength, URI hostedBase)
    implements Backend {

  static final String CHAT_PATH = "/v1/chat/completions";
  static final String COMPLETIONS_PATH = "/v1/completions";

  @Override
  public URI requestUri(URI base, String model, boolean stream) {
    if (Urls.endsWith(base, "/completions")) {
      return base; // a full endpoint URL, chat or completions, as pasted
    }
    return Urls.join(base, chat ? CHAT_PATH : COMPLETIONS_PATH);
  }

  @Override
  public Optional<URI> modelsUri(URI base) {
    return Optional.of(Urls.beside(base, "(/chat)?/completions", "/v1/models"));
  }

  @Override
  public Optional<URI> defaultBaseUrl() {
    return Optional.ofNullable(hostedBase);
  }

  @Override
  public Auth auth() {
    return Auth.BEARER;
  }

  @Override
  public Map<String, Object> body(BodyRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", request.model());
    if (chat) {
      body.put("messages", request.conversation());
    } else {
      body.put("prompt", request.promptOnly(name));
    }
    body.put("max_tokens", request.outputTokens());
    body.put("temperature", 0);
    body.put("stream", request.stream());
    if (forceLength) {
      // Force the exact output length.
      body.put("ignore_eos", true);
      body.put("min_tokens", request.outputTokens());
    }
    if (request.stream()) {
      Map<String, Object> streamOptions = new LinkedHashMap<>();
      streamOptions.put("include_usage", true);
      if (forceLength) {
        // A running token count on every chunk, so ITL is per token.
        streamOptions.put("continuous_usage_stats", true);
      }
      body.put("stream_options", streamOptions);
    }
    return body;
  }

  @Override
  public StreamFormat format() {
    return StreamFormat.OPENAI;
  }

  @Override
  public boolean forcesLength() {
    return forceLength;
  }

  @Override
  public boolean chatTemplate() {
    return chat;
  }
}
