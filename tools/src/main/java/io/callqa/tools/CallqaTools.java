package io.callqa.tools;

import io.callqa.cli.CallqaCommand;

/**
 * The callqa command line with the tools added: {@code demo}, {@code generate}, {@code bench} and
 * {@code plan} beside every production command. The launcher runs it as {@code java -cp
 * callqa.jar:callqa-tools.jar io.callqa.tools.CallqaTools demo ...}; a deployment ships {@code
 * callqa.jar} alone.
 */
public final class CallqaTools {
  private CallqaTools() {}

  public static void main(String[] args) {
    System.exit(CallqaTools.commandLine().execute(args));
  }

  /** The full command line, for main and tests. */
  public static picocli.CommandLine commandLine() {
    return CallqaCommand.commandLine(
        new DemoCommand(),
        new GenerateCommand(),
        new BenchCommand(),
        new PlanCommand(),
        new CompareCommand());
  }
}
