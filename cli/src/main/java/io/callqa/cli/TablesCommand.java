package io.callqa.cli;

import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.tables.DataDictionary;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code callqa tables}: the data dictionary, generated from the table classes. */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description =
        "Print the data dictionary: every table's layer, grain, key, partitioning and writer, every column's"
            + " type, meaning and the KPI it implements (docs/data-dictionary.md is its Markdown).")
final class TablesCommand implements Callable<Integer> {
  enum Format {
    text,
    markdown
  }

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or markdown (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "write to this file instead of standard output")
  Path out;

  @Parameters(
      paramLabel = "TABLE",
      arity = "0..*",
      description = "only these tables (default: all)")
  List<String> names = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    List<TableSpec> tables = new ArrayList<>();
    if (names.isEmpty()) {
      tables.addAll(Tables.ALL);
    }
    for (String n : names) {
      tables.add(
          Tables.byName(n)
              .orElseThrow(
                  () ->
                      new CallqaException(
                          "no table "
                              + n
                              + "; the tables are "
                              + String.join(
                                  ", ", Tables.ALL.stream().map(TableSpec::name).toList()))));
    }
    String doc =
        format == Format.markdown ? DataDictionary.markdown(tables) : DataDictionary.text(tables);
    if (out != null) {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, doc, StandardCharsets.UTF_8);
      System.out.println("wrote " + out + " (" + tables.size() + " tables)");
    } else {
      System.out.print(doc);
    }
    return 0;
  }
}
