package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.json;
import static io.tokenload.simulator.SimClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POST /v1/embeddings: deterministic unit vectors in OpenAI's shape, over a real socket. */
class EmbeddingsTest {

  private static final String PATH = "/v1/embeddings";
  private static TargetServer server;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults().withMaxContextTokens(16));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void eachInputGetsAUnitVectorWithUsage() throws Exception {
    HttpResponse<String> response =
        post(server, PATH, "{\"model\":\"tokenload-sim\",\"input\":[\"hello world\",\"again\"]}");

    assertEquals(200, response.statusCode(), response.body());
    JsonNode root = json(response.body());
    assertEquals("list", root.get("object").asText());
    assertEquals("tokenload-sim", root.get("model").asText());
    assertTrue(root.get("id").asText().startsWith("embd-"));
    assertEquals(
        json("{\"prompt_tokens\":3,\"total_tokens\":3}"), root.get("usage"), "2 + 1 words");
    JsonNode data = root.get("data");
    assertEquals(2, data.size());
    for (int i = 0; i < 2; i++) {
      JsonNode item = data.get(i);
      assertEquals(i, item.get("index").asInt());
      assertEquals("embedding", item.get("object").asText());
      assertEquals(Embeddings.DEFAULT_DIMENSIONS, item.get("embedding").size());
      assertEquals(1.0, norm(item.get("embedding")), 1e-5);
    }
    assertNotEquals(data.get(0).get("embedding"), data.get(1).get("embedding"));
  }

  @Test
  void theSameInputAlwaysGetsTheSameVector() throws Exception {
    JsonNode alone = json(post(server, PATH, "{\"input\":\"again\"}").body());
    JsonNode inAList = json(post(server, PATH, "{\"input\":[\"x\",\"again\"]}").body());
    assertEquals(
        alone.get("data").get(0).get("embedding"), inAList.get("data").get(1).get("embedding"));
  }

  @Test
  void tokenIdsAndDimensionsAndBase64() throws Exception {
    JsonNode ids = json(post(server, PATH, "{\"input\":[5,6,7],\"dimensions\":8}").body());
    assertEquals(1, ids.get("data").size(), "an array of ids is one input");
    assertEquals(3, ids.get("usage").get("prompt_tokens").asInt());
    assertEquals(8, ids.get("data").get(0).get("embedding").size());

    String both = "{\"input\":[[5,6,7]],\"dimensions\":8";
    JsonNode floats = json(post(server, PATH, both + "}").body()).get("data").get(0);
    JsonNode packed =
        json(post(server, PATH, both + ",\"encoding_format\":\"base64\"}").body())
            .get("data")
            .get(0);
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(packed.get("embedding").asText()))
            .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(8 * 4, bytes.remaining());
    for (int i = 0; i < 8; i++) {
      assertEquals(floats.get("embedding").get(i).floatValue(), bytes.getFloat(), 0f);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{} | 400 | input | input is missing",
        "{\"input\":7} | 400 | input | the number 7",
        "{\"input\":[]} | 400 | input | input is an empty array",
        "{\"input\":[\"a\",{}]} | 400 | input[1] | expected a string or an array of token ids",
        "{\"input\":\"a\",\"dimensions\":0} | 400 | dimensions | between 1 and 4096",
        "{\"input\":\"a\",\"encoding_format\":\"int8\"} | 400 | encoding_format | \"float\" or"
            + " \"base64\"",
        "{\"input\":\"a b c d e f g h i j k l m n o p q\"} | 400 | input | 17 tokens; this model"
            + " reads at most 16",
        "{\"input\":\"a\",\"model\":\"ada\"} | 404 | model | The model `ada` does not exist",
      })
  void badRequestsNameTheField(String body, int status, String param, String phrase)
      throws Exception {
    HttpResponse<String> response = post(server, PATH, body);
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = json(response.body()).get("error");
    assertEquals(param, error.get("param").asText());
    assertTrue(error.get("message").asText().contains(phrase), error.toString());
  }

  private static double norm(JsonNode vector) {
    double sum = 0;
    for (JsonNode v : vector) {
      sum += v.doubleValue() * v.doubleValue();
    }
    return Math.sqrt(sum);
  }
}
