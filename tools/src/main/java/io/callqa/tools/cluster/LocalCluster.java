package io.callqa.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Spark standalone cluster on loopback: one master and N workers, each a JVM of its own started
 * from a Spark installation made of the jars the build resolved ({@code
 * jobs/target/spark-home.classpath}: Spark and its dependencies, without callqa, Delta, Lucene or
 * Vosk, which reach the executors in the application jar as on any cluster). Used by {@code callqa
 * bench cluster} and CI to run the pipeline under {@code SparkSubmit} exactly as on a real cluster.
 *
 * <pre>{@code
 * try (LocalCluster c = LocalCluster.start(dir, 2, 1, 3072, classpathFile, jvmOptions, System.err::println)) {
 *   // spark-submit --master c.masterUrl() ...
 * }
 * }</pre>
 *
 * <p>Logs: {@code DIR/logs/master.log}, {@code worker-K.log}; executors' stdout and stderr under
 * {@code DIR/worker-K/APP/EXECUTOR/}.
 */
public final class LocalCluster implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 90_000;

  private final Path dir;
  private final String masterUrl;
  private final List<Process> processes;

  private LocalCluster(Path dir, String masterUrl, List<Process> processes) {
    this.dir = dir;
    this.masterUrl = masterUrl;
    this.processes = processes;
  }

  /**
   * Starts the master and the workers and waits until every worker has registered.
   *
   * @param sparkClasspath file listing the Spark installation's jars, separated by the path
   *     separator
   * @param jvmOptions options every JVM needs (Java 17's --add-opens for Spark)
   */
  public static LocalCluster start(
      Path dir,
      int workers,
      int coresPerWorker,
      int memoryMbPerWorker,
      Path sparkClasspath,
      List<String> jvmOptions,
      Consumer<String> progress) {
    Path sparkHome = sparkHome(dir.resolve("spark-home"), sparkClasspath);
    Path logs = dir.resolve("logs");
    List<Process> started = new ArrayList<>();
    try {
      Files.createDirectories(logs);
      int port = freePort();
      String url = "spark://127.0.0.1:" + port;
      Path masterLog = logs.resolve("master.log");
      started.add(
          launch(
              sparkHome,
              jvmOptions,
              512,
              "org.apache.spark.deploy.master.Master",
              List.of(
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--webui-port",
                  Integer.toString(freePort())),
              masterLog));
      awaitLine(masterLog, "I have been elected leader", started.get(0), "master");
      progress.accept("cluster: master at " + url);
      List<Path> workerLogs = new ArrayList<>();
      for (int k = 1; k <= workers; k++) {
        Path log = logs.resolve("worker-" + k + ".log");
        Path work = dir.resolve("worker-" + k);
        Files.createDirectories(work);
        started.add(
            launch(
                sparkHome,
                jvmOptions,
                512,
                "org.apache.spark.deploy.worker.Worker",
                List.of(
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    Integer.toString(coresPerWorker),
                    "--memory",
                    memoryMbPerWorker + "m",
                    "--work-dir",
                    work.toString(),
                    "--webui-port",
                    Integer.toString(freePort()),
                    url),
                log));
        workerLogs.add(log);
      }
      for (int k = 0; k < workers; k++) {
        awaitLine(
            workerLogs.get(k),
            "Successfully registered with master",
            started.get(k + 1),
            "worker " + (k + 1));
      }
      progress.accept(
          String.format(
              Locale.ROOT,
              "cluster: %d workers registered (%d cores, %d MB each); logs in %s",
              workers,
              coresPerWorker,
              memoryMbPerWorker,
              logs));
      return new LocalCluster(dir, url, started);
    } catch (IOException e) {
      started.forEach(LocalCluster::stop);
      throw new UncheckedIOException(
          "cannot start the local Spark cluster under " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      started.forEach(LocalCluster::stop);
      throw e;
    }
  }

  public String masterUrl() {
    return masterUrl;
  }

  public Path dir() {
    return dir;
  }

  /** Stops the workers (and with them their executors), then the master. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      stop(processes.get(i));
    }
  }

  /** A SPARK_HOME whose {@code jars/} links to every jar of the class path file. */
  static Path sparkHome(Path home, Path classpathFile) {
    try {
      String cp = Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
      if (cp.isEmpty()) {
        throw new IllegalStateException(classpathFile + " lists no jars; run `mvn package`");
      }
      Path jars = home.resolve("jars");
      Files.createDirectories(jars);
      for (String entry : cp.split(java.io.File.pathSeparator)) {
        Path jar = Path.of(entry);
        Path link = jars.resolve(jar.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
      }
      return home;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException(
          "the Spark installation's jar list "
              + classpathFile
              + " is missing; run `mvn package` (it writes jobs/target/spark-home.classpath)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot make the Spark installation under " + home + ": " + e.getMessage(), e);
    }
  }

  private static Process launch(
      Path sparkHome,
      List<String> jvmOptions,
      int heapMb,
      String mainClass,
      List<String> args,
      Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heapMb + "m");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.remove("SPARK_CONF_DIR");
    return pb.start();
  }

  private static void awaitLine(Path log, String marker, Process p, String what) {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      String text = read(log);
      if (text.contains(marker)) {
        return;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "the cluster's "
                + what
                + " exited with status "
                + p.exitValue()
                + "; its log "
                + log
                + " ends with:\n"
                + tail(text));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the cluster", e);
      }
    }
    throw new IllegalStateException(
        "the cluster's "
            + what
            + " did not start within "
            + START_TIMEOUT_MS / 1000
            + " s; its log "
            + log
            + " ends with:\n"
            + tail(read(log)));
  }

  private static String read(Path log) {
    try {
      return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join(
        "\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
  }

  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
