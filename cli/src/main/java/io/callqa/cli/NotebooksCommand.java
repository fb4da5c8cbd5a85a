package io.callqa.cli;

import io.callqa.dashboards.queries.QueryLibrary;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.notebooks.NotebookException;
import io.callqa.jobs.notebooks.NotebookRunner;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.storage.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code callqa notebooks}: run the analysts' notebooks' SQL cells and keep their results. */
@Command(
    name = "notebooks",
    mixinStandardHelpOptions = true,
    description = "The analysts' Jupyter notebooks (notebooks/*.ipynb).",
    subcommands = {NotebooksCommand.Run.class})
final class NotebooksCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /**
   * {@code notebooks run}: execute every %%sql cell against a warehouse and write the outputs back.
   */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run every %%sql cell of the notebooks against a warehouse and write the results into the notebooks' outputs.",
        "A cell starting `-- query: NAME k=v` is first rewritten from the query library. Exits 1 when a cell fails."
      })
  static final class Run implements Callable<Integer> {
    @Option(
        names = "--warehouse",
        required = true,
        paramLabel = "DIR",
        converter = LocationConverters.Warehouse.class)
    Location warehouse;

    @Parameters(
        paramLabel = "NOTEBOOK",
        arity = "0..*",
        description = "notebooks to run (default: notebooks/*.ipynb)")
    List<Path> files = new ArrayList<>();

    @Mixin ConfigOptions options;

    @Override
    public Integer call() throws IOException {
      ConfigOptions.requireWarehouse(warehouse);
      List<Path> notebooks = new ArrayList<>(files);
      if (notebooks.isEmpty()) {
        Path dir = Path.of("notebooks");
        if (!Files.isDirectory(dir)) {
          throw new CallqaException(
              "no notebooks given and no notebooks/ folder in " + Path.of("").toAbsolutePath());
        }
        try (Stream<Path> s = Files.list(dir)) {
          notebooks.addAll(s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList());
        }
      }
      for (Path n : notebooks) {
        if (!Files.isRegularFile(n)) {
          throw new CallqaException("notebook " + n + " does not exist");
        }
      }
      CallqaConfig c = options.load();
      NotebookRunner runner =
          new NotebookRunner(ConfigOptions.warehouse(c, warehouse), QueryLibrary.bundled());
      List<String> errors = new ArrayList<>();
      int cells = 0;
      for (Path n : notebooks) {
        try {
          NotebookRunner.Result r = runner.run(n, line -> System.out.println("notebooks: " + line));
          cells += r.sqlCells();
          errors.addAll(r.errors());
        } catch (NotebookException e) {
          errors.add(e.getMessage());
        }
      }
      System.out.printf(
          "notebooks: %d notebooks, %d SQL cells, %d failed%n",
          notebooks.size(), cells, errors.size());
      if (!errors.isEmpty()) {
        throw new CallqaException(
            errors.size() + " notebook cell(s) failed: " + String.join("; ", errors));
      }
      return 0;
    }
  }
}
