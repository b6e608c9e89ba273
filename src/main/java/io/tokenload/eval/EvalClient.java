package io.tokenload.eval;

import io.tokenload.eval.data.QaItem;
import io.tokenload.stream.RecordingListener;
import io.tokenload.stream.StreamFormat;
import io.tokenload.transport.StreamClient;
import io.tokenload.transport.StreamLimits;
import io.tokenload.transport.StreamListener;
import io.tokenload.transport.StreamRequest;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Prompt;
import io.tokenload.workload.PromptSource;
import io.tokenload.workload.RequestFactory;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Sends an evaluation's requests through the load runs' own client ({@link StreamClient}) and
 * request building ({@link RequestFactory}): one client per job, a closed loop of at most {@code
 * concurrency} requests in flight, each answer read and timed as a load run reads it.
 */
public final class EvalClient implements AutoCloseable {

  /** The cell name in the records of an evaluation. */
  public static final String CELL = "eval";

  private final Endpoint endpoint;
  private final int concurrency;
  private final int maxTokens;
  private final StreamClient client = StreamClient.create(1);

  public EvalClient(Endpoint endpoint, int concurrency, int maxTokens) {
    this.endpoint = endpoint;
    this.concurrency = concurrency;
    this.maxTokens = maxTokens;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public int concurrency() {
    return concurrency;
  }

  /** The answers to {@code items}, in their order; a failed request is an answer with its error. */
  public List<Answer> ask(List<QaItem> items, String idPrefix) throws InterruptedException {
    RequestFactory factory = factory(i -> items.get((int) i).prompt(), items.size());
    return run(
        items.size(),
        i -> {
          QaItem item = items.get(i);
          String id = idPrefix + "-" + i;
          if (item.messages().isEmpty()) {
            return factory.request(i, id);
          }
          List<Map<String, String>> messages =
              item.messages().stream()
                  .map(m -> Map.of("role", m.role(), "content", m.content()))
                  .toList();
          return factory.conversation(messages, maxTokens, id);
        },
        System.nanoTime());
  }

  /**
   * {@code count} requests with the prompts {@code prompts} gives, timed from {@code
   * runStartNanos}.
   */
  public List<Answer> load(int count, RequestFactory factory, String idPrefix, long runStartNanos)
      throws InterruptedException {
    return run(count, i -> factory.request(i, idPrefix + "-" + i), runStartNanos);
  }

  /** A factory sending {@code text(i)} as prompt {@code i}, asking {@code maxTokens}. */
  public RequestFactory factory(java.util.function.LongFunction<String> text, int count) {
    PromptSource prompts = i -> new Prompt(text.apply(i), 1, Prompt.CELL_OUTPUT);
    return new RequestFactory(endpoint, cell(count), prompts);
  }

  /** The cell the requests belong to: its output length is {@code max_tokens}. */
  public CellSpec cell(int count) {
    return new CellSpec(CELL, 1, maxTokens, concurrency, Math.max(1, count), 0);
  }

  private List<Answer> run(int count, IntFunction<StreamRequest> request, long runStartNanos)
      throws InterruptedException {
    Answer[] answers = new Answer[count];
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger next = new AtomicInteger(Math.min(concurrency, count));
    class Loop {
      void send(int i) {
        long now = System.nanoTime();
        // Not "streamed": an evaluation wants the answer, so a server that ignores stream=true and
        // answers with one JSON body is read as that answer (a stream is read as a stream).
        var asked =
            new RecordingListener.Asked(
                "eval-" + i,
                CELL,
                runStartNanos,
                now,
                -1,
                maxTokens,
                null,
                StreamLimits.DEFAULTS,
                endpoint.redactor(),
                StreamFormat.OPENAI,
                false,
                false);
        StreamListener listener =
            new AnswerListener(
                asked,
                answer -> {
                  answers[i] = answer;
                  int n = next.getAndIncrement();
                  if (n < count) {
                    // Off this call's stack: a server failing every request at once would
                    // otherwise nest one send in the next, as deep as there are requests.
                    CompletableFuture.runAsync(() -> send(n));
                  }
                  done.countDown();
                });
        StreamRequest built;
        try {
          built = request.apply(i);
        } catch (RuntimeException e) {
          // Counted as a failed request, so the loop goes on and the latch still reaches zero.
          listener.onFailure(System.nanoTime(), "the request was not built: " + e.getMessage());
          return;
        }
        client.send(built, null, listener);
      }
    }
    Loop loop = new Loop();
    for (int i = 0; i < Math.min(concurrency, count); i++) {
      loop.send(i);
    }
    done.await();
    return Arrays.asList(answers);
  }

  /**
   * POSTs {@code body} to {@code request}'s URI and returns the whole response body; for endpoints
   * that answer with one JSON object ({@code /v1/moderations}).
   *
   * @throws EvalException when the request fails or the status is not 2xx, naming the URL
   */
  public byte[] post(StreamRequest request) throws InterruptedException {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    client.send(
        request,
        null,
        new StreamListener() {
          private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          private int status;

          @Override
          public void onSent(long nanos) {}

          @Override
          public void onStatus(long nanos, int httpStatus) {
            status = httpStatus;
          }

          @Override
          public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {
            bytes.write(buf, off, len);
          }

          @Override
          public void onEnd(long nanos) {
            if (status / 100 == 2) {
              result.complete(bytes.toByteArray());
            } else {
              String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
              result.completeExceptionally(
                  new EvalException(
                      request.uri()
                          + " answered HTTP "
                          + status
                          + ": "
                          + text.substring(0, Math.min(200, text.length()))));
            }
          }

          @Override
          public void onFailure(long nanos, String reason) {
            result.completeExceptionally(new EvalException(request.uri() + ": " + reason));
          }
        });
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
