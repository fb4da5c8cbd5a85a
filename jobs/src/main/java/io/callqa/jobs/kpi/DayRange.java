package io.callqa.jobs.kpi;

import java.time.LocalDate;

/** An inclusive range of local days. */
public record DayRange(LocalDate from, LocalDate to) {
  public DayRange {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("day range ends before it starts: " + from + " .. " + to);
    }
  }

  /** SQL predicate selecting the range on a date column. */
  public String predicate(String column) {
    return column + " >= DATE'" + from + "' AND " + column + " <= DATE'" + to + "'";
  }

  @Override
  public String toString() {
    return from + ".." + to;
  }
}
