package io.callqa.jobs.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.transcribe.TranscribeJob;
import io.callqa.warehouse.delta.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa transcribe}: the transcribe stage on its own. */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    description =
        "Transcribe the recordings of ingested calls (DIR/recordings/...) that are not transcribed yet with"
            + " their language's model, mask personal data, and write transcripts and transcription_runs.")
final class TranscribeCommand implements Callable<Integer> {
  @Option(names = "--landing", required = true, paramLabel = "DIR", description = "landing zone holding recordings/")
  Path landing;

  @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "warehouse folder")
  Path warehouse;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    if (!Files.isDirectory(landing)) {
      throw new CallqaException("landing folder " + landing + " does not exist or is not a folder");
    }
    CallqaConfig c = options.load();
    Warehouse wh = new Warehouse(ConfigOptions.spark(c), warehouse);
    TranscribeJob.Summary s = TranscribeJob.run(wh, c, landing, System.err::println);
    System.out.println(s);
    return 0;
  }
}
