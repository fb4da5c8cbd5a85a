package io.callqa.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code callqa bench interactive}: what an analyst or an executive waits for. Runs each
 * interactive command in a fresh process through the launcher, as a user types it, on a warehouse
 * (the demo's, built first when there is none), once untimed (the launcher's class-data archive is
 * written by the first command after a build) and then {@code repeat} times; prints the fastest and
 * the median wall time of each. The steps from {@code --version} to {@code sql "select 1"} to a
 * one-table count separate JVM start, Spark session creation, and table registration with the
 * query.
 */
public final class InteractiveBenchmark {

  /** Benchmark settings; {@code launcher} is the {@code callqa} script. */
  public record Options(Path launcher, Path warehouse, int repeat, Path work, Path results) {}

  /** One timed command. */
  private record Step(String what, List<String> args) {}

  /** A command's wall time and output. */
  private record Ran(double seconds, String output) {}

  private final Options o;
  private final Consumer<String> out;
  private final ResultLines lines;

  public InteractiveBenchmark(Options o, Consumer<String> out) {
    this.o = o;
    this.out = out;
    this.lines = new ResultLines(out);
  }

  /** Runs it; returns the results file. */
  public Path run() throws IOException, InterruptedException {
    Path wh = o.warehouse();
    if (!Files.isDirectory(wh.resolve("calls"))) {
      out.accept("interactive: no warehouse at " + wh + "; building the demo's (a few minutes)");
      Path demo = o.work().resolve("interactive-demo");
      run(List.of("demo", "--dir", demo.toString()), true).seconds();
      wh = demo.resolve("warehouse");
    }
    String w = wh.toString();
    // The named query's period: the warehouse's KPI days.
    String[] range =
        run(
                List.of(
                    "sql",
                    "--warehouse",
                    w,
                    "--format",
                    "csv",
                    "select min(day), max(day) from kpi_daily"),
                false)
            .output()
            .strip()
            .lines()
            .reduce((a, b) -> b)
            .orElse("")
            .split(",");
    if (range.length != 2 || !range[0].matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw new IllegalStateException("no KPI day in " + w + ": " + String.join(",", range));
    }
    Path reports = Files.createDirectories(o.work().resolve("interactive-reports"));
    List<Step> steps =
        List.of(
            new Step("JVM and command line: --version", List.of("--version")),
            new Step(
                "+ Spark session: sql \"select 1\"",
                List.of("sql", "--local", "--warehouse", w, "select 1")),
            new Step(
                "+ one table and a query: sql \"select count(*) from calls\"",
                List.of("sql", "--local", "--warehouse", w, "select count(*) from calls")),
            new Step("a named query: sql --query kpi_by_site", namedQuery(w, range, true)),
            new Step("the KPI report: report", List.of("report", "--warehouse", w, "--out", "")));
    // The same questions while a sql-server of the warehouse runs: sql goes through it.
    List<Step> served =
        List.of(
            new Step(
                "with a sql-server running: sql \"select 1\"",
                List.of("sql", "--warehouse", w, "select 1")),
            new Step(
                "with a sql-server running: sql \"select count(*) from calls\"",
                List.of("sql", "--warehouse", w, "select count(*) from calls")),
            new Step(
                "with a sql-server running: sql --query kpi_by_site", namedQuery(w, range, false)));
    lines.say(
        String.format(
            Locale.ROOT,
            "# interactive benchmark: each command in a fresh process through %s, %d timed runs"
                + " after one untimed",
            o.launcher(),
            o.repeat()));
    lines.say(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, java "
            + System.getProperty("java.version")
            + ", class-data sharing "
            + ("off".equals(System.getenv("CALLQA_CDS")) ? "off (CALLQA_CDS=off)" : "on"));
    lines.say(Figures.measuredLine());
    lines.say("warehouse: " + w);
    double[] medians = new double[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      medians[i] = time(steps.get(i), i, reports);
    }
    lines.say(
        String.format(
            Locale.ROOT,
            "by difference of medians: JVM and command line %.2f s; Spark session %.2f s; one"
                + " table registered and counted %.2f s",
            medians[0],
            medians[1] - medians[0],
            medians[2] - medians[1]));
    Process server = startServer(wh);
    try {
      for (int i = 0; i < served.size(); i++) {
        time(served.get(i), steps.size() + i, reports);
      }
      // Each of those went through the server: its audit log has the owner's statements.
      Path audit = o.work().resolve("interactive-sql-audit.jsonl");
      long through =
          Files.readAllLines(audit).stream()
              .filter(l -> l.contains("\"user\":\"" + io.callqa.jobs.sql.SqlEndpoint.OWNER + "\""))
              .count();
      if (through < (long) served.size() * (o.repeat() + 1)) {
        throw new IllegalStateException(
            "only " + through + " statements went through the sql-server (see " + audit + ")");
      }
    } finally {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    Files.createDirectories(o.results());
    Path file = o.results().resolve("interactive.txt");
    lines.write(file);
    return file;
  }

  private static List<String> namedQuery(String w, String[] range, boolean local) {
    List<String> args = new ArrayList<>(List.of("sql"));
    if (local) {
      args.add("--local");
    }
    args.addAll(
        List.of(
            "--warehouse",
            w,
            "--query",
            "kpi_by_site",
            "--param",
            "from=" + range[0],
            "--param",
            "to=" + range[1]));
    return args;
  }

  /**
   * Starts {@code sql-server} on the warehouse (its users file: one analyst whose password nobody
   * knows; the owner's {@code sql} signs in with the endpoint file's token); returns once its
   * endpoint file is there.
   */
  private Process startServer(Path wh) throws IOException, InterruptedException {
    Path users = o.work().resolve("interactive-sql-users.conf");
    Files.createDirectories(o.work());
    // One analyst with a password nobody knows: the owner's `callqa sql` signs in with the token.
    Files.deleteIfExists(users);
    byte[] secret = new byte[24];
    new java.security.SecureRandom().nextBytes(secret);
    io.callqa.access.Users.add(
        users,
        "bench",
        io.callqa.access.Role.ANALYST,
        java.util.Base64.getEncoder().encodeToString(secret).toCharArray(),
        1000);
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = o.work().resolve("interactive-sql-server.log");
    Files.deleteIfExists(o.work().resolve("interactive-sql-audit.jsonl"));
    Process p =
        new ProcessBuilder(
                o.launcher().toString(),
                "sql-server",
                "--warehouse",
                wh.toString(),
                "--port",
                Integer.toString(port),
                "--users",
                users.toString(),
                "--audit",
                o.work().resolve("interactive-sql-audit.jsonl").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Path endpoint =
        io.callqa.jobs.sql.SqlEndpoint.scratchOf(wh).resolve(io.callqa.jobs.sql.SqlEndpoint.FILE);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(endpoint) || !Files.readString(log).contains("ready")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "the sql-server did not start; its output:\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    // Its warm-up (the metastore, a first read, the query library) runs once it listens; the
    // timings start after it says it is done.
    while (!Files.readString(log).contains("Warmed up in")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "the sql-server did not warm up; its output:\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    return p;
  }

  /** Runs a step once untimed and {@code repeat} times timed; says and returns the median. */
  private double time(Step s, int i, Path reports) throws IOException, InterruptedException {
    double[] t = new double[o.repeat() + 1];
    for (int r = 0; r <= o.repeat(); r++) {
      List<String> args = new ArrayList<>(s.args());
      if (args.get(0).equals("report")) {
        // A new folder each time: a report whose inputs are unchanged is not written again.
        args.set(args.size() - 1, reports.resolve("r" + i + "-" + r).toString());
      }
      t[r] = run(args, false).seconds();
    }
    double[] timed = Arrays.copyOfRange(t, 1, t.length);
    Arrays.sort(timed);
    double median = timed[timed.length / 2];
    lines.say(
        String.format(
            Locale.ROOT,
            "%-62s fastest %5.2f s, median %5.2f s (untimed first run %.2f s)",
            s.what(),
            timed[0],
            median,
            t[0]));
    return median;
  }

  /**
   * Runs the launcher with {@code args}; returns its wall time and output. A failure stops the
   * benchmark.
   */
  private Ran run(List<String> args, boolean showOutput) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(o.launcher().toString());
    cmd.addAll(args);
    Path log = Files.createTempFile("callqa-interactive", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      if (showOutput) {
        pb.inheritIO();
      } else {
        pb.redirectOutput(log.toFile());
      }
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "callqa " + String.join(" ", args) + ": still running after 30 min");
      }
      double s = (System.nanoTime() - t0) / 1e9;
      String output = showOutput ? "" : Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        String tail = output;
        throw new IllegalStateException(
            "callqa "
                + String.join(" ", args)
                + " exited with "
                + p.exitValue()
                + (tail.isEmpty() ? "" : ":\n" + tail));
      }
      return new Ran(s, output);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
