package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.index.IndexJob;
import io.callqa.jobs.index.IndexSettings;
import io.callqa.warehouse.delta.Warehouse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code callqa index}: the index stage on its own. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description =
        "Bring the search index (WAREHOUSE/index) up to date with transcripts, chats, complaints and call"
            + " facts; re-indexes only conversations that changed and deletes those that are gone.")
final class IndexCommand implements Callable<Integer> {
  @Mixin LandingOptions dirs;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    CallqaConfig c = options.load();
    WarehouseLock.acquire(dirs.warehouse, c, "index");
    Warehouse wh = ConfigOptions.warehouse(c, dirs.warehouse);
    System.out.println(IndexJob.run(wh, IndexSettings.of(c), System.err::println));
    return 0;
  }
}
