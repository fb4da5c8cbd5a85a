package io.callqa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.jobs.landing.LandingKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of JIT by delivery size: its shell functions, taken from {@code ../callqa}
 * as they are and run by bash, on landing folders and warehouses laid out here.
 */
class LauncherJitTest {
  static final Path LAUNCHER = Path.of("..", "callqa").toAbsolutePath().normalize();

  @TempDir Path dir;

  /** The text of the launcher's shell function {@code name}, from its line to its closing brace. */
  static String function(String name) throws IOException {
    List<String> lines = Files.readAllLines(LAUNCHER, StandardCharsets.UTF_8);
    int start = lines.indexOf(name + "() {");
    assertThat(start).as("function %s in %s", name, LAUNCHER).isNotNegative();
    int end = lines.subList(start, lines.size()).indexOf("}") + start;
    return String.join("\n", lines.subList(start, end + 1));
  }

  String call(String name, String... args) throws IOException, InterruptedException {
    Path script = dir.resolve("call.sh");
    Files.writeString(script, "set -euo pipefail\n" + function(name) + "\n" + name + " \"$@\"\n");
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  static void write(Path f, int bytes, Instant modified) throws IOException {
    Files.createDirectories(f.getParent());
    Files.write(f, new byte[bytes]);
    Files.setLastModifiedTime(f, FileTime.from(modified));
  }

  @Test
  void theFeedsChangedSinceTheLastIngestCommitAreWhatCounts() throws Exception {
    Instant hourAgo = Instant.now().minusSeconds(3600);
    Path landing = dir.resolve("landing");
    write(landing.resolve("calls/calls-1.csv"), 1_500_000, hourAgo);
    write(landing.resolve("surveys/surveys-1.csv"), 700_000, hourAgo);
    // Recordings are not read by ingest: they do not count.
    write(landing.resolve("recordings/a.wav"), 5_000_000, hourAgo);
    Path wh = dir.resolve("wh");

    assertThat(newLandingMb(landing, wh))
        .as("a new warehouse reads every feed file")
        .isEqualTo("2");

    write(
        wh.resolve("ingested_files/_delta_log/00000000000000000000.json"),
        10,
        Instant.now().minusSeconds(60));
    assertThat(call("new_landing_mb", "run", "--landing=" + landing, "--warehouse=" + wh))
        .as("every file was there before the last ingest commit")
        .isEqualTo("0");

    write(landing.resolve("calls/calls-2.csv"), 3_200_000, Instant.now());
    assertThat(
            call(
                "new_landing_mb",
                "run",
                "--warehouse",
                wh.toString(),
                "--landing",
                landing.toString()))
        .isEqualTo("3");

    assertThat(call("new_landing_mb", "run", "--landing", dir.resolve("nowhere").toString()))
        .isEqualTo("0");
    assertThat(call("new_landing_mb", "run", "--landing", "s3a://bucket/landing")).isEqualTo("0");
    // An empty log folder (no commit yet) counts every file, and does not stop the launcher.
    Path empty = dir.resolve("wh-empty");
    Files.createDirectories(empty.resolve("ingested_files/_delta_log"));
    assertThat(newLandingMb(landing, empty)).isEqualTo("5");
  }

  /** The launcher's {@code new_landing_mb} for {@code run --landing L --warehouse W}. */
  private String newLandingMb(Path landing, Path warehouse) throws Exception {
    return call(
        "new_landing_mb",
        "run",
        "--landing",
        landing.toString(),
        "--warehouse",
        warehouse.toString());
  }

  @Test
  void theLaunchersFeedsAreTheLandingZonesFeeds() throws IOException {
    Matcher m = Pattern.compile("for a in ([a-z ]+); do").matcher(function("new_landing_mb"));
    assertThat(m.find()).isTrue();
    assertThat(m.group(1).trim().split(" "))
        .containsExactlyInAnyOrder(
            Arrays.stream(LandingKind.values()).map(LandingKind::folder).toArray(String[]::new));
  }

  @Test
  void benchKpiIsSizedAsTheFilesItGenerates() throws Exception {
    assertThat(call("bench_kpi_mb", "kpi")).isEqualTo("40");
    assertThat(call("bench_kpi_mb", "kpi", "--days", "7")).isEqualTo("280");
    assertThat(call("bench_kpi_mb", "kpi", "--days=30", "--calls-per-day=2000")).isEqualTo("13");
    assertThat(call("bench_kpi_mb", "speech", "--minutes", "5")).isEqualTo("-1");
    assertThat(call("bench_kpi_mb", "kpi", "--days", "x")).isEqualTo("-1");
  }

  @Test
  void hugePagesAreAskedForOnlyWhereTheKernelGivesThemOnRequest() throws Exception {
    Path enabled = dir.resolve("enabled");
    Files.writeString(enabled, "always [madvise] never\n");
    assertThat(call("huge_pages", enabled.toString())).isEqualTo("-XX:+UseTransparentHugePages");
    Files.writeString(enabled, "[always] madvise never\n");
    assertThat(call("huge_pages", enabled.toString())).as("always on: nothing to ask").isEmpty();
    Files.writeString(enabled, "always madvise [never]\n");
    assertThat(call("huge_pages", enabled.toString())).as("off: the JVM would warn").isEmpty();
    assertThat(call("huge_pages", dir.resolve("absent").toString())).isEmpty();
  }

  @Test
  void theJvmTakesTheHugePagesFlagOfThisMachineWithoutAWordOnStandardOutput() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java"));
    String flag = call("huge_pages", "/sys/kernel/mm/transparent_hugepage/enabled");
    if (!flag.isEmpty()) {
      cmd.add(flag);
    }
    cmd.addAll(List.of("-XX:CICompilerCount=1", "-XX:TieredStopAtLevel=1", "-version"));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).as("standard output of %s", cmd).isEmpty();
  }
}
