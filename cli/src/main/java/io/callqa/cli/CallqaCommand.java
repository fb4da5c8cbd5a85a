package io.callqa.cli;

import io.callqa.warehouse.CallqaException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code callqa} command line. Usage:
 *
 * <pre>
 * ./callqa demo
 * ./callqa generate --out landing --days 7
 * ./callqa run --landing landing --warehouse wh
 * ./callqa sql --warehouse wh "SELECT site, avg(service_level) FROM kpi_daily GROUP BY site"
 * ./callqa search --warehouse wh 'customer:"card stolen"~5'
 * </pre>
 *
 * <p>Errors print one line, {@code callqa: <reason>}, and exit 1 (2 for a usage error); set {@code
 * CALLQA_DEBUG=1} for stack traces.
 */
@Command(
    name = "callqa",
    mixinStandardHelpOptions = true,
    version = "callqa 0.1.0",
    description = "Contact-centre QA and customer-satisfaction analytics on Spark and Delta Lake.",
    footer = {
      "",
      "The review web server for QA reviewers runs from its own jar, through the same launcher:",
      "  ./callqa users add NAME --role reviewer --users DIR/review-users.conf",
      "  ./callqa serve --warehouse DIR [--port 8080]",
      "The tools (demo, generate, bench, plan, compare) run from callqa-tools.jar beside this jar, through the same launcher."
    })
public final class CallqaCommand implements Runnable {

  /**
   * The subcommands, in the order help lists them: added by {@link #commandLine(String,
   * Object...)}, not by the annotation, so that a command line builds only the one it runs.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          RunCommand.class,
          TranscribeCommand.class,
          IndexCommand.class,
          SearchCommand.class,
          QaCommand.class,
          ComplaintsCommand.class,
          KpiCommand.class,
          MaintainCommand.class,
          SqlCommand.class,
          SqlServerCommand.class,
          DashboardsCommand.class,
          TablesCommand.class,
          NotebooksCommand.class,
          ReportCommand.class,
          ConfigCommand.class,
          CommandLine.HelpCommand.class);

  /**
   * Spark's, Hadoop's and Delta's warnings (a loopback hostname, a truncated plan string) are for
   * whoever runs the platform, not for the person reading a KPI summary: by default only errors are
   * logged; {@code --verbose} on any command shows warnings too.
   */
  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "show Spark's, Hadoop's and Delta's warnings too (by default only errors are logged)")
  void verbose(boolean on) {
    if (on) {
      Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.WARN);
    }
  }

  /** The subcommand (not help) whose name or alias is {@code name}, or null. */
  private static Class<?> named(String name) {
    if (name == null || name.equals("help")) {
      return null;
    }
    for (Class<?> c : SUBCOMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) {
        return c;
      }
    }
    return null;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // Log4j's JMX beans serve nobody here and cost about 0.1 s of every start (measured).
    if (System.getProperty("log4j2.disableJmx") == null) {
      System.setProperty("log4j2.disableJmx", "true");
    }
    // Nor do picocli's Groovy closures: looking for Groovy on the class path costs 80 ms
    // (profiled).
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    int code = commandLine(args.length == 0 ? null : args[0]).execute(args);
    System.exit(code);
  }

  /**
   * The configured command line (exit codes and error handling), for main and tests. The tools'
   * launcher ({@code io.callqa.tools.CallqaTools}) passes its commands (demo, generate, bench,
   * plan) as {@code extra}: they are added before the help layout and error handling are installed,
   * so they behave as the built-in ones.
   */
  public static CommandLine commandLine(Object... extra) {
    return commandLine(null, extra);
  }

  /**
   * As {@link #commandLine(Object...)}; when {@code first} (the first argument) names one of the
   * subcommands other than {@code help}, only that one is built: picocli reads every subcommand's
   * annotations by reflection as it is added, 0.1 s of each start for all of them (profiled), and
   * the others cannot be reached from this command line. Anything else builds them all, so that
   * help, a typo's suggestions and the usage errors are the same.
   */
  static CommandLine commandLine(String first, Object... extra) {
    CommandLine cl = new CommandLine(new CallqaCommand());
    Class<?> only = extra.length == 0 ? named(first) : null;
    for (Class<?> command : only == null ? SUBCOMMANDS : List.of(only)) {
      cl.addSubcommand(command);
    }
    for (Object command : extra) {
      cl.addSubcommand(command);
    }
    HelpLayout.install(cl);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println("callqa: " + reason(ex));
          if (System.getenv("CALLQA_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
    cl.setExecutionStrategy(
        parsed -> {
          try {
            return runLast.execute(parsed);
          } finally {
            WarehouseLock.releaseAll();
          }
        });
    return cl;
  }

  /** One line saying what went wrong. */
  static String reason(Throwable ex) {
    if (ex instanceof CallqaException) {
      return ex.getMessage();
    }
    if (ex instanceof ParseException p) {
      return "SQL syntax error: " + firstLine(p.getMessage());
    }
    if (ex instanceof AnalysisException a) {
      return "SQL error: " + firstLine(a.getMessage());
    }
    Throwable root = ex;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return ex.getClass().getSimpleName()
        + ": "
        + firstLine(String.valueOf(ex.getMessage()))
        + (root != ex ? " (cause: " + firstLine(String.valueOf(root.getMessage())) + ")" : "")
        + "; set CALLQA_DEBUG=1 for the stack trace";
  }

  /** The first line that is not blank (Spark's syntax errors start with a line break). */
  static String firstLine(String s) {
    for (String line : s.split("\n")) {
      if (!line.isBlank()) {
        return line.trim();
      }
    }
    return "";
  }
}
