package io.tokenload.cli;

import io.tokenload.local.LlamaSettings;
import io.tokenload.local.gguf.GgufHeader;
import io.tokenload.local.gguf.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload serve --engine llamacpp}'s own options, read into {@link LlamaSettings}. The
 * model file is checked before llama.cpp sees it (it exists, and its header is GGUF), so a wrong
 * path fails in milliseconds with a message naming it and what is expected. A model written by
 * {@code write-tiny-model} (its {@code general.name} is {@value TinyModel#NAME}) has its non-text
 * tokens suppressed, so that every token it streams is one piece of text.
 */
final class LlamaOptions {

  /** The options that apply to {@code --engine llamacpp} only. */
  static final List<String> NAMES =
      List.of("served-model-name", "threads", "ctx", "parallel", "llama-log");

  private static final String EXPECTED =
      "expected a llama.cpp model file in GGUF format (tokenload write-tiny-model FILE.gguf"
          + " writes a tiny one to try)";

  private LlamaOptions() {}

  static void add(Options options) {
    options
        .addOption(
            ServeCommand.opt(
                "served-model-name",
                "llamacpp: model name served and put in every answer (default: the file's name"
                    + " without .gguf)"))
        .addOption(
            ServeCommand.opt(
                "threads", "llamacpp: CPU threads llama.cpp computes with (default 1)"))
        .addOption(
            ServeCommand.opt(
                "ctx", "llamacpp: prompt plus output tokens allowed per request (default 2048)"))
        .addOption(
            ServeCommand.opt(
                "parallel",
                "llamacpp: requests generated at once; the rest wait in a queue, first come first"
                    + " served (default 1, the fastest on a few cores)"))
        .addOption(
            Option.builder()
                .longOpt("llama-log")
                .desc("llamacpp: print llama.cpp's own log to stderr")
                .get());
  }

  /** The model and how to run it. */
  static LlamaSettings settings(CommandLine line) throws UsageException {
    Path file = modelFile(line.getOptionValue("model"));
    GgufHeader header = header(file);
    LlamaSettings settings;
    try {
      settings =
          LlamaSettings.of(file)
              .withThreads((int) ServeCommand.number(line, "threads", 1, 1, 256))
              .withContextTokens((int) ServeCommand.number(line, "ctx", 2048, 16, 1 << 20))
              .withParallel((int) ServeCommand.number(line, "parallel", 1, 1, 64))
              .withNativeLog(line.hasOption("llama-log"));
      if (TinyModel.NAME.equals(header.name())) {
        settings = settings.withSuppressedTokenIds(TinyModel.nonTextTokenIds());
      }
      String name = line.getOptionValue("served-model-name");
      if (name != null) {
        settings = settings.withModelName(name);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return settings;
  }

  /** For the start-up line: {@code model tiny (/tmp/tiny.gguf), context 2048 tokens, …}. */
  static String describe(LlamaSettings s) {
    return "model "
        + s.modelName()
        + " ("
        + s.modelFile()
        + "), context "
        + s.contextTokens()
        + " tokens, "
        + s.threads()
        + (s.threads() == 1 ? " thread, " : " threads, ")
        + s.parallel()
        + (s.parallel() == 1 ? " request at a time" : " requests at a time");
  }

  private static Path modelFile(String raw) throws UsageException {
    if (raw == null) {
      throw new UsageException("--engine llamacpp needs --model FILE.gguf; " + EXPECTED);
    }
    Path file = Path.of(raw);
    if (!Files.exists(file)) {
      throw new UsageException("--model " + file + " does not exist; " + EXPECTED);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new UsageException("--model " + file + " is not a readable file; " + EXPECTED);
    }
    return file;
  }

  private static GgufHeader header(Path file) throws UsageException {
    try {
      return GgufHeader.read(file);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--model " + e.getMessage());
    } catch (IOException e) {
      throw new UsageException("--model " + file + " could not be read (" + e + "); " + EXPECTED);
    }
  }
}
