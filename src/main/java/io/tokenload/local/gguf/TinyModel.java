package io.tokenload.local.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A llama-architecture model with random weights, written as GGUF, so llama.cpp does real work
 * offline without any downloaded model. Its text is noise, but its cost per token has the shape of
 * a real model's: embedding lookup, attention with RoPE and a KV cache, a SwiGLU feed-forward
 * network, RMS norms and the output projection, layer after layer.
 *
 * <p>The vocabulary is {@link ByteLevelVocab}'s (267 tokens, {@code tokenizer.ggml.model = gpt2}),
 * with a ChatML chat template; {@code <|im_end|>} is the end-of-sequence token and no BOS token is
 * added. Weights are f32, uniform in ±{@value #WEIGHT_RANGE}, drawn from {@code seed}: the same
 * seed and shape give the same bytes. The default shape is about 1.5 MB.
 */
public final class TinyModel {

  /** The model's {@code general.name}. */
  public static final String NAME = "tokenload-tiny-llama";

  static final float WEIGHT_RANGE = 0.05f;

  static final String CHATML_TEMPLATE =
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
          + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
          + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

  /**
   * The model's size.
   *
   * @param embedding {@code n_embd}, the hidden width; a multiple of {@code heads}
   * @param layers transformer blocks
   * @param heads attention heads; {@code embedding / heads} must be even (RoPE rotates pairs)
   * @param kvHeads key/value heads, dividing {@code heads} (fewer than {@code heads} is GQA)
   * @param feedForward the feed-forward network's inner width
   * @param contextTokens {@code llama.context_length}, the longest context it was "trained" for
   */
  public record Shape(
      int embedding, int layers, int heads, int kvHeads, int feedForward, int contextTokens) {

    public Shape {
      requireRange("embedding", embedding, 8, 8192);
      requireRange("layers", layers, 1, 256);
      requireRange("heads", heads, 1, embedding);
      requireRange("kvHeads", kvHeads, 1, heads);
      requireRange("feedForward", feedForward, 1, 65536);
      requireRange("contextTokens", contextTokens, 16, 1 << 20);
      if (embedding % heads != 0 || (embedding / heads) % 2 != 0) {
        throw new IllegalArgumentException(
            "embedding "
                + embedding
                + " and heads "
                + heads
                + ": embedding must be heads times an even head size");
      }
      if (heads % kvHeads != 0) {
        throw new IllegalArgumentException("kvHeads " + kvHeads + " must divide heads " + heads);
      }
    }

    /** 128 wide, 2 layers, 4 heads (4 KV heads), feed-forward 384, 2,048 tokens of context. */
    public static Shape defaults() {
      return new Shape(128, 2, 4, 4, 384, 2048);
    }

    int headSize() {
      return embedding / heads;
    }

    int kvWidth() {
      return headSize() * kvHeads;
    }
  }

  private TinyModel() {}

  /** Writes the default shape to {@code file}. */
  public static void write(Path file, long seed) throws IOException {
    write(file, seed, Shape.defaults());
  }

  public static void write(Path file, long seed, Shape shape) throws IOException {
    GgufWriter gguf = new GgufWriter();
    putMetadata(gguf, shape);
    putTensors(gguf, shape, new SplittableRandom(seed));
    gguf.write(file);
  }

  /**
   * Every token that is not printable ASCII text: control bytes, the bytes of multi-byte UTF-8
   * characters, and the special tokens. Suppressing them when sampling (see {@code
   * LlamaSettings#suppressedTokenIds}) makes each generated token exactly one streamed piece of
   * text, so token counts on the stream are exact.
   */
  public static Set<Integer> nonTextTokenIds() {
    Set<Integer> ids = new TreeSet<>();
    for (int id = 0; id < ByteLevelVocab.size(); id++) {
      if (!ByteLevelVocab.isPrintableAscii(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** Vocabulary size, {@code llama.vocab_size}. */
  public static int vocabularySize() {
    return ByteLevelVocab.size();
  }

  private static void putMetadata(GgufWriter gguf, Shape s) {
    gguf.putString("general.architecture", "llama")
        .putString("general.name", NAME)
        .putUint32("general.file_type", 0) // all f32
        .putUint32("llama.context_length", s.contextTokens())
        .putUint32("llama.embedding_length", s.embedding())
        .putUint32("llama.block_count", s.layers())
        .putUint32("llama.feed_forward_length", s.feedForward())
        .putUint32("llama.attention.head_count", s.heads())
        .putUint32("llama.attention.head_count_kv", s.kvHeads())
        .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
        .putUint32("llama.rope.dimension_count", s.headSize())
        .putFloat32("llama.rope.freq_base", 10000f)
        .putUint32("llama.vocab_size", ByteLevelVocab.size())
        .putString("tokenizer.ggml.model", "gpt2")
        .putString("tokenizer.ggml.pre", "gpt-2")
        .putStrings("tokenizer.ggml.tokens", ByteLevelVocab.tokens())
        .putInt32s("tokenizer.ggml.token_type", ByteLevelVocab.tokenTypes())
        .putStrings("tokenizer.ggml.merges", ByteLevelVocab.merges())
        .putUint32("tokenizer.ggml.bos_token_id", ByteLevelVocab.id(ByteLevelVocab.END_OF_TEXT))
        .putUint32("tokenizer.ggml.eos_token_id", ByteLevelVocab.id(ByteLevelVocab.IM_END))
        .putUint32("tokenizer.ggml.padding_token_id", ByteLevelVocab.id(ByteLevelVocab.END_OF_TEXT))
        .putBool("tokenizer.ggml.add_bos_token", false)
        .putString("tokenizer.chat_template", CHATML_TEMPLATE);
  }

  private static void putTensors(GgufWriter gguf, Shape s, SplittableRandom random) {
    Tensors t = new Tensors(gguf, random);
    int vocab = ByteLevelVocab.size();
    t.matrix("token_embd.weight", s.embedding(), vocab);
    for (int layer = 0; layer < s.layers(); layer++) {
      String blk = "blk." + layer + ".";
      t.norm(blk + "attn_norm.weight", s.embedding());
      t.matrix(blk + "attn_q.weight", s.embedding(), s.embedding());
      t.matrix(blk + "attn_k.weight", s.embedding(), s.kvWidth());
      t.matrix(blk + "attn_v.weight", s.embedding(), s.kvWidth());
      t.matrix(blk + "attn_output.weight", s.embedding(), s.embedding());
      t.norm(blk + "ffn_norm.weight", s.embedding());
      t.matrix(blk + "ffn_gate.weight", s.embedding(), s.feedForward());
      t.matrix(blk + "ffn_down.weight", s.feedForward(), s.embedding());
      t.matrix(blk + "ffn_up.weight", s.embedding(), s.feedForward());
    }
    t.norm("output_norm.weight", s.embedding());
    t.matrix("output.weight", s.embedding(), vocab);
  }

  /** Adds tensors in file order, drawing weights from one random stream. */
  private record Tensors(GgufWriter gguf, SplittableRandom random) {

    /**
     * A weight matrix taking {@code in} inputs to {@code out} outputs: GGUF dims {@code [in, out]}.
     */
    void matrix(String name, int in, int out) {
      float[] values = new float[in * out];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) ((random.nextDouble() * 2 - 1) * WEIGHT_RANGE);
      }
      gguf.addTensor(name, new long[] {in, out}, values);
    }

    /** An RMS norm's scale: all ones, so the norm only normalizes. */
    void norm(String name, int width) {
      float[] ones = new float[width];
      Arrays.fill(ones, 1f);
      gguf.addTensor(name, new long[] {width}, ones);
    }
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Shape." + field + " was " + value + ", must be between " + min + " and " + max);
    }
  }
}
