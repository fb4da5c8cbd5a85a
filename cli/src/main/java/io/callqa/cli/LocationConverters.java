package io.callqa.cli;

import io.callqa.warehouse.storage.Location;
import picocli.CommandLine.ITypeConverter;

/**
 * {@code --warehouse} and {@code --landing} as typed: a folder, {@code file:///path}, {@code
 * hdfs://HOST:PORT/PATH} or {@code s3a://BUCKET/PATH}; any other scheme is an error naming these,
 * never a local folder called {@code hdfs:}.
 */
final class LocationConverters {
  private LocationConverters() {}

  /** For {@code --warehouse}. */
  static final class Warehouse implements ITypeConverter<Location> {
    @Override
    public Location convert(String value) {
      return Location.parse("warehouse", value);
    }
  }

  /** For {@code --landing}. */
  static final class Landing implements ITypeConverter<Location> {
    @Override
    public Location convert(String value) {
      return Location.parse("landing zone", value);
    }
  }
}
