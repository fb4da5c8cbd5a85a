package io.callqa.jobs.complaints;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replays one ticket's event log into its state as of a moment, under a {@link ComplaintPolicy}.
 * Pure: the same events give the same state whatever order they were delivered in (they are sorted
 * by time, then by lifecycle order for events at the same instant).
 *
 * <p>Rules. The decision deadline is {@code decision.days} after the day the ticket OPENED; each
 * EXTENDED made on or before the deadline in force moves it to the next {@code extension.days}
 * entry (counted from opening). The first RESOLVED is the decision: on time when it falls on or
 * before the deadline day. A REOPENED after a resolution opens the ticket again with a fresh {@code
 * decision.days} clock from the day it reopened. A ticket is breached when any resolution came
 * after the deadline in force, or when it is still open after it. Impossible events are returned as
 * {@link Problem}s (for the rejects table) and otherwise ignored: anything before OPENED, a second
 * OPENED, an extension beyond the policy, after the deadline had passed or after resolution, a
 * RESOLVED or CLOSED that does not follow an open or resolved state, a REOPENED of a ticket that is
 * not resolved.
 */
public final class Lifecycle {
  /** Event names in lifecycle order, which also orders events at the same instant. */
  public static final List<String> EVENTS =
      List.of("OPENED", "ACKNOWLEDGED", "ESCALATED", "EXTENDED", "RESOLVED", "REOPENED", "CLOSED");

  /** One event of the log, with where it came from. */
  public record Event(String event, Instant at, String sourceFile, long sourceLine, String raw) {}

  /** An event that cannot have happened as delivered, and why. */
  public record Problem(Event event, String reason) {}

  /** A stretch of local days at whose end the ticket was open. */
  public record OpenSpan(LocalDate fromDay, LocalDate toDay) {}

  /** The state of a ticket as of {@link #asOf}. */
  public record State(
      Instant openedAt,
      LocalDate openedDay,
      Instant acknowledgedAt,
      Instant ackDueAt,
      Boolean acknowledgedOnTime,
      Instant firstEscalatedAt,
      int escalations,
      int extensions,
      Instant decisionDueAt,
      Instant firstResolvedAt,
      Boolean resolvedOnTime,
      Boolean summaryResolution,
      Instant resolvedAt,
      Instant reopenedAt,
      int reopens,
      Instant closedAt,
      Instant deadlineAt,
      String status,
      boolean breached,
      LocalDate breachDay,
      Double daysToResolve,
      double ageDays,
      List<OpenSpan> openSpans,
      Instant asOf) {}

  /**
   * The outcome of a replay: a state (null while the OPENED event has not arrived) and the
   * problems.
   */
  public record Result(State state, List<Problem> problems) {}

  private Lifecycle() {}

  /** Replays {@code events} (any order) as of {@code asOf}. */
  public static Result replay(
      List<Event> events,
      String channel,
      String severity,
      ComplaintPolicy policy,
      ZoneId zone,
      Instant asOf) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::at).thenComparing(e -> EVENTS.indexOf(e.event())));
    List<Problem> problems = new ArrayList<>();
    Event opened = null;
    for (Event e : sorted) {
      if (e.event().equals("OPENED")) {
        opened = e;
        break;
      }
    }
    if (opened == null) {
      return new Result(null, problems);
    }
    ComplaintPolicy.Rules rules = policy.rules(channel, severity);
    LocalDate openDay = day(opened.at(), zone);
    Instant ackDue = endOf(policy.plusDays(openDay, rules.ackDays()), zone);
    LocalDate deadlineDay = policy.plusDays(openDay, rules.decisionDays());
    Instant decisionDue = null;
    Instant ack = null;
    Instant firstEscalated = null;
    int escalations = 0;
    int extensions = 0;
    Instant firstResolved = null;
    Boolean onTime = null;
    Instant resolved = null;
    Instant reopened = null;
    int reopens = 0;
    Instant closed = null;
    String status = "OPEN";
    LocalDate breachDay = null;
    List<OpenSpan> spans = new ArrayList<>();
    LocalDate spanStart = openDay;

    for (Event e : sorted) {
      if (e == opened || e.at().isAfter(asOf)) {
        continue;
      }
      if (e.at().isBefore(opened.at())) {
        problems.add(
            new Problem(
                e,
                e.event()
                    + " at "
                    + e.at()
                    + " is before the ticket was OPENED at "
                    + opened.at()));
        continue;
      }
      boolean open = status.equals("OPEN") || status.equals("REOPENED");
      switch (e.event()) {
        case "OPENED" ->
            problems.add(
                new Problem(
                    e, "a second OPENED at " + e.at() + "; the ticket opened at " + opened.at()));
        case "ACKNOWLEDGED" -> ack = ack == null ? e.at() : ack;
        case "ESCALATED" -> {
          escalations++;
          firstEscalated = firstEscalated == null ? e.at() : firstEscalated;
        }
        case "EXTENDED" -> {
          if (!open) {
            problems.add(
                new Problem(e, "EXTENDED at " + e.at() + " after the ticket was " + status));
          } else if (extensions >= rules.extensionDays().size()) {
            problems.add(
                new Problem(
                    e,
                    "extension "
                        + (extensions + 1)
                        + " at "
                        + e.at()
                        + ": policy "
                        + policy.name()
                        + " allows "
                        + rules.extensionDays().size()));
          } else if (!e.at().isBefore(endOf(deadlineDay, zone))) {
            problems.add(
                new Problem(
                    e,
                    "EXTENDED at "
                        + e.at()
                        + " after the deadline (end of "
                        + deadlineDay
                        + ") had passed"));
          } else {
            extensions++;
            deadlineDay = policy.plusDays(openDay, rules.extensionDays().get(extensions - 1));
          }
        }
        case "RESOLVED" -> {
          if (!open) {
            problems.add(
                new Problem(
                    e,
                    "RESOLVED at "
                        + e.at()
                        + " while the ticket was already "
                        + status
                        + " (no REOPENED between)"));
          } else {
            Instant due = endOf(deadlineDay, zone);
            boolean late = !e.at().isBefore(due);
            if (firstResolved == null) {
              firstResolved = e.at();
              onTime = !late;
              decisionDue = due;
            }
            if (late && breachDay == null) {
              breachDay = deadlineDay.plusDays(1);
            }
            resolved = e.at();
            status = "RESOLVED";
            LocalDate last = day(e.at(), zone).minusDays(1);
            if (!last.isBefore(spanStart)) {
              spans.add(new OpenSpan(spanStart, last));
            }
          }
        }
        case "REOPENED" -> {
          if (!status.equals("RESOLVED") && !status.equals("CLOSED")) {
            problems.add(
                new Problem(e, "REOPENED at " + e.at() + " while the ticket was " + status));
          } else {
            reopens++;
            reopened = e.at();
            status = "REOPENED";
            spanStart = day(e.at(), zone);
            deadlineDay = policy.plusDays(spanStart, rules.decisionDays());
          }
        }
        case "CLOSED" -> {
          if (!status.equals("RESOLVED")) {
            problems.add(
                new Problem(
                    e,
                    "CLOSED at "
                        + e.at()
                        + " while the ticket was "
                        + status
                        + " (CLOSED follows RESOLVED)"));
          } else {
            closed = e.at();
            status = "CLOSED";
          }
        }
        default -> problems.add(new Problem(e, "unknown event " + e.event()));
      }
    }
    boolean open = status.equals("OPEN") || status.equals("REOPENED");
    Instant deadline = endOf(deadlineDay, zone);
    if (open) {
      // as_of is an exclusive end (the start of the next day): its last day is the one before.
      LocalDate asOfDay = day(asOf.minusNanos(1), zone);
      if (!asOfDay.isBefore(spanStart)) {
        spans.add(new OpenSpan(spanStart, asOfDay));
      }
      if (!asOf.isBefore(deadline) && breachDay == null) {
        breachDay = deadlineDay.plusDays(1);
      }
    }
    if (decisionDue == null && status.equals("OPEN")) {
      decisionDue = deadline;
    }
    Boolean ackOnTime =
        ack != null
            ? Boolean.valueOf(ack.isBefore(ackDue))
            : (asOf.isBefore(ackDue) ? null : Boolean.FALSE);
    Boolean summary = null;
    if (rules.summaryDays() > 0 && firstResolved != null) {
      summary =
          firstResolved.isBefore(
              endOf(policy.plusBusinessDays(openDay, rules.summaryDays()), zone));
    }
    Double daysToResolve = firstResolved == null ? null : days(opened.at(), firstResolved);
    State s =
        new State(
            opened.at(),
            openDay,
            ack,
            ackDue,
            ackOnTime,
            firstEscalated,
            escalations,
            extensions,
            decisionDue,
            firstResolved,
            onTime,
            summary,
            resolved,
            reopened,
            reopens,
            closed,
            deadline,
            status,
            breachDay != null,
            breachDay,
            daysToResolve,
            days(opened.at(), asOf),
            List.copyOf(spans),
            asOf);
    return new Result(s, problems);
  }

  /**
   * The first instant after local day {@code d}: a deadline "by the end of d" is met strictly
   * before it.
   */
  static Instant endOf(LocalDate d, ZoneId zone) {
    return d.plusDays(1).atStartOfDay(zone).toInstant();
  }

  static LocalDate day(Instant i, ZoneId zone) {
    return i.atZone(zone).toLocalDate();
  }

  private static double days(Instant from, Instant to) {
    return Math.round(Duration.between(from, to).toSeconds() / 864.0) / 100.0;
  }
}
