package io.tokenload.simulator.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How each protocol's request reads as the OpenAI request the engine serves; pure, no socket. */
class ProtocolTranslationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One malformed request per protocol field a client can get wrong. */
  enum Malformed {
    OLLAMA_MODEL_MISSING(Protocols.OLLAMA, "/api/chat", "{\"messages\":[]}", "model"),
    OLLAMA_MESSAGES_NOT_ARRAY(
        Protocols.OLLAMA, "/api/chat", "{\"model\":\"m\",\"messages\":\"hi\"}", "messages"),
    OLLAMA_NUM_PREDICT_TEXT(
        Protocols.OLLAMA,
        "/api/generate",
        "{\"model\":\"m\",\"prompt\":\"a\",\"options\":{\"num_predict\":\"8\"}}",
        "options.num_predict"),
    TGI_INPUTS_MISSING(Protocols.TGI, "/generate_stream", "{\"parameters\":{}}", "inputs"),
    SGLANG_TEXT_NOT_STRING(Protocols.SGLANG, "/generate", "{\"text\":5}", "text"),
    SGLANG_IGNORE_EOS_TEXT(
        Protocols.SGLANG,
        "/generate",
        "{\"text\":\"a\",\"sampling_params\":{\"ignore_eos\":\"yes\"}}",
        "sampling_params.ignore_eos"),
    TRITON_TEXT_INPUT_MISSING(
        Protocols.TRITON, "/v2/models/m/generate", "{\"max_tokens\":3}", "text_input"),
    ANTHROPIC_MAX_TOKENS_MISSING(
        Protocols.ANTHROPIC, "/v1/messages", "{\"model\":\"m\",\"messages\":[]}", "max_tokens"),
    ANTHROPIC_MESSAGES_MISSING(
        Protocols.ANTHROPIC, "/v1/messages", "{\"model\":\"m\",\"max_tokens\":3}", "messages"),
    GEMINI_CONTENTS_EMPTY(
        Protocols.GEMINI, "/v1beta/models/m:generateContent", "{\"contents\":[]}", "contents"),
    RESPONSES_INPUT_MISSING(Protocols.RESPONSES, "/v1/responses", "{\"model\":\"m\"}", "input"),
    RESPONSES_INPUT_NUMBER(
        Protocols.RESPONSES, "/v1/responses", "{\"model\":\"m\",\"input\":5}", "input");

    final Protocol protocol;
    final String path;
    final String body;
    final String param;

    Malformed(Protocol protocol, String path, String body, String param) {
      this.protocol = protocol;
      this.path = path;
      this.body = body;
      this.param = param;
    }
  }

  @ParameterizedTest
  @EnumSource(Malformed.class)
  void aMalformedRequestNamesItsField(Malformed c) throws Exception {
    JsonNode body = JSON.readTree(c.body);
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> c.protocol.translate(c.path, "", body));
    assertEquals(c.param, e.param());
    assertTrue(e.getMessage().contains(c.param), e.getMessage());
  }

  @Test
  void ollamaNumPredictMinusOneLeavesTheDefaultCap() throws Exception {
    Translation t =
        Protocols.OLLAMA.translate(
            "/api/generate",
            "",
            JSON.readTree("{\"model\":\"m\",\"prompt\":\"a\",\"options\":{\"num_predict\":-1}}"));
    assertFalse(t.openAi().has("max_tokens"));
    assertTrue(t.openAi().get("stream").booleanValue(), "Ollama streams unless told not to");
  }

  @Test
  void ollamaLatestTagNamesTheSameModel() throws Exception {
    Translation t =
        Protocols.OLLAMA.translate(
            "/api/chat", "", JSON.readTree("{\"model\":\"m:latest\",\"messages\":[]}"));
    assertEquals("m", t.openAi().get("model").textValue());
  }

  @Test
  void tgiAndSglangShareGenerateAndTheBodyTellsThemApart() throws Exception {
    assertEquals(Protocols.TGI, Protocols.of("/generate", JSON.readTree("{\"inputs\":\"a\"}")));
    assertEquals(Protocols.SGLANG, Protocols.of("/generate", JSON.readTree("{\"text\":\"a\"}")));
  }

  @Test
  void tritonNamesTheModelInThePathWithOrWithoutAVersion() {
    assertEquals("llama", TritonProtocol.modelOf("/v2/models/llama/generate_stream"));
    assertEquals("llama", TritonProtocol.modelOf("/v2/models/llama/versions/2/generate"));
    assertEquals(null, TritonProtocol.modelOf("/v2/models/llama/infer"));
  }

  @Test
  void anthropicSystemBecomesTheFirstMessage() throws Exception {
    Translation t =
        Protocols.ANTHROPIC.translate(
            "/v1/messages",
            "",
            JSON.readTree(
                "{\"model\":\"m\",\"max_tokens\":4,\"system\":\"Be brief.\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    assertEquals("system", t.openAi().at("/messages/0/role").textValue());
    assertEquals(4, t.openAi().get("max_tokens").intValue());
  }

  @Test
  void protocolsWithoutAReasoningChannelAskForNone() throws Exception {
    Translation t = Protocols.TGI.translate("/generate", "", JSON.readTree("{\"inputs\":\"a\"}"));
    assertEquals(0, t.openAi().at("/tokenload/reasoning_tokens").intValue());
  }
}
