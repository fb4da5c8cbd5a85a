package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.transcribe.TranscribeJob;
import io.callqa.jobs.transcribe.TranscribeSettings;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.storage.Location;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code callqa transcribe}: the transcribe stage on its own. */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    description =
        "Transcribe the recordings of ingested calls (DIR/recordings/...) that are not transcribed yet with"
            + " their language's model, mask personal data, and write transcripts and transcription_runs.")
final class TranscribeCommand implements Callable<Integer> {
  @Mixin LandingOptions dirs;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    Location landing = dirs.landing();
    CallqaConfig c = options.load();
    WarehouseLock.acquire(dirs.warehouse, c, "transcribe");
    Warehouse wh = ConfigOptions.warehouse(c, dirs.warehouse);
    TranscribeJob.Summary s =
        TranscribeJob.run(wh, TranscribeSettings.of(c), landing, System.err::println);
    System.out.println(s);
    return 0;
  }
}
