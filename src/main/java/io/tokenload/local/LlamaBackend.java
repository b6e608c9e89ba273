package io.tokenload.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import io.tokenload.transport.StreamListener;
import io.tokenload.workload.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GGUF model run in-process by llama.cpp (through java-llama.cpp, {@code de.kherud:llama}),
 * streamed as an OpenAI-compatible server would stream it; see {@link LocalBackend} for the events.
 *
 * <p><b>Lifecycle.</b> {@link #open} loads the model (seconds for a real one); {@link #stream} may
 * then be called from any thread; {@link #close} stops taking requests, ends those in flight after
 * their current token with {@code onFailure}, and frees the model. One instance serves many
 * concurrent requests: {@link LlamaSettings#parallel()} generate at once (llama.cpp slots, batched
 * together), each driven by its own daemon thread here; the rest queue, and their queueing counts
 * in their time to first token, first come first served. {@link #stream}'s {@link
 * LocalBackend.Cancellable} drops a queued request or stops a running one after its current token.
 *
 * <p><b>Chat.</b> The request's messages go through the chat template in the GGUF file ({@code
 * tokenizer.chat_template}), with the assistant's reply opened, as llama.cpp's server applies it.
 *
 * <p><b>Tokens.</b> Generation is greedy (temperature 0). llama.cpp hands over each token's text as
 * it is sampled, and each becomes one chunk whose running {@code usage.completion_tokens} counts
 * the tokens handed over so far. A token that ends in the middle of a UTF-8 character is held back
 * and handed over with the next one, so on a real model's byte-level vocabulary a chunk can carry
 * two tokens while the running count advances by one; the final usage is still exact when {@link
 * LocalRequest#ignoreEos()} is set, because then exactly {@code maxTokens} are generated. With
 * {@link LlamaSettings#tinyModel} every token is one piece of ASCII text and every count is exact.
 * Prompt tokens are counted by the model's tokenizer, without a BOS token.
 *
 * <p><b>JVM exit.</b> llama.cpp's server loop runs on a native thread that java-llama.cpp attaches
 * to the JVM as a non-daemon thread and never detaches, even after {@code close()}: a JVM that
 * loaded a model does not exit on its own. End such programs with {@code System.exit}; JMH
 * benchmarks shorten the forked JVM's shutdown timeout instead (see {@code LlamaBenchmark}).
 *
 * <p><b>Native library.</b> java-llama.cpp unpacks {@code libjllama.so} into {@code
 * de.kherud.llama.tmpdir}, by default {@code tokenload-jllama} in {@code java.io.tmpdir} (not
 * {@code java.io.tmpdir} itself, where it would delete files named {@code llama*}: see {@code
 * NativeLibrary}); that directory must be writable. llama.cpp's own log goes straight to stderr,
 * past Java logging, so it is off unless {@link LlamaSettings#nativeLog()} is set.
 */
public final class LlamaBackend implements LocalBackend {

  /** The name of the threads that generate the streams (then a number). */
  public static final String STREAM_THREAD = "llama-stream-";

  private static final System.Logger LOG = System.getLogger(LlamaBackend.class.getName());
  private static final long CLOSE_WAIT_SECONDS = 60;
  private static final ObjectMapper TEMPLATE_JSON = new ObjectMapper();

  private final LlamaSettings settings;
  private final LlamaModel model;
  private final ExecutorService workers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LlamaBackend(LlamaSettings settings, LlamaModel model) {
    this.settings = settings;
    this.model = model;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            settings.parallel(),
            r -> {
              Thread t = new Thread(r, STREAM_THREAD + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Loads the model.
   *
   * @throws IllegalArgumentException when the file is missing or llama.cpp cannot load it
   * @throws IllegalStateException when the native library cannot be unpacked or loaded
   */
  public static LlamaBackend open(LlamaSettings settings) {
    Path file = settings.modelFile();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "model file " + file + " does not exist or is not a readable file");
    }
    NativeLibrary.load();
    ModelParameters params =
        new ModelParameters()
            .setModel(file.toString())
            .setCtxSize(settings.contextTokens() * settings.parallel())
            .setParallel(settings.parallel())
            .setThreads(settings.threads())
            .setThreadsBatch(settings.threads());
    if (!settings.nativeLog()) {
      params.disableLog();
    }
    try {
      return new LlamaBackend(settings, new LlamaModel(params));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "llama.cpp could not load model file "
              + file
              + ": "
              + e.getMessage()
              + (settings.nativeLog()
                  ? ""
                  : " (LlamaSettings.withNativeLog(true) shows llama.cpp's log)"),
          e);
    }
  }

  @Override
  public String model() {
    return settings.modelName();
  }

  /** The settings the model was opened with. */
  public LlamaSettings settings() {
    return settings;
  }

  /**
   * Token ids of {@code text} under the model's tokenizer, special tokens parsed, no BOS.
   *
   * @throws IllegalStateException when the backend is closed
   */
  public int[] encode(String text) {
    if (closed.get()) {
      throw new IllegalStateException("LlamaBackend " + model() + " is closed");
    }
    return model.encode(text);
  }

  @Override
  public Cancellable stream(LocalRequest request, StreamListener listener) {
    long sentNanos = System.nanoTime();
    if (closed.get()) {
      throw new IllegalStateException("LlamaBackend " + model() + " is closed");
    }
    Generation generation = new Generation(request, listener, sentNanos);
    try {
      workers.execute(generation::run);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("LlamaBackend " + model() + " is closed", e);
    }
    return generation;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        // Freeing the model under a running generation would crash the JVM: leak it instead.
        LOG.log(
            System.Logger.Level.WARNING,
            "LlamaBackend {0}: streams still running {1} s after close; the model is not freed",
            model(),
            CLOSE_WAIT_SECONDS);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    model.close();
  }

  /** One request, run on a worker thread from start to end. */
  private final class Generation implements Cancellable {
    private final LocalRequest request;
    private final StreamListener listener;
    private final long sentNanos;
    private volatile boolean cancelled;
    private LlamaIterator tokens;
    private boolean ended;

    Generation(LocalRequest request, StreamListener listener, long sentNanos) {
      this.request = request;
      this.listener = listener;
      this.sentNanos = sentNanos;
    }

    @Override
    public void cancel() {
      cancelled = true; // seen before the request starts, and after each token
    }

    void run() {
      try {
        listener.onSent(sentNanos);
        if (closed.get() || cancelled) {
          fail((cancelled ? "cancelled" : "LlamaBackend closed") + " before the request started");
          return;
        }
        String prompt =
            request.api() == Api.CHAT ? chatPrompt(request.messages()) : request.prompt();
        int promptTokens = model.encode(prompt).length;
        String refusal = refusal(promptTokens);
        if (refusal != null) {
          refuse(refusal);
          return;
        }
        listener.onStatus(System.nanoTime(), 200);
        generate(prompt, promptTokens);
      } catch (RuntimeException e) {
        if (tokens != null && tokens.hasNext()) {
          tokens.cancel(); // frees the slot; nothing reads this task's results any more
        }
        fail("llama.cpp generation failed: " + e.getMessage());
      }
    }

    private void generate(String prompt, int promptTokens) {
      long created = System.currentTimeMillis() / 1000;
      ChunkEncoder chunks = new ChunkEncoder(request, model(), created, promptTokens);
      InferenceParameters params =
          new InferenceParameters(prompt)
              .setNPredict(request.maxTokens())
              .setIgnoreEos(request.ignoreEos())
              .setTemperature(0f)
              .setCachePrompt(settings.promptCache());
      if (!settings.suppressedTokenIds().isEmpty()) {
        params.disableTokenIds(settings.suppressedTokenIds());
      }
      tokens = model.generate(params).iterator();
      int handedOver = 0;
      while (tokens.hasNext()) {
        LlamaOutput out = tokens.next();
        boolean last = !tokens.hasNext(); // the final result: in stream mode it carries no token
        if (!last) {
          handedOver++;
          if (handedOver == 1) {
            chunks.role(listener); // with the first token, as vLLM sends it
          }
        }
        if (!out.text.isEmpty()) {
          chunks.text(out.text, handedOver, listener);
        }
        if (!last && (closed.get() || cancelled)) {
          tokens.cancel();
          fail(cancelled ? "cancelled" : "LlamaBackend closed");
          return;
        }
      }
      if (handedOver == 0) {
        chunks.role(listener);
      }
      int generated = request.ignoreEos() ? request.maxTokens() : handedOver;
      chunks.finish(generated >= request.maxTokens() ? "length" : "stop", generated, listener);
      chunks.end(generated, listener);
      ended = true;
      listener.onEnd(System.nanoTime());
    }

    /** Why the request cannot run, as a server's 400 message; null when it can. */
    private String refusal(int promptTokens) {
      if (promptTokens == 0) {
        return "the prompt is empty; it must have at least 1 token";
      }
      long total = (long) promptTokens + request.maxTokens();
      if (total > settings.contextTokens()) {
        return String.format(
            "This model's maximum context length is %d tokens. However, you requested %d tokens"
                + " (%d in the messages, %d in the completion).",
            settings.contextTokens(), total, promptTokens, request.maxTokens());
      }
      return null;
    }

    private void refuse(String message) {
      listener.onStatus(System.nanoTime(), 400);
      byte[] body = ChunkEncoder.errorBody(message, "context_length_exceeded");
      listener.onBytes(System.nanoTime(), body, 0, body.length);
      ended = true;
      listener.onEnd(System.nanoTime());
    }

    private void fail(String reason) {
      if (!ended) {
        ended = true;
        listener.onFailure(System.nanoTime(), reason);
      }
    }
  }

  /**
   * The model's chat template applied to {@code messages}, opening the assistant's reply. The JSON
   * goes to llama.cpp as is, rather than through {@code InferenceParameters.setMessages}, which
   * takes one leading system message and then only {@code user} and {@code assistant}.
   */
  private String chatPrompt(List<LocalRequest.Message> messages) {
    ObjectNode root = TEMPLATE_JSON.createObjectNode();
    ArrayNode array = root.putArray("messages");
    for (LocalRequest.Message message : messages) {
      array.addObject().put("role", message.role()).put("content", message.content());
    }
    return model.applyTemplate(root.toString());
  }
}
