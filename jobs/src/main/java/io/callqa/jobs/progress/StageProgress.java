package io.callqa.jobs.progress;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Progress of a pipeline stage that works in a few long steps (a Spark job each), as transcription
 * reports its calls: each step says when it starts ({@code kpi: step 2/3, ivr_daily (4.1 s
 * elapsed)}), and while one runs a line every {@code interval} says it is still going, so a long
 * step is never silent. A stage that counts its own work (transcription: calls done, audio hours)
 * gives the line itself ({@link #status}).
 *
 * <pre>
 * try (StageProgress p = StageProgress.start("kpi", 3, progress)) {
 *   p.step("kpi_daily");
 *   ...
 * }
 * </pre>
 */
public final class StageProgress implements AutoCloseable {
  /** How often a running step says it is still running. */
  static final long DEFAULT_INTERVAL_MS = 10_000;

  private final String stage;
  private final int steps;
  private final Consumer<String> out;
  private final long t0 = System.nanoTime();
  private final long intervalMs;
  private final Thread heartbeat;

  /** The heartbeat's line, or null for "step k/n, ... still running". */
  private final Supplier<String> status;

  private int step;
  private String current = "starting";
  private long stepStarted = System.nanoTime();
  private boolean closed;

  private StageProgress(
      String stage, int steps, Consumer<String> out, long intervalMs, Supplier<String> status) {
    this.stage = stage;
    this.steps = steps;
    this.out = out;
    this.intervalMs = intervalMs;
    this.status = status;
    this.heartbeat = new Thread(this::beat, stage + "-progress");
    heartbeat.setDaemon(true);
  }

  /** Starts reporting a stage of {@code steps} steps. */
  public static StageProgress start(String stage, int steps, Consumer<String> out) {
    return start(stage, steps, out, DEFAULT_INTERVAL_MS);
  }

  static StageProgress start(String stage, int steps, Consumer<String> out, long intervalMs) {
    return started(new StageProgress(stage, steps, out, intervalMs, null));
  }

  /** Starts reporting one long step whose progress line, every interval, is {@code status}'s. */
  public static StageProgress status(String stage, Consumer<String> out, Supplier<String> status) {
    return status(stage, out, status, DEFAULT_INTERVAL_MS);
  }

  static StageProgress status(
      String stage, Consumer<String> out, Supplier<String> status, long intervalMs) {
    return started(new StageProgress(stage, 1, out, intervalMs, status));
  }

  private static StageProgress started(StageProgress p) {
    p.heartbeat.start();
    return p;
  }

  /** The next step begins. */
  public void step(String what) {
    String line;
    synchronized (this) {
      step++;
      current = what;
      stepStarted = System.nanoTime();
      line =
          String.format(
              Locale.ROOT,
              "%s: step %d/%d, %s (%.1f s elapsed)",
              stage,
              step,
              steps,
              what,
              seconds(t0));
    }
    out.accept(line);
  }

  private void beat() {
    while (true) {
      String line;
      synchronized (this) {
        try {
          wait(intervalMs);
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
        if (status == null && seconds(stepStarted) * 1000 < intervalMs * 0.9) {
          continue;
        }
        line =
            status != null
                ? null
                : String.format(
                    Locale.ROOT,
                    "%s: step %d/%d, %s still running (%.0f s elapsed)",
                    stage,
                    step,
                    steps,
                    current,
                    seconds(t0));
      }
      // Outside the lock: the status may read Spark accumulators.
      if (line == null) {
        line = status.get();
      }
      out.accept(line);
    }
  }

  /**
   * Seconds since {@code since}, a {@link System#nanoTime} reading: how every stage times itself.
   */
  public static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      heartbeat.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
