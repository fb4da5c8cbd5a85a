package io.callqa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's {@code --help} read as a person reads it, and usage errors in one line. */
public class HelpLayoutTest {

  private static List<CommandLine> all(CommandLine cl) {
    List<CommandLine> out = new ArrayList<>(List.of(cl));
    cl.getSubcommands().values().forEach(c -> out.addAll(all(c)));
    return out;
  }

  private static String collapse(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /**
   * The help's text, unwrapped, holds every option's description and every description paragraph
   * verbatim: a line break inside a word (picocli broke {@code kpi.service-level.threshold-s=20}
   * after the dot) would leave a space in it. No line is longer than the width unless it is one
   * unbreakable word.
   */
  @Test
  void everyHelpTextIsWrappedBetweenWordsOnly() {
    assertThat(checkEveryHelpText(CallqaCommand.commandLine())).isGreaterThan(15);
  }

  /**
   * The check above on any command line built on {@link CallqaCommand} (the tools' too); returns
   * how many.
   */
  public static int checkEveryHelpText(CommandLine root) {
    int commands = 0;
    for (CommandLine cl : all(root)) {
      if (cl.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
        continue;
      }
      String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
      String flat = collapse(help);
      String name = cl.getCommandSpec().qualifiedName();
      for (OptionSpec o : cl.getCommandSpec().options()) {
        String description = collapse(String.join(" ", o.description()));
        if (!description.contains("${")) {
          assertThat(flat).as(name + " " + o.longestName()).contains(description);
        }
      }
      for (String paragraph :
          HelpLayout.paragraphs(cl.getCommandSpec().usageMessage().description())) {
        assertThat(flat).as(name + " description").contains(collapse(paragraph));
      }
      for (String line : help.split("\n")) {
        if (line.length() > HelpLayout.WIDTH && !line.startsWith("Usage:")) {
          assertThat(line.strip())
              .as(name + ": a line over " + HelpLayout.WIDTH + " characters")
              .doesNotContain(" ");
        }
      }
      commands++;
    }
    return commands;
  }

  @Test
  void aSentenceWrittenOverTwoDescriptionElementsIsOneParagraph() {
    assertThat(
            HelpLayout.paragraphs(
                new String[] {
                  "Run SQL on every table (calls,",
                  "kpi_daily), or a query.",
                  "Example:",
                  "  ./callqa sql"
                }))
        .containsExactly(
            "Run SQL on every table (calls, kpi_daily), or a query.", "Example:", "./callqa sql");
    StringBuilder b = new StringBuilder();
    HelpLayout.wrap(
        "override one key, e.g. --set kpi.service-level.threshold-s=20",
        "  --set  ",
        "         ",
        40,
        b);
    assertThat(b.toString())
        .isEqualTo(
            "  --set  override one key, e.g. --set\n         kpi.service-level.threshold-s=20\n");
  }

  private static String[] usageError(String... args) {
    return usageError(CallqaCommand.commandLine(), args);
  }

  /** The lines a usage error prints on the given command line (exit code 2 checked). */
  public static String[] usageError(CommandLine cl, String... args) {
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(cl.execute(args)).isEqualTo(2);
    return err.toString().split("\n");
  }

  @Test
  void aUsageErrorIsOneLineAndWhereTheHelpIs() {
    assertThat(
            usageError(
                "sql", "--warehouse", "demo/warehouse", "select", "count(*)", "from", "calls"))
        .containsExactly(
            "callqa sql: the SQL statement must be one argument: put it in quotes, e.g. ./callqa sql --warehouse DIR"
                + " \"SELECT count(*) FROM calls\"",
            "see './callqa sql --help'");
    assertThat(usageError("sql", "--warehouse", "x", "--max-rows", "three", "SELECT 1"))
        .containsExactly(
            "callqa sql: Invalid value for option '--max-rows': 'three' is not an int",
            "see './callqa sql --help'");
    String[] typo = usageError("report", "--warehous", "x", "--out", "y");
    assertThat(typo).hasSize(2);
    assertThat(typo[0])
        .startsWith("callqa report: ")
        .contains("--warehous")
        .contains("did you mean --warehouse?");
  }
}
