package io.callqa.cli;

import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.storage.Location;
import java.nio.file.Files;
import picocli.CommandLine.Option;

/**
 * The {@code --landing} and {@code --warehouse} options of the commands that read a landing zone.
 */
final class LandingOptions {
  @Option(
      names = "--landing",
      required = true,
      paramLabel = "DIR",
      description = "landing zone: a folder, hdfs://HOST:PORT/PATH or s3a://BUCKET/PATH",
      converter = LocationConverters.Landing.class)
  Location landing;

  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "DIR",
      description = "warehouse: a folder, hdfs://HOST:PORT/PATH or s3a://BUCKET/PATH",
      converter = LocationConverters.Warehouse.class)
  Location warehouse;

  /** The landing folder, checked to exist (and to be reachable, on HDFS or S3). */
  Location landing() {
    if (!landing.isLocal()) {
      landing.checkReachable("landing zone");
      if (!landing.isDirectory()) {
        throw new CallqaException(
            "landing folder " + landing + " does not exist or is not a folder");
      }
      return landing;
    }
    if (!Files.isDirectory(landing.localPath())) {
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
