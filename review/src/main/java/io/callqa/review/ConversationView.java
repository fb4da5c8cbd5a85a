package io.callqa.review;

import io.callqa.nlp.analytics.CallMetrics;
import io.callqa.nlp.analytics.Scorecard;
import io.callqa.nlp.analytics.Timeline;
import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.Conversation.CategoryHit;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.ConversationFacts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The conversation page's model ({@code GET /api/calls/ID}): every time in the centre's local time
 * with its offset, each fact once under a human label (English and Chinese, as on the KPI report),
 * every scorecard point passed or missed with its weight and the evidence to seek to, and the
 * timeline under the player ({@link Timeline}: each speaker's talk, silences, talk-overs, the
 * sentiment of each quarter).
 *
 * <p>The fact keys are {@link ConversationFacts}' (the index stage writes them); this table gives
 * each its label and format. A key it does not know is still shown, under its own name.
 */
final class ConversationView {

  /** A fact: its key, its label, how its value reads. */
  private record Fact(String key, String label, Format format) {}

  private enum Format {
    TEXT,
    TIME,
    SECONDS,
    YES_NO,
    CSAT,
    SHARE,
    DECIMAL
  }

  // Facts the page takes from the conversation itself rather than from its facts map.
  private static final String KIND = "kind";
  private static final String STARTED_AT = "started_at";
  private static final String SITE = "site";
  private static final String QUEUE = "queue";
  private static final String AGENT = "agent";
  private static final String SEGMENT = "segment";
  private static final String LANGUAGE = "language";
  private static final String CHANNEL = "channel";
  private static final String CONFIDENCE = "confidence";

  /** The facts in page order; the first of two keys meaning one thing wins (handle_s). */
  private static final List<Fact> FACTS =
      List.of(
          new Fact(KIND, "Kind 类型", Format.TEXT),
          new Fact(STARTED_AT, "Started 开始时间", Format.TIME),
          new Fact(SITE, "Site 站点", Format.TEXT),
          new Fact(QUEUE, "Queue 队列", Format.TEXT),
          new Fact(AGENT, "Agent 坐席", Format.TEXT),
          new Fact(SEGMENT, "Segment 客群", Format.TEXT),
          new Fact(LANGUAGE, "Language 语言", Format.TEXT),
          new Fact(CHANNEL, "Channel 渠道", Format.TEXT),
          new Fact(ConversationFacts.DIRECTION, "Direction 方向", Format.TEXT),
          new Fact(ConversationFacts.HOTLINE, "Hotline 热线", Format.TEXT),
          new Fact(ConversationFacts.IVR_OUTCOME, "IVR outcome IVR结果", Format.TEXT),
          new Fact(ConversationFacts.QUEUE_START, "Queued 进入队列", Format.TIME),
          new Fact(ConversationFacts.ANSWERED_AT, "Answered 接通", Format.TIME),
          new Fact(ConversationFacts.ENDED_AT, "Ended 结束", Format.TIME),
          new Fact(ConversationFacts.WAIT_S, "Wait 等待时长", Format.SECONDS),
          new Fact(
              ConversationFacts.ANSWERED_WITHIN_SL,
              "Answered within service level 服务水平内接通",
              Format.YES_NO),
          new Fact(ConversationFacts.ABANDONED, "Abandoned 放弃", Format.YES_NO),
          new Fact(ConversationFacts.TALK_S, "Talk 通话时长", Format.SECONDS),
          new Fact(ConversationFacts.HOLD_S, "Hold 保持时长", Format.SECONDS),
          new Fact(ConversationFacts.ACW_S, "After-call work 话后处理", Format.SECONDS),
          new Fact(ConversationFacts.HANDLE_S, "Handle time 处理时长", Format.SECONDS),
          new Fact(ConversationFacts.TRANSFERRED_OUT, "Transferred out 转出", Format.YES_NO),
          new Fact(ConversationFacts.DISPOSITION, "Disposition 处理结果", Format.TEXT),
          new Fact(ConversationFacts.FCR, "First-contact resolution 首次解决", Format.TEXT),
          new Fact(ConversationFacts.SURVEY_CSAT, "CSAT 满意度", Format.CSAT),
          new Fact(ConversationFacts.SURVEY_NPS, "NPS score 推荐值", Format.TEXT),
          new Fact(
              ConversationFacts.SURVEY_RESOLVED, "Resolved, says the survey 调查：已解决", Format.YES_NO),
          new Fact(CONFIDENCE, "Recognition confidence 识别置信度", Format.DECIMAL),
          new Fact(CallMetrics.SILENCE_SHARE, "Silence 静默占比", Format.SHARE),
          new Fact(CallMetrics.OVERLAP_S, "Talk-over 抢话时长", Format.SECONDS),
          new Fact(
              CallMetrics.CUSTOMER_SENTIMENT_SHIFT,
              "Customer sentiment shift 客户情绪变化",
              Format.DECIMAL),
          new Fact(ConversationFacts.MESSAGES, "Messages 消息数", Format.TEXT),
          new Fact(
              ConversationFacts.CUSTOMER_ID_KNOWN, "Customer identified 客户已识别", Format.YES_NO));

  /** Keys shown elsewhere on the page, never in the facts table. */
  private static final Set<String> ELSEWHERE =
      Set.of(
          "id",
          "day",
          ConversationFacts.COMPLAINTS,
          ConversationFacts.QA_SCORES,
          ConversationFacts.AUDIO_NOTE,
          ConversationFacts.AUDIO_SILENCED_SPANS,
          "csat",
          "has_complaint");

  /** Metrics whose evidence is the longest silence, the first talk-over, a quarter. */
  private static final Set<String> SILENCE_METRICS =
      Set.of(CallMetrics.SILENCE_SHARE, CallMetrics.NON_TALK_S, CallMetrics.LONG_GAPS);

  private static final Set<String> OVERLAP_METRICS =
      Set.of(
          CallMetrics.OVERLAPS,
          CallMetrics.OVERLAP_S,
          CallMetrics.AGENT_INTERRUPTIONS,
          CallMetrics.CUSTOMER_INTERRUPTIONS);

  private static final DateTimeFormatter FULL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

  private static final DateTimeFormatter TIME_ONLY =
      DateTimeFormatter.ofPattern("HH:mm:ss xxx", Locale.ROOT);

  private ConversationView() {}

  /** The page's model of {@code c}, times in {@code zone}. */
  static Map<String, Object> of(Conversation c, ZoneId zone, boolean audio) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("kind", c.kind().name());
    m.put("day", c.day().toString());
    m.put("time_zone", zone.getId());
    m.put("started_local", local(c.startedAt(), zone, null));
    m.put("language", c.language());
    m.put("site", c.site());
    m.put("audio", audio);
    m.put("audio_note", c.facts().get(ConversationFacts.AUDIO_NOTE));
    m.put("audio_silenced_spans", c.facts().get(ConversationFacts.AUDIO_SILENCED_SPANS));
    m.put("lines", lines(c));
    m.put("categories", categories(c));
    Timeline timeline = Timeline.of(c.lines(), CallMetrics.DEFAULT_GAP_S);
    m.put("timeline", timeline == null ? null : timeline.toMap());
    m.put("facts", facts(c, zone, timeline));
    m.put("complaints", complaints(c, zone));
    m.put("scorecards", scorecards(c, timeline));
    return m;
  }

  private static List<Map<String, Object>> facts(Conversation c, ZoneId zone, Timeline timeline) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(KIND, label(c.kind().name()));
    values.put(STARTED_AT, c.startedAt().toString());
    values.put(SITE, c.site());
    values.put(QUEUE, c.queue());
    values.put(AGENT, c.agentId());
    values.put(SEGMENT, c.segment());
    values.put(LANGUAGE, c.language());
    values.put(CHANNEL, c.channel());
    values.put(CONFIDENCE, c.confidence());
    values.put(ConversationFacts.HANDLE_S, c.handleS());
    values.put(ConversationFacts.SURVEY_CSAT, c.csat());
    c.facts().forEach((k, v) -> values.put(k, v == null ? values.get(k) : v));
    if (timeline != null) {
      CallMetrics metrics = CallMetrics.compute(c.lines(), c.language(), CallMetrics.DEFAULT_GAP_S);
      values.put(CallMetrics.SILENCE_SHARE, metrics.silenceShare());
      values.put(CallMetrics.OVERLAP_S, metrics.overlapS());
      values.put(CallMetrics.CUSTOMER_SENTIMENT_SHIFT, metrics.customerSentimentShift());
    }
    LocalDate day = c.startedAt().atZone(zone).toLocalDate();
    List<Map<String, Object>> out = new ArrayList<>();
    Set<String> shown = new java.util.HashSet<>(ELSEWHERE);
    for (Fact f : FACTS) {
      shown.add(f.key());
      Object v = values.get(f.key());
      String text = format(v, f.format(), zone, day);
      if (text != null) {
        out.add(row(f.key(), f.label(), text));
      }
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!shown.contains(e.getKey()) && e.getValue() != null) {
        String label = e.getKey().replace('_', ' ');
        out.add(
            row(
                e.getKey(),
                Character.toUpperCase(label.charAt(0)) + label.substring(1),
                String.valueOf(e.getValue())));
      }
    }
    return out;
  }

  private static Map<String, Object> row(String key, String label, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("label", label);
    m.put("value", value);
    return m;
  }

  private static String format(Object v, Format f, ZoneId zone, LocalDate day) {
    if (v == null || (v instanceof String s && s.isBlank())) {
      return null;
    }
    return switch (f) {
      case TEXT -> String.valueOf(v);
      case TIME -> local(v, zone, day);
      case SECONDS -> v instanceof Number n ? duration(n.doubleValue()) : String.valueOf(v);
      case YES_NO -> v instanceof Boolean b ? (b ? "yes 是" : "no 否") : String.valueOf(v);
      case CSAT -> v + " of 5";
      case SHARE ->
          v instanceof Number n
              ? String.format(Locale.ROOT, "%.0f%%", 100 * n.doubleValue())
              : String.valueOf(v);
      case DECIMAL ->
          v instanceof Number n
              ? String.format(Locale.ROOT, "%.2f", n.doubleValue())
              : String.valueOf(v);
    };
  }

  /** 74 s as "1:14", 9.5 s as "9.5 s". */
  static String duration(double s) {
    if (s < 60) {
      return (s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.1f", s))
          + " s";
    }
    long whole = Math.round(s);
    return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
  }

  /**
   * An instant (or its ISO text) in the centre's time with its offset; on the local {@code day} of
   * the conversation's start (null: none), the time alone.
   */
  static String local(Object v, ZoneId zone, LocalDate day) {
    Instant t;
    try {
      t = v instanceof Instant i ? i : Instant.parse(String.valueOf(v));
    } catch (DateTimeParseException e) {
      return String.valueOf(v);
    }
    ZonedDateTime z = t.atZone(zone);
    if (z.toLocalDate().equals(day)) {
      return z.format(TIME_ONLY);
    }
    return z.format(FULL);
  }

  private static String label(String kind) {
    return switch (kind) {
      case "CALL" -> "call 通话";
      case "CHAT" -> "chat 在线聊天";
      case "COMPLAINT" -> "complaint 投诉";
      default -> kind;
    };
  }

  private static List<Map<String, Object>> lines(Conversation c) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Line l : c.lines()) {
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("no", l.no());
      lm.put("speaker", l.speaker().name());
      lm.put("start_s", l.startS());
      lm.put("end_s", l.endS());
      lm.put("text", l.text());
      out.add(lm);
    }
    return out;
  }

  private static List<Map<String, Object>> categories(Conversation c) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (CategoryHit h : c.categories()) {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("category", h.category());
      hm.put("line_no", h.lineNo());
      hm.put("start_s", h.startS());
      out.add(hm);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> complaints(Conversation c, ZoneId zone) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (c.facts().get(ConversationFacts.COMPLAINTS) instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> t) {
          Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) t);
          for (String k :
              List.of(ConversationFacts.TICKET_OPENED_AT, ConversationFacts.TICKET_DEADLINE_AT)) {
            if (m.get(k) != null) {
              m.put(k.replace("_at", "_local"), local(m.get(k), zone, null));
            }
          }
          out.add(m);
        }
      }
    }
    return out;
  }

  /**
   * Each scorecard with every point, passed or missed, its weight and evidence: the line where its
   * category was found, the longest silence, the first talk-over, or the quarter its sentiment was
   * measured in.
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> scorecards(Conversation c, Timeline timeline) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!(c.facts().get(ConversationFacts.QA_SCORES) instanceof List<?> scores)) {
      return out;
    }
    for (Object o : scores) {
      if (!(o instanceof Map<?, ?> s)) {
        continue;
      }
      Map<String, Object> sm = new LinkedHashMap<>((Map<String, Object>) s);
      List<Map<String, Object>> points = new ArrayList<>();
      if (sm.get(ConversationFacts.QA_POINTS) instanceof List<?> ps) {
        for (Object p : ps) {
          if (p instanceof Map<?, ?> pm) {
            Map<String, Object> point = new LinkedHashMap<>((Map<String, Object>) pm);
            point.put(
                "evidence",
                evidence(c, timeline, (String) point.get(ConversationFacts.POINT_REASON)));
            points.add(point);
          }
        }
      }
      sm.put(ConversationFacts.QA_POINTS, points);
      out.add(sm);
    }
    return out;
  }

  private static Map<String, Object> evidence(Conversation c, Timeline timeline, String reason) {
    String subject = Scorecard.subjectOf(reason).orElse(null);
    if (subject == null) {
      return null;
    }
    for (CategoryHit h : c.categories()) {
      if (h.category().equals(subject) && h.lineNo() >= 0) {
        return evidence("said here", h.lineNo(), h.startS());
      }
    }
    if (timeline == null) {
      return null;
    }
    if (SILENCE_METRICS.contains(subject) && !timeline.silences().isEmpty()) {
      Timeline.Span longest =
          timeline.silences().stream()
              .max(java.util.Comparator.comparingDouble(Timeline.Span::seconds))
              .orElseThrow();
      return evidence("longest silence, " + duration(longest.seconds()), null, longest.fromS());
    }
    if (OVERLAP_METRICS.contains(subject) && !timeline.overlaps().isEmpty()) {
      Timeline.Span first = timeline.overlaps().get(0);
      return evidence("first talk-over", null, first.fromS());
    }
    if (subject.contains("sentiment")) {
      Timeline.Quarter q =
          subject.endsWith("_first") ? timeline.quarters().get(0) : timeline.quarters().get(3);
      return evidence(
          subject.endsWith("_first") ? "first quarter" : "last quarter", null, q.fromS());
    }
    return null;
  }

  private static Map<String, Object> evidence(String what, Integer lineNo, Double startS) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("what", what);
    m.put("line_no", lineNo);
    m.put("start_s", startS == null ? null : Math.round(startS * 100) / 100.0);
    return m;
  }
}
