package io.callqa.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors of the review jar's commands: one line and where the help is, as in callqa.jar. */
class ReviewCommandTest {
  @Test
  void aUsageErrorIsOneLineAndWhereTheHelpIs() {
    CommandLine cl = ReviewCommand.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(cl.execute("serve", "--warehouse", "w", "--port", "eighty")).isEqualTo(2);
    assertThat(err.toString().split("\n"))
        .containsExactly(
            "callqa serve: Invalid value for option '--port': 'eighty' is not an int",
            "see './callqa serve --help'");
  }
}
