package io.callqa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line built for the subcommand its first argument names ({@link
 * CallqaCommand#commandLine(String, Object...)}) behaves as the one with every subcommand.
 */
class CommandLineBuiltForOneTest {

  @Test
  void aSubcommandsNameBuildsThatOneAloneAnythingElseBuildsThemAll() {
    int all = CallqaCommand.SUBCOMMANDS.size();
    assertThat(CallqaCommand.commandLine().getSubcommands()).hasSize(all);
    assertThat(CallqaCommand.commandLine("sql").getSubcommands().keySet()).containsExactly("sql");
    assertThat(CallqaCommand.commandLine("sql-server").getSubcommands().keySet())
        .containsExactly("sql-server");
    assertThat(CallqaCommand.commandLine("help").getSubcommands()).hasSize(all);
    assertThat(CallqaCommand.commandLine("sqll").getSubcommands()).hasSize(all);
    assertThat(CallqaCommand.commandLine("--verbose").getSubcommands()).hasSize(all);
    assertThat(CallqaCommand.commandLine((String) null).getSubcommands()).hasSize(all);
    // The tools' extra commands: every built-in one beside them.
    assertThat(CallqaCommand.commandLine("sql", new Extra()).getSubcommands()).hasSize(all + 1);
  }

  @Test
  void everySubcommandsHelpAndUsageErrorsAreTheSameEitherWay() {
    for (String name : CallqaCommand.commandLine().getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      for (String[] args :
          new String[][] {
            {name, "--help"}, {name, "--no-such-option"}, {name, "--verbose", "-h"}
          }) {
        assertThat(run(CallqaCommand.commandLine(name), args))
            .as(String.join(" ", args))
            .isEqualTo(run(CallqaCommand.commandLine(), args));
      }
    }
  }

  /** Exit code, standard output and standard error of {@code args}. */
  private static String run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return code + "\n" + out + "\n" + err;
  }

  @CommandLine.Command(name = "extra")
  static final class Extra implements Runnable {
    @Override
    public void run() {}
  }
}
