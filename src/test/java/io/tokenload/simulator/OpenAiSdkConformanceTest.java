package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded target as the official OpenAI Java SDK sees it, over a real socket: an independent
 * client's parsers and typed errors are the judge of whether the target speaks OpenAI's API.
 */
class OpenAiSdkConformanceTest {

  private static final String MODEL = TargetSettings.defaults().model();

  private static TargetServer server;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults());
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(server.baseUri().resolve("/v1").toString())
            .apiKey("sk-test-not-a-secret")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(20))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void listsTheServedModelWithItsCreationTime() {
    List<Model> models = client.models().list().data();
    assertEquals(1, models.size());
    assertEquals(MODEL, models.get(0).id());
    assertTrue(models.get(0).created() > 1_700_000_000L, "created is Unix seconds");
    assertEquals("tokenload", models.get(0).ownedBy());
  }

  @Test
  void retrievesTheServedModelById() {
    Model model = client.models().retrieve(MODEL);
    assertEquals(MODEL, model.id());
  }

  @Test
  void anUnknownModelIdIsTheSdksNotFound() {
    NotFoundException e =
        assertThrows(NotFoundException.class, () -> client.models().retrieve("no-such-model"));
    assertEquals("model_not_found", e.code().orElseThrow());
  }

  @Test
  void streamsChatWithUsageInTheLastChunk() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(MODEL)
            .addUserMessage("tell me a story about a lighthouse")
            .maxCompletionTokens(12)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .putAdditionalBodyProperty("ignore_eos", com.openai.core.JsonValue.from(true))
            .build();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }
    String text =
        chunks.stream()
            .flatMap(c -> c.choices().stream())
            .map(choice -> choice.delta().content().orElse(""))
            .collect(Collectors.joining());
    assertEquals(12, text.trim().split(" ").length, text);
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty());
    assertEquals(12, last.usage().orElseThrow().completionTokens());
    assertEquals(
        ChatCompletionChunk.Choice.FinishReason.LENGTH,
        chunks.get(chunks.size() - 2).choices().get(0).finishReason().orElseThrow());
  }

  @Test
  void streamsTheResponsesApiAsTheSdkReadsIt() {
    ResponseCreateParams params =
        ResponseCreateParams.builder()
            .model(MODEL)
            .input("say hello")
            .maxOutputTokens(6)
            .putAdditionalBodyProperty("ignore_eos", com.openai.core.JsonValue.from(true))
            .build();
    StringBuilder text = new StringBuilder();
    Response last = null;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
        event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
        if (event.isIncomplete()) {
          last = event.incomplete().orElseThrow().response();
        }
      }
    }
    assertEquals(6, text.toString().trim().split(" ").length, text.toString());
    assertEquals(6, last.usage().orElseThrow().outputTokens());
    assertEquals("resp_", last.id().substring(0, 5));
  }

  @Test
  void completesOneChoicePerPromptOfABatch() {
    Completion completion =
        client
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model(MODEL)
                    .promptOfArrayOfStrings(List.of("one two three", "four five", "six"))
                    .maxTokens(5)
                    .build());
    List<CompletionChoice> choices = completion.choices();
    assertEquals(3, choices.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, choices.get(i).index());
      assertFalse(choices.get(i).text().isBlank());
    }
    assertEquals(6, completion.usage().orElseThrow().promptTokens());
  }

  @Test
  void completesOnePrompt() {
    Completion completion =
        client
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model(MODEL)
                    .prompt("once upon a time")
                    .maxTokens(4)
                    .build());
    assertEquals(1, completion.choices().size());
    assertEquals(4, completion.usage().orElseThrow().promptTokens());
  }

  @Test
  void embedsEachInput() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model(MODEL)
                    .inputOfArrayOfStrings(List.of("hello", "world wide"))
                    .build());
    assertEquals(2, response.data().size());
    assertEquals(64, response.data().get(0).embedding().size());
    assertEquals(3, response.usage().promptTokens());
  }

  @Test
  void anOutOfRangeValueIsTheSdksBadRequest() {
    BadRequestException e =
        assertThrows(
            BadRequestException.class,
            () ->
                client
                    .completions()
                    .create(
                        CompletionCreateParams.builder()
                            .model(MODEL)
                            .prompt("a")
                            .maxTokens(0)
                            .build()));
    assertEquals(400, e.statusCode());
    assertEquals("max_tokens", e.param().orElseThrow());
    assertEquals("integer_below_min_value", e.code().orElseThrow());
  }

  @Test
  void anUnknownModelInARequestIsTheSdksNotFound() {
    assertThrows(
        NotFoundException.class,
        () ->
            client
                .completions()
                .create(
                    CompletionCreateParams.builder()
                        .model("gpt-nothing")
                        .prompt("a")
                        .maxTokens(1)
                        .build()));
  }

  @Test
  void anInjectedRateLimitIsTheSdksRateLimit() {
    RateLimitException e =
        assertThrows(
            RateLimitException.class,
            () ->
                client
                    .completions()
                    .create(
                        CompletionCreateParams.builder()
                            .model(MODEL)
                            .prompt("a")
                            .maxTokens(1)
                            .putAdditionalHeader(FaultDraw.HEADER, "rate-limit;retry-after=1")
                            .build()));
    assertEquals("injected_fault", e.code().orElseThrow());
  }
}
