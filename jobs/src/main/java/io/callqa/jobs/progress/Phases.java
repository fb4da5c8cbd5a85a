package io.callqa.jobs.progress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall seconds per phase of a stage's run, summed when a phase comes again, in the order first met:
 * where a stage's time goes, for its summary and the benchmarks.
 *
 * <pre>{@code
 * Phases phases = new Phases();
 * ... phases.lap("candidates");
 * ... phases.lap("recognition");
 * }</pre>
 */
public final class Phases {
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long t0 = System.nanoTime();

  /** Ends {@code phase} now: the time since the last lap (or creation) is added to it. */
  public synchronized void lap(String phase) {
    seconds.merge(phase, StageProgress.seconds(t0), Double::sum);
    t0 = System.nanoTime();
  }

  /** This, with the clock of its next lap started now; returns this. */
  public synchronized Phases restarted() {
    t0 = System.nanoTime();
    return this;
  }

  /**
   * Adds the seconds of {@code other}'s phases (work done meanwhile on another thread) to this
   * one's, phase by phase; the clock of this one's next lap starts now.
   */
  public synchronized void add(Phases other) {
    other.seconds().forEach((phase, s) -> seconds.merge(phase, s, Double::sum));
    t0 = System.nanoTime();
  }

  /** Seconds per phase so far. */
  public synchronized Map<String, Double> seconds() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }
}
