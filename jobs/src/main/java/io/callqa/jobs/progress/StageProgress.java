package io.callqa.jobs.progress;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of a pipeline stage that works in a few long steps (a Spark job each), as transcription reports its
 * calls: each step says when it starts ({@code kpi: step 2/3, ivr_daily (4.1 s elapsed)}), and while one runs
 * a line every {@code interval} says it is still going, so a long step is never silent.
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
  private int step;
  private String current = "starting";
  private long stepStarted = System.nanoTime();
  private boolean closed;

  private StageProgress(String stage, int steps, Consumer<String> out, long intervalMs) {
    this.stage = stage;
    this.steps = steps;
    this.out = out;
    this.intervalMs = intervalMs;
    this.heartbeat = new Thread(this::beat, stage + "-progress");
    heartbeat.setDaemon(true);
  }

  /** Starts reporting a stage of {@code steps} steps. */
  public static StageProgress start(String stage, int steps, Consumer<String> out) {
    return start(stage, steps, out, DEFAULT_INTERVAL_MS);
  }

  static StageProgress start(String stage, int steps, Consumer<String> out, long intervalMs) {
    StageProgress p = new StageProgress(stage, steps, out, intervalMs);
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
      line = String.format(Locale.ROOT, "%s: step %d/%d, %s (%.1f s elapsed)", stage, step, steps, what, seconds(t0));
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
        if (seconds(stepStarted) * 1000 < intervalMs * 0.9) {
          continue;
        }
        line = String.format(Locale.ROOT, "%s: step %d/%d, %s still running (%.0f s elapsed)", stage, step, steps,
            current, seconds(t0));
      }
      out.accept(line);
    }
  }

  private static double seconds(long since) {
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
