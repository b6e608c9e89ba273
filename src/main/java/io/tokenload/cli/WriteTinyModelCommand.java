package io.tokenload.cli;

import io.tokenload.local.gguf.TinyModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code tokenload write-tiny-model FILE.gguf}: writes {@link TinyModel}, a llama model with random
 * weights, so {@code tokenload serve --engine llamacpp} runs real llama.cpp inference offline,
 * without downloading weights. It never overwrites a file unless told to.
 */
final class WriteTinyModelCommand implements Command {

  @Override
  public String name() {
    return "write-tiny-model";
  }

  @Override
  public String summary() {
    return "write a tiny random-weight llama model (GGUF) to try --engine llamacpp offline";
  }

  @Override
  public String usage() {
    return "FILE.gguf [--seed N] [--force]";
  }

  private static Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("seed")
                .hasArg()
                .desc("draws the weights: same seed, same file (default 0)")
                .get())
        .addOption(Option.builder().longOpt("force").desc("overwrite FILE if it exists").get())
        .addOption("h", "help", false, "show this help");
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line;
    try {
      line = new DefaultParser().parse(options(), args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (line.hasOption("help")) {
      new HelpFormatter()
          .printHelp(
              new java.io.PrintWriter(out, true),
              100,
              "tokenload " + name() + " " + usage(),
              summary(),
              options(),
              2,
              2,
              "");
      return 0;
    }
    if (line.getArgList().size() != 1) {
      throw new UsageException(
          "expected one model file to write, such as /tmp/tiny.gguf; got "
              + line.getArgList().size()
              + " arguments");
    }
    Path file = Path.of(line.getArgList().get(0));
    Path folder = file.toAbsolutePath().getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new UsageException(file + ": the folder " + folder + " does not exist");
    }
    if (Files.exists(file) && !line.hasOption("force")) {
      throw new UsageException(file + " exists; --force overwrites it");
    }
    TinyModel.write(file, seed(line.getOptionValue("seed", "0")));
    out.println(
        "wrote "
            + file
            + " ("
            + Files.size(file)
            + " bytes, "
            + TinyModel.NAME
            + "); serve it with: tokenload serve --engine llamacpp --model "
            + file);
    return 0;
  }

  private static long seed(String raw) throws UsageException {
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new UsageException("--seed was '" + raw + "'; allowed: an integer (a 64-bit long)");
    }
  }
}
