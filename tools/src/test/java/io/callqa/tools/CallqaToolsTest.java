package io.callqa.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.cli.CallqaCommand;
import io.callqa.cli.HelpLayoutTest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tools' commands join the production command line and behave as its own. */
class CallqaToolsTest {
  @Test
  void theToolsAreAddedToEveryProductionCommand() {
    CommandLine tools = CallqaTools.commandLine();
    CommandLine production = CallqaCommand.commandLine();
    assertThat(tools.getSubcommands().keySet())
        .containsAll(production.getSubcommands().keySet())
        .contains("demo", "generate", "bench", "plan", "compare");
    assertThat(production.getSubcommands().keySet())
        .doesNotContain("demo", "generate", "bench", "plan");
  }

  @Test
  void theirHelpIsLaidOutAndTheirUsageErrorsAreOneLineAsTheOthers() {
    assertThat(HelpLayoutTest.checkEveryHelpText(CallqaTools.commandLine())).isGreaterThan(20);
    assertThat(
            HelpLayoutTest.usageError(
                CallqaTools.commandLine(), "generate", "--out", "x", "--days", "three"))
        .containsExactly(
            "callqa generate: Invalid value for option '--days': 'three' is not an int",
            "see './callqa generate --help'");
  }
}
