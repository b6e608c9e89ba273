package io.tokenload.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A Hugging Face tokenizer read from a local {@code tokenizer.json}, run by DJL's binding of the
 * Rust {@code tokenizers} library: the same file, and so the same ids, as vLLM, SGLang or TGI load
 * for the model.
 *
 * <p>It never reaches the network. Before DJL's classes load, {@link #load} switches DJL to offline
 * mode ({@code ai.djl.offline=true}) and asks for the CPU build of the native library ({@code
 * RUST_FLAVOR=cpu}), which the DJL jar carries; DJL unpacks it once into its cache folder ({@code
 * DJL_CACHE_DIR}, default {@code ~/.djl.ai}). Environment variables of the same names, set by the
 * user, win over these defaults.
 *
 * <p>Special tokens are explicit: {@link #encode(String)} counts the text alone and never adds a
 * BOS or EOS, whatever the file's post-processor says; {@link #encode(String, boolean)} adds them
 * on request. Special-token text inside the input (such as {@code <|im_start|>}) is matched as the
 * special token, as a server does. Thread-safe; {@link #close()} frees the native tokenizer.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {

  private static final int DECODE_BATCH = 8192;

  private final String name;
  private final TokenizerJson json;
  private final HuggingFaceTokenizer tokenizer;
  private volatile int[] ordinaryIds;

  private HfTokenizer(String name, TokenizerJson json, HuggingFaceTokenizer tokenizer) {
    this.name = name;
    this.json = json;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads the tokenizer {@code path} names: a {@code tokenizer.json}, a model folder containing
   * one, or a Hugging Face cache folder ({@code models--org--name}, whose {@code refs/main} picks
   * the snapshot).
   *
   * @throws IllegalArgumentException when the path is missing or is not a tokenizer, naming the
   *     path and what is expected
   */
  public static HfTokenizer load(Path path) {
    Path file = TokenizerFiles.resolve(path);
    TokenizerJson json = TokenizerJson.read(file);
    DjlOffline.configure();
    try {
      HuggingFaceTokenizer tokenizer =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false) // DJL truncates to 512 tokens unless told not to
              .optPadding(false)
              .optWithOverflowingTokens(false)
              .build();
      return new HfTokenizer(file.toString(), json, tokenizer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer file " + file.toAbsolutePath(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          file.toAbsolutePath()
              + " could not be loaded by the tokenizers library ("
              + e.getMessage()
              + "); expected a tokenizer.json that Hugging Face tokenizers can read",
          e);
    }
  }

  /** The tokenizer file's path. */
  @Override
  public String name() {
    return name;
  }

  /**
   * The tokenizer's model type, as {@code tokenizer.json} gives it: {@code BPE}, {@code Unigram}…
   */
  public String modelType() {
    return json.modelType();
  }

  /** One more than the highest id of the vocabulary and the added tokens. */
  public int vocabularySize() {
    return Math.max(json.modelIds().length(), json.addedIds().length());
  }

  /** True for the ids of {@code added_tokens}: special tokens and other added ones. */
  public boolean isAddedToken(int id) {
    return id >= 0 && json.addedIds().get(id);
  }

  @Override
  public int[] encode(String text) {
    return encode(text, false);
  }

  /** The ids of {@code text}, with the special tokens of the file's post-processor if asked. */
  public int[] encode(String text, boolean addSpecialTokens) {
    return toInts(tokenizer.encode(text, addSpecialTokens, false).getIds());
  }

  @Override
  public String decode(int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, false);
  }

  /**
   * The model's vocabulary without the added tokens, keeping ids that decode on their own to
   * complete text: byte tokens that are only part of a UTF-8 character (decoded as U+FFFD) and
   * control characters other than tab and newline are left out. Computed once, on first use.
   */
  @Override
  public int[] ordinaryIds() {
    int[] ids = ordinaryIds;
    if (ids == null) {
      synchronized (this) {
        if (ordinaryIds == null) {
          ordinaryIds = computeOrdinaryIds();
        }
        ids = ordinaryIds;
      }
    }
    return ids.clone();
  }

  private int[] computeOrdinaryIds() {
    BitSet candidates = (BitSet) json.modelIds().clone();
    candidates.andNot(json.addedIds());
    int[] all = candidates.stream().toArray();
    int[] kept = new int[all.length];
    int n = 0;
    for (int from = 0; from < all.length; from += DECODE_BATCH) {
      int to = Math.min(all.length, from + DECODE_BATCH);
      long[][] batch = new long[to - from][];
      for (int i = from; i < to; i++) {
        batch[i - from] = new long[] {all[i]};
      }
      String[] pieces = tokenizer.batchDecode(batch, false);
      for (int i = from; i < to; i++) {
        if (isCompleteText(pieces[i - from])) {
          kept[n++] = all[i];
        }
      }
    }
    if (n == 0) {
      throw new IllegalStateException(
          name + ": no token of the vocabulary decodes to text on its own; cannot make prompts");
    }
    return Arrays.copyOf(kept, n);
  }

  private static boolean isCompleteText(String piece) {
    if (piece.isEmpty()) {
      return false;
    }
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      if (c == '\uFFFD' || (Character.isISOControl(c) && c != '\n' && c != '\t')) {
        return false;
      }
    }
    return true;
  }

  private static int[] toInts(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "HfTokenizer[" + name + "]";
  }
}
