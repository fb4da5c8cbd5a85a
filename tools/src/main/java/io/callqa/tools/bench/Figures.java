package io.callqa.tools.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The measured figures the sizing guide ({@code callqa plan}) computes from: {@code
 * bench/results/figures.properties}, one {@code key = value} per figure, each benchmark rewriting
 * its own keys (and a {@code KEY.measured} date) after a run. Keys are documented in {@code
 * io.callqa.tools.plan.Plan}.
 */
public final class Figures {
  /**
   * {@code bench kpi} writes its rates for {@code plan} only from runs of this many days or more.
   */
  public static final int KPI_MIN_DAYS = 7;

  /** The file's name in the results folder. */
  public static final String FILE = "figures.properties";

  private Figures() {}

  /** The figures in {@code file}; empty when it does not exist. */
  public static Map<String, String> read(Path file) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the benchmark figures " + file + ": " + e.getMessage(), e);
    }
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  /**
   * Sets {@code figures} (with today's date as each one's {@code .measured}) in {@code
   * results}/figures.properties.
   */
  /** The day a benchmark ran (UTC): in its results file and as its figures' {@code .measured}. */
  public static LocalDate today() {
    return LocalDate.now(java.time.ZoneOffset.UTC);
  }

  /**
   * This JVM's just-in-time compilers: "C1 only" when started with {@code -XX:TieredStopAtLevel=1}
   * (as the launcher starts the pipeline's commands), else "C1 and C2".
   */
  public static String jit() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(a -> a.equals("-XX:TieredStopAtLevel=1"))
        ? "C1 only"
        : "C1 and C2";
  }

  /** The results file's line that dates it. */
  public static String measuredLine() {
    return "measured: " + today();
  }

  public static Path update(Path results, String benchmark, Map<String, String> figures) {
    Path file = results.resolve(FILE);
    Map<String, String> all = read(file);
    all.putAll(figures);
    for (String k : figures.keySet()) {
      all.put(k + ".measured", today() + " by bench " + benchmark);
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "# Figures measured by ./callqa bench ...; each benchmark rewrites its own keys. Read by ./callqa plan.");
    all.forEach((k, v) -> lines.add(k + " = " + v));
    try {
      Files.createDirectories(results);
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the benchmark figures " + file + ": " + e.getMessage(), e);
    }
    return file;
  }
}
