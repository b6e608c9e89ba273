package io.tokenload.cli;

import io.tokenload.report.MatrixTable;
import io.tokenload.shard.MergeException;
import io.tokenload.shard.ShardMerge;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload merge SHARD_DIR... --out RUN_DIR}: one run folder from a sharded load's shard
 * folders, with every output of a run (docs/scale-out.md).
 */
final class MergeCommand implements Command {

  @Override
  public String name() {
    return "merge";
  }

  @Override
  public String summary() {
    return "merge the run folders of a sharded load's shards into one run folder, as if one machine had run it";
  }

  @Override
  public String usage() {
    return "SHARD_DIR... --out RUN_DIR";
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    Options options =
        new Options()
            .addOption("h", "help", false, "show this help")
            .addOption(
                Option.builder()
                    .longOpt("out")
                    .hasArg()
                    .argName("RUN_DIR")
                    .desc("the merged run folder, new or empty")
                    .build());
    CommandLine line = Args.parse(options, args);
    if (line.hasOption("help")) {
      Args.help(
          out,
          name(),
          usage(),
          summary(),
          options,
          "A SHARD_DIR may also be a folder holding the shards' run folders.");
      return 0;
    }
    if (!line.hasOption("out")) {
      throw new UsageException("--out RUN_DIR is missing: name the merged run folder");
    }
    List<Path> inputs = line.getArgList().stream().map(Path::of).toList();
    ShardMerge.Result result;
    try {
      result = ShardMerge.merge(inputs, Path.of(line.getOptionValue("out")));
    } catch (MergeException e) {
      throw new UsageException(e.getMessage());
    }
    out.println("tokenload: merged " + result.shards().covers());
    for (String note : result.shards().notes()) {
      out.println("note: " + note);
    }
    for (String w : result.report().warnings()) {
      out.println("warning: " + w);
    }
    out.println(result.report().describe());
    out.println(MatrixTable.render(result.report().runDir()));
    return 0;
  }
}
