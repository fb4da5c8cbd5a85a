package io.callqa.warehouse.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * The start of a command line for a JVM a test runs beside its own (S3Proxy, a JDBC client, a
 * pipeline the test kills): C1 alone with one compiler thread and the serial collector. Such a JVM
 * runs for seconds to a couple of minutes on a machine of two cores whose other core the test JVM
 * (or the other test JVM of the module) is using; C2 compiling it took that core. Measured alone:
 * the pipeline that {@code RemoteWarehouseIT} kills on S3 34.4 -> 27.6 s, the pipeline on S3 (with
 * S3Proxy so started) 22.9 -> 18.4 s.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java -XmxN ...flags}: this JVM's {@code java} binary, the heap limit and the flags. */
  public static List<String> java(String maxHeap) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap,
        "-XX:TieredStopAtLevel=1",
        "-XX:CICompilerCount=1",
        "-XX:+UseSerialGC");
  }

  /** {@code start} followed by {@code rest}: a whole command line. */
  public static List<String> concat(List<String> start, String... rest) {
    List<String> all = new java.util.ArrayList<>(start);
    all.addAll(List.of(rest));
    return all;
  }
}
