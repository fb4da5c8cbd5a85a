package io.callqa.jobs.complaints;

import io.callqa.warehouse.CallqaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A complaint-handling deadline policy, read from a properties file: how long to acknowledge and to
 * decide, how far extensions move the decision deadline, whether days are calendar or business days
 * (with a holiday calendar), and per-channel or per-severity overrides.
 *
 * <p>Shipped policies ({@code complaints.policy}): {@code cn-nfra} (the default: China's banking
 * and insurance consumer-complaint rule, 15 calendar days, extendable to 30 and at most 60,
 * acknowledgement in 1 day), {@code us-cfpb} (15 days to respond, 60 if the response says work is
 * in progress) and {@code uk-fca-disp} (FCA DISP 1.6: a final response within 8 weeks; a complaint
 * resolved by the close of the third business day after receipt is a summary resolution). Any other
 * value is a path to a file in the same format; see {@code
 * jobs/src/main/resources/io/callqa/jobs/complaints/cn-nfra.properties}.
 *
 * <p>Deadline arithmetic: a deadline of N days after a ticket opened on local day D falls at the
 * end of local day D + N (calendar days), or of the N-th business day after D (business days: not a
 * weekend or holiday, unless listed as a make-up working day). A decision exactly on day N is on
 * time.
 */
public final class ComplaintPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Deadline rules after overrides, for one ticket. */
  public record Rules(int ackDays, int decisionDays, List<Integer> extensionDays, int summaryDays)
      implements Serializable {}

  private final String name;
  private final String description;
  private final boolean businessDays;
  private final Rules base;
  private final Map<String, Rules> byChannel;
  private final Map<String, Rules> bySeverity;
  private final TreeSet<LocalDate> holidays;
  private final TreeSet<LocalDate> workdays;

  private ComplaintPolicy(
      String name,
      String description,
      boolean businessDays,
      Rules base,
      Map<String, Rules> byChannel,
      Map<String, Rules> bySeverity,
      Set<LocalDate> holidays,
      Set<LocalDate> workdays) {
    this.name = name;
    this.description = description;
    this.businessDays = businessDays;
    this.base = base;
    this.byChannel = byChannel;
    this.bySeverity = bySeverity;
    this.holidays = new TreeSet<>(holidays);
    this.workdays = new TreeSet<>(workdays);
  }

  /** The policies shipped with callqa. */
  public static final List<String> SHIPPED = List.of("cn-nfra", "us-cfpb", "uk-fca-disp");

  /**
   * Loads a shipped policy by name, or a policy file by path; {@code businessDays} (when not null)
   * overrides the file's {@code days}.
   */
  public static ComplaintPolicy load(String nameOrPath, Boolean businessDays) {
    String text;
    String source;
    if (SHIPPED.contains(nameOrPath)) {
      source = "shipped policy " + nameOrPath;
      try (InputStream in = ComplaintPolicy.class.getResourceAsStream(nameOrPath + ".properties")) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException | NullPointerException e) {
        throw new IllegalStateException(
            "shipped complaint policy " + nameOrPath + " is missing from the jar", e);
      }
    } else {
      Path p = Path.of(nameOrPath);
      source = "policy file " + p;
      try {
        text = Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CallqaException(
            "complaints.policy = '"
                + nameOrPath
                + "' is neither a shipped policy "
                + SHIPPED
                + " nor a readable file: "
                + e.getMessage());
      }
    }
    return parse(text, source, businessDays);
  }

  /** Parses a policy from properties text; errors name {@code source} and the key. */
  static ComplaintPolicy parse(String text, String source, Boolean businessDaysOverride) {
    Properties p = new Properties();
    try (Reader r = new StringReader(text)) {
      p.load(r);
    } catch (IOException e) {
      throw CallqaException.cannotRead(source, e);
    }
    Rules base =
        new Rules(
            integer(p, source, "acknowledge.days", null),
            integer(p, source, "decision.days", null),
            integers(p, source, "extension.days", List.of()),
            integer(p, source, "summary.business-days", 0));
    Map<String, Rules> byChannel = new TreeMap<>();
    Map<String, Rules> bySeverity = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      String[] parts = k.split("\\.");
      if (parts.length >= 3 && (parts[0].equals("channel") || parts[0].equals("severity"))) {
        String prefix = parts[0] + "." + parts[1] + ".";
        Rules r =
            new Rules(
                integer(p, source, prefix + "acknowledge.days", base.ackDays()),
                integer(p, source, prefix + "decision.days", base.decisionDays()),
                integers(p, source, prefix + "extension.days", base.extensionDays()),
                integer(p, source, prefix + "summary.business-days", base.summaryDays()));
        (parts[0].equals("channel") ? byChannel : bySeverity)
            .put(parts[1].toUpperCase(Locale.ROOT), r);
      }
    }
    String days = p.getProperty("days", "calendar").trim().toLowerCase(Locale.ROOT);
    if (!days.equals("calendar") && !days.equals("business")) {
      throw new CallqaException(source + ": days = '" + days + "' must be calendar or business");
    }
    boolean business =
        businessDaysOverride != null ? businessDaysOverride : days.equals("business");
    return new ComplaintPolicy(
        p.getProperty("name", source).trim(),
        p.getProperty("description", "").trim(),
        business,
        base,
        byChannel,
        bySeverity,
        dates(p, source, "holidays"),
        dates(p, source, "workdays"));
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public boolean businessDays() {
    return businessDays;
  }

  /**
   * The rules for a ticket: a channel override wins over a severity override, which wins over the
   * base.
   */
  public Rules rules(String channel, String severity) {
    Rules r = byChannel.get(channel);
    if (r != null) {
      return r;
    }
    r = bySeverity.get(severity);
    return r != null ? r : base;
  }

  /** The local day N days (calendar or business, as the policy says) after {@code day}. */
  public LocalDate plusDays(LocalDate day, int n) {
    return businessDays ? plusBusinessDays(day, n) : day.plusDays(n);
  }

  /** The N-th business day after {@code day} (N = 0: {@code day} itself). */
  public LocalDate plusBusinessDays(LocalDate day, int n) {
    LocalDate d = day;
    int left = n;
    while (left > 0) {
      d = d.plusDays(1);
      if (isBusinessDay(d)) {
        left--;
      }
    }
    return d;
  }

  /** Not a weekend or holiday, or a make-up working day. */
  public boolean isBusinessDay(LocalDate d) {
    if (workdays.contains(d)) {
      return true;
    }
    boolean weekend =
        d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    return !weekend && !holidays.contains(d);
  }

  private static Integer integer(Properties p, String source, String key, Integer dflt) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      if (dflt == null) {
        throw new CallqaException(source + " lacks " + key);
      }
      return dflt;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i < 0) {
        throw new NumberFormatException();
      }
      return i;
    } catch (NumberFormatException e) {
      throw new CallqaException(
          source + ": " + key + " = '" + v + "' is not a whole number of days");
    }
  }

  private static List<Integer> integers(
      Properties p, String source, String key, List<Integer> dflt) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    List<Integer> out = new ArrayList<>();
    for (String s : v.split(",")) {
      try {
        out.add(Integer.parseInt(s.trim()));
      } catch (NumberFormatException e) {
        throw new CallqaException(
            source + ": " + key + " = '" + v + "' is not a list of whole numbers of days");
      }
    }
    return List.copyOf(out);
  }

  /**
   * Dates as a comma-separated list of days or ranges, e.g. {@code 2026-01-01,
   * 2026-02-15..2026-02-23}.
   */
  private static Set<LocalDate> dates(Properties p, String source, String key) {
    Set<LocalDate> out = new TreeSet<>();
    String v = p.getProperty(key, "");
    for (String s : v.split(",")) {
      s = s.trim();
      if (s.isEmpty()) {
        continue;
      }
      try {
        String[] range = s.split("\\.\\.");
        LocalDate from = LocalDate.parse(range[0].trim());
        LocalDate to = range.length > 1 ? LocalDate.parse(range[1].trim()) : from;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
          out.add(d);
        }
      } catch (DateTimeParseException e) {
        throw new CallqaException(
            source + ": " + key + " has '" + s + "', not a date (YYYY-MM-DD) or range");
      }
    }
    return out;
  }
}
