package io.callqa.cli;

import io.callqa.warehouse.CallqaException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --landing} and {@code --warehouse} options of the commands that read a landing zone.
 */
final class LandingOptions {
  @Option(
      names = "--landing",
      required = true,
      paramLabel = "DIR",
      description = "landing zone folder")
  Path landing;

  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "DIR",
      description = "warehouse folder")
  Path warehouse;

  /** The landing folder, checked to exist. */
  Path landing() {
    if (!Files.isDirectory(landing)) {
      throw new CallqaException(
          "landing folder "
              + landing
              + " does not exist or is not a folder;"
              + " write one with `callqa generate --out "
              + landing
              + "`");
    }
    return landing;
  }
}
