package io.callqa.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.cli.CallqaCommand;
import io.callqa.cli.HelpLayoutTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * The launcher decides which jar runs a command by its name; the tool names it lists must be
   * exactly the commands this module adds, and the production help's footer must name them.
   */
  @Test
  void theLauncherAndTheProductionHelpNameExactlyTheTools() throws IOException {
    Set<String> tools = new TreeSet<>(CallqaTools.commandLine().getSubcommands().keySet());
    tools.removeAll(CallqaCommand.commandLine().getSubcommands().keySet());
    Matcher m =
        Pattern.compile("(?m)^\\s*([a-z|]+)\\) main=\\(-cp ")
            .matcher(Files.readString(Path.of("../callqa")));
    assertThat(m.find()).as("the tools' case in ../callqa").isTrue();
    assertThat(new TreeSet<>(List.of(m.group(1).split("\\|")))).isEqualTo(tools);
    String footer =
        String.join(" ", CallqaCommand.commandLine().getCommandSpec().usageMessage().footer());
    for (String tool : tools) {
      assertThat(footer).as("the production help names the tool").contains(tool);
    }
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
