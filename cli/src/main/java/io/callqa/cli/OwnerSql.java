package io.callqa.cli;

import io.callqa.dashboards.queries.QueryException;
import io.callqa.dashboards.queries.QueryLibrary;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.sql.OwnerDoor;
import io.callqa.jobs.sql.SqlRefusedException;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.parser.ParseException;
import picocli.CommandLine;

/**
 * {@code callqa sql} answered inside a running {@code sql-server}, for the launcher's owner's door
 * ({@link OwnerDoor}): the arguments are read by the command's own options ({@link SqlCommand}),
 * the statement runs under the endpoint's check and audit in a session of the default
 * configuration's time zone, and the answer is printed by the same {@link ResultPrinter} as in the
 * command's own process, so the output is the same bytes.
 *
 * <p>Answered elsewhere (the launcher starts the command's own process, which prints what it always
 * prints): arguments this door does not take ({@code --config}, {@code --set}, {@code --local},
 * {@code --list}, {@code --print}, help, a usage error), a query of the library that does not bind,
 * a table the server did not register, a statement the endpoint refuses (a write), a CSV or JSON
 * answer of more than {@link ServerSql#MAX_ROWS} rows, and an error other than the statement's
 * syntax or analysis (its message would point at this process's stack trace).
 */
final class OwnerSql implements OwnerDoor.Handler {
  private final ZoneId zone = CallqaConfig.load(null, Map.of()).get(ConfigKey.TIME_ZONE);

  /** The bundled library, read once (about 10 ms a request otherwise). */
  private final QueryLibrary library = QueryLibrary.bundled();

  @Override
  public OwnerDoor.Reply handle(List<String> args, OwnerDoor.Statements statements) {
    SqlCommand c = new SqlCommand();
    try {
      new CommandLine(c).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      return OwnerDoor.Reply.elsewhere("these arguments are the command's own to read");
    }
    if (c.warehouse != null
        || c.local
        || c.list
        || c.print
        || c.options.configFile != null
        || !c.options.overrides.isEmpty()
        || (c.sql == null) == (c.query == null)
        || (c.query == null && !c.params.isEmpty())) {
      return OwnerDoor.Reply.elsewhere("these options are the command's own to read");
    }
    String sql = c.sql;
    if (c.query != null) {
      try {
        sql = library.get(c.query).sql(c.params);
      } catch (QueryException e) {
        return OwnerDoor.Reply.elsewhere("the query does not bind here");
      }
    }
    List<String> named = Tables.namedIn(sql).stream().map(TableSpec::name).toList();
    if (!statements.tables().containsAll(named)) {
      return OwnerDoor.Reply.elsewhere(ServerSql.NOT_REGISTERED);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      Dataset<Row> answer = statements.run(sql, zone);
      if (c.format != ResultPrinter.Format.table && answer.count() > ServerSql.MAX_ROWS) {
        return OwnerDoor.Reply.elsewhere(
            "the sql-server's answer has more than " + ServerSql.MAX_ROWS + " rows; running here");
      }
      PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
      ResultPrinter.print(answer, c.format, c.maxRows, out);
      out.flush();
    } catch (SqlRefusedException e) {
      return OwnerDoor.Reply.elsewhere(
          ServerSql.readsOnly(CallqaCommand.firstLine(e.getMessage())));
    } catch (Exception e) {
      // Spark's analysis errors are checked exceptions in Java's eyes, thrown all the same.
      if (e instanceof ParseException || e instanceof AnalysisException) {
        return OwnerDoor.Reply.error("callqa: " + CallqaCommand.reason(e) + "\n", 1);
      }
      return OwnerDoor.Reply.elsewhere("the sql-server could not answer; running here");
    }
    return OwnerDoor.Reply.output(bytes.toByteArray());
  }
}
