package io.callqa.cli;

import io.callqa.dashboards.queries.QueryException;
import io.callqa.dashboards.queries.QueryLibrary;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.delta.WarmUp;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code callqa sql}: Spark SQL over the warehouse tables by plain name. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run Spark SQL with every warehouse table available by its plain name (calls, kpi_daily, ...),",
      "or a named query of the library: --query kpi_by_site --param from=2026-03-02 --param to=2026-03-04."
    })
final class SqlCommand implements Callable<Integer> {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "warehouse folder (needed unless --list or --print)",
      converter = LocationConverters.Warehouse.class)
  Location warehouse;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (one object per line); default: ${DEFAULT-VALUE}")
  ResultPrinter.Format format;

  @Option(
      names = "--max-rows",
      defaultValue = "200",
      description = "rows shown in table format (default: ${DEFAULT-VALUE})")
  int maxRows;

  @Parameters(paramLabel = "SQL", arity = "0..1", description = "the query (or --query NAME)")
  String sql;

  @Option(
      names = "--query",
      paramLabel = "NAME",
      description = "run a named query of the library (dashboards/queries/); --list shows them")
  String query;

  @Option(
      names = "--param",
      paramLabel = "KEY=VALUE",
      description = "a parameter of --query, e.g. --param from=2026-03-02")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--list",
      description = "list the library's queries with their parameters, and stop")
  boolean list;

  @Option(
      names = "--print",
      description = "print the SQL of --query with its parameters bound, and stop")
  boolean print;

  @Option(
      names = "--local",
      description =
          "run the statement in this process even when a sql-server of the warehouse is running")
  boolean local;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    if (list) {
      for (QueryLibrary.Query q : QueryLibrary.bundled().all()) {
        System.out.printf("%-28s %s%n%28s params: %s%n", q.name(), q.title(), "", q.signature());
      }
      return 0;
    }
    if ((sql == null) == (query == null)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "give either SQL or --query NAME");
    }
    if (query != null) {
      try {
        sql = QueryLibrary.bundled().get(query).sql(params);
      } catch (QueryException e) {
        throw CallqaException.of(e);
      }
      if (print) {
        System.out.println(sql);
        return 0;
      }
    } else if (!params.isEmpty()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--param goes with --query");
    }
    if (warehouse == null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "Missing required option: '--warehouse=DIR'");
    }
    ConfigOptions.requireWarehouse(warehouse);
    CallqaConfig c = options.load();
    if (!local && warehouse.isLocal()) {
      // A running sql-server of this warehouse answers in a fraction of the time a new Spark takes.
      java.time.ZoneId zone = c.get(io.callqa.jobs.config.ConfigKey.TIME_ZONE);
      Optional<ServerSql.Answer> answer =
          ServerSql.run(
              warehouse.localPath(),
              sql,
              () -> Tables.namedIn(sql).stream().map(TableSpec::name).toList(),
              zone,
              format == ResultPrinter.Format.table ? maxRows : Integer.MAX_VALUE,
              note -> System.err.println("callqa sql: " + note));
      if (answer.isPresent()) {
        // This JVM loaded no Spark: no class-data archive from it.
        LauncherArchive.partial();
        ResultPrinter.print(
            answer.get().columns(), answer.get().rows(), format, maxRows, zone, System.out);
        return 0;
      }
    }
    // While this thread creates the Spark session, a second one reads ahead what comes after it
    // (WarmUp): the named tables' logs and a data file's footer each, and the metrics' formats.
    WarmUp.start(
        "tables",
        () -> WarmUp.tableReads(warehouse, Tables.namedIn(sql)),
        () -> {
          if (format == ResultPrinter.Format.table) {
            ResultPrinter.metricFormats();
          }
        });
    Warehouse wh = ConfigOptions.warehouse(c, warehouse);
    WarmUp.start("parse", () -> WarmUp.parse(wh.spark(), sql));
    // Only the tables the statement names, each listed by Delta Kernel and read as Parquet: Delta's
    // own reader would first run a Spark job over each log (2.2 s of a cold count on the demo).
    List<String> tables = wh.registerListedViews(Tables.namedIn(sql));
    if (tables.isEmpty()) {
      LauncherArchive.partial();
    }
    if (tables.isEmpty() && !wh.holdsAnyTable()) {
      throw new CallqaException(
          "no tables under "
              + wh.root()
              + "; run `callqa run --landing DIR --warehouse "
              + warehouse
              + "` first");
    }
    Dataset<Row> result = wh.spark().sql(sql);
    ResultPrinter.print(result, format, maxRows, System.out);
    LauncherArchive.holdJdbcClient();
    return 0;
  }
}
