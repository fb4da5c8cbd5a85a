package io.callqa.tools;

import io.callqa.cli.ConfigOptions;
import io.callqa.jobs.compare.WarehouseComparison;
import io.callqa.nlp.index.QuerySyntaxException;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.nlp.speech.WordErrorRate;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Transcripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code callqa compare A B}: whether two warehouses built from the same landing zone hold the same
 * data, as the cluster benchmark checks a cluster run against a local one. For a refactoring: build
 * a demo warehouse before and after, then compare them.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description =
        "Compare two warehouses built from the same landing zone: every silver and gold table row for"
            + " row (run ids left out, doubles to 9 decimals), the search results of "
            + "a fixed set of queries, and the transcripts' word difference. Exit 1 when a table or a"
            + " search differs.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "A", description = "the first warehouse folder")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "the second warehouse folder")
  Path b;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws QuerySyntaxException {
    ConfigOptions.requireWarehouse(a);
    ConfigOptions.requireWarehouse(b);
    SparkSession spark = ConfigOptions.spark(options.load());
    List<String> diffs =
        new ArrayList<>(WarehouseComparison.tables(spark, a, b, System.out::println));
    if (Files.isDirectory(TranscriptIndex.dirUnder(a))
        && Files.isDirectory(TranscriptIndex.dirUnder(b))) {
      diffs.addAll(WarehouseComparison.search(a, b, System.out::println));
    }
    if (new Warehouse(spark, a).exists(Transcripts.SPEC)
        && new Warehouse(spark, b).exists(Transcripts.SPEC)) {
      WordErrorRate.Counts w = WarehouseComparison.transcripts(spark, a, b);
      System.out.printf(
          Locale.ROOT,
          "transcripts: %,d of %,d words differ (%.1f%%; a model that does not dither, as the"
              + " bundled one, gives the same words every run)%n",
          w.errors(),
          w.referenceWords(),
          100 * w.rate());
    }
    if (diffs.isEmpty()) {
      System.out.println("compare: the warehouses hold the same data");
      return 0;
    }
    System.out.println("compare: " + diffs.size() + " difference(s):");
    diffs.forEach(d -> System.out.println("  " + d));
    return 1;
  }
}
