package io.callqa.nlp.analytics;

import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reviewer sees under the player: each speaker's talk, the silences and the talk-overs as
 * spans of the recording, and each speaker's sentiment in each quarter of the call. Built from the
 * same spans as {@link CallMetrics} (a silence is a gap of at least {@code gapS} in everybody's
 * speech, a talk-over a span where agent and customer speak at once), so the spans add up to its
 * {@code non_talk_s} and {@code overlap_s}. Null for written conversations (no times).
 *
 * @param durationS from 0 to the end of the last line
 * @param talk each speaker's merged talk spans (AGENT, CUSTOMER; UNKNOWN for a mono recording)
 * @param silences gaps in everybody's speech of at least {@code gapS}
 * @param overlaps spans where agent and customer talk at once
 * @param quarters the four quarters of the call, with each speaker's sentiment there
 */
public record Timeline(
    double durationS,
    Map<Speaker, List<Span>> talk,
    List<Span> silences,
    List<Span> overlaps,
    List<Quarter> quarters) {

  /** A span of the recording, in seconds. */
  public record Span(double fromS, double toS) {
    public double seconds() {
      return toS - fromS;
    }
  }

  /**
   * A quarter of the call by time; a speaker's sentiment ({@link Sentiment}, -1 to 1) over the
   * lines that start in it, null when that speaker said nothing there.
   */
  public record Quarter(int no, double fromS, double toS, Double agent, Double customer) {}

  /** The timeline of timed lines; null when any line has no time (chats, ticket notes). */
  public static Timeline of(List<Line> lines, double gapS) {
    List<Line> ls = new ArrayList<>();
    for (Line l : lines) {
      if (l.speaker() == Speaker.TICKET) {
        continue;
      }
      if (l.startS() == null || l.endS() == null) {
        return null;
      }
      ls.add(l);
    }
    if (ls.isEmpty()) {
      return null;
    }
    double duration = ls.stream().mapToDouble(Line::endS).max().orElse(0);
    Map<Speaker, List<Span>> talk = new LinkedHashMap<>();
    for (Speaker s : List.of(Speaker.AGENT, Speaker.CUSTOMER, Speaker.UNKNOWN)) {
      List<Span> spans = spans(CallMetrics.union(CallMetrics.spans(ls, s)));
      if (!spans.isEmpty()) {
        talk.put(s, spans);
      }
    }
    List<double[]> all = CallMetrics.union(CallMetrics.spans(ls, null));
    List<Span> silences = new ArrayList<>();
    for (int i = 1; i < all.size(); i++) {
      double from = all.get(i - 1)[1];
      double to = all.get(i)[0];
      if (to - from >= gapS) {
        silences.add(new Span(from, to));
      }
    }
    List<Span> overlaps = new ArrayList<>();
    for (Span a : talk.getOrDefault(Speaker.AGENT, List.of())) {
      for (Span c : talk.getOrDefault(Speaker.CUSTOMER, List.of())) {
        double from = Math.max(a.fromS(), c.fromS());
        double to = Math.min(a.toS(), c.toS());
        if (to > from) {
          overlaps.add(new Span(from, to));
        }
      }
    }
    overlaps.sort(java.util.Comparator.comparingDouble(Span::fromS));
    List<Quarter> quarters = new ArrayList<>();
    for (int q = 0; q < 4; q++) {
      double from = duration * q / 4;
      double to = duration * (q + 1) / 4;
      quarters.add(
          new Quarter(
              q + 1,
              from,
              to,
              sentiment(ls, Speaker.AGENT, from, to, q == 3),
              sentiment(ls, Speaker.CUSTOMER, from, to, q == 3)));
    }
    return new Timeline(duration, talk, silences, overlaps, quarters);
  }

  private static Double sentiment(
      List<Line> ls, Speaker who, double from, double to, boolean lastQuarter) {
    Sentiment.Tally t = null;
    for (Line l : ls) {
      boolean in = l.startS() >= from && (l.startS() < to || (lastQuarter && l.startS() <= to));
      if (l.speaker() == who && in) {
        Sentiment.Tally x = Sentiment.tally(l.text());
        t = t == null ? x : t.plus(x);
      }
    }
    return t == null ? null : Math.round(t.score() * 100) / 100.0;
  }

  private static List<Span> spans(List<double[]> raw) {
    List<Span> out = new ArrayList<>();
    for (double[] s : raw) {
      out.add(new Span(s[0], s[1]));
    }
    return out;
  }

  /** The JSON form of the review page: spans as [from, to] pairs, seconds rounded to 0.01. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("duration_s", r(durationS));
    Map<String, Object> t = new LinkedHashMap<>();
    talk.forEach((s, spans) -> t.put(s.name(), pairs(spans)));
    m.put("talk", t);
    m.put("silences", pairs(silences));
    m.put("overlaps", pairs(overlaps));
    List<Map<String, Object>> qs = new ArrayList<>();
    for (Quarter q : quarters) {
      Map<String, Object> qm = new LinkedHashMap<>();
      qm.put("no", q.no());
      qm.put("from_s", r(q.fromS()));
      qm.put("to_s", r(q.toS()));
      qm.put("agent", q.agent());
      qm.put("customer", q.customer());
      qs.add(qm);
    }
    m.put("quarters", qs);
    return m;
  }

  private static List<List<Double>> pairs(List<Span> spans) {
    List<List<Double>> out = new ArrayList<>();
    for (Span s : spans) {
      out.add(List.of(r(s.fromS()), r(s.toS())));
    }
    return out;
  }

  private static double r(double x) {
    return Math.round(x * 100) / 100.0;
  }
}
