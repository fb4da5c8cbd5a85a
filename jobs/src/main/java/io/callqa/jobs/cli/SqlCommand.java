package io.callqa.jobs.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.warehouse.delta.Warehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code callqa sql}: Spark SQL over the warehouse tables by plain name. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run Spark SQL with every warehouse table available by its plain name (calls, kpi_daily, ...).")
final class SqlCommand implements Callable<Integer> {
  @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "warehouse folder")
  Path warehouse;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (one object per line); default: ${DEFAULT-VALUE}")
  ResultPrinter.Format format;

  @Option(names = "--max-rows", defaultValue = "200", description = "rows shown in table format (default: ${DEFAULT-VALUE})")
  int maxRows;

  @Parameters(paramLabel = "SQL", description = "the query")
  String sql;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    ConfigOptions.requireWarehouse(warehouse);
    CallqaConfig c = options.load();
    Warehouse wh = new Warehouse(ConfigOptions.spark(c), warehouse);
    List<String> tables = wh.registerViews();
    if (tables.isEmpty()) {
      throw new CallqaException("no tables under " + wh.root() + "; run `callqa run --landing DIR --warehouse "
          + warehouse + "` first");
    }
    Dataset<Row> result = wh.spark().sql(sql);
    ResultPrinter.print(result, format, maxRows, System.out);
    return 0;
  }
}
