package io.callqa.nlp.index;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One searchable conversation as the index stores it: call facts for filtering and display, and its
 * utterances in order. Text is already masked (the index never sees a card number).
 *
 * @param id call_id, a chat's contact_id, or a complaint's ticket_id
 * @param kind what the conversation is
 * @param day local day it started
 * @param startedAt when it started (sort order "time")
 * @param language zh or en; picks the analyzer of its text
 * @param site answering site; null for chats and unlinked complaints
 * @param queue agent queue, null if none
 * @param segment customer segment, null if unknown
 * @param agentId answering agent, null if none
 * @param channel VOICE, or the chat / complaint channel
 * @param csat survey CSAT 1-5, null if none
 * @param handleS handle time in seconds (talk + hold + after-call work), null if not answered
 * @param hasComplaint a complaint ticket is linked to it
 * @param confidence mean recogniser confidence over its utterances, null for written text
 * @param recording the redacted copy of the recording under the warehouse (path or URI), the only
 *     audio the review server plays; null if none
 * @param lines utterances, messages or ticket notes in order
 * @param categories category hits of the analyse stage, in line order (a filter and jump points)
 * @param facts further facts for the review page (KPIs of the call, survey, complaints),
 *     JSON-compatible, under the keys of {@link ConversationFacts}
 */
public record Conversation(
    String id,
    Kind kind,
    LocalDate day,
    Instant startedAt,
    String language,
    String site,
    String queue,
    String segment,
    String agentId,
    String channel,
    Integer csat,
    Double handleS,
    boolean hasComplaint,
    Double confidence,
    String recording,
    List<Line> lines,
    List<CategoryHit> categories,
    Map<String, Object> facts) {

  /** What a conversation is. */
  public enum Kind {
    CALL,
    CHAT,
    COMPLAINT
  }

  /**
   * Who wrote or said a line. Query fields are the lower-case names ({@code agent:}, {@code
   * customer:}).
   */
  public enum Speaker {
    AGENT,
    CUSTOMER,
    /** Mono recording: either party. */
    UNKNOWN,
    /** Complaint ticket notes. */
    TICKET;

    /** A speaker column's value (AGENT, CUSTOMER, ...); anything else, or null, is UNKNOWN. */
    public static Speaker parse(String s) {
      for (Speaker v : values()) {
        if (v.name().equals(s)) {
          return v;
        }
      }
      return UNKNOWN;
    }
  }

  /**
   * One utterance, chat message or ticket note.
   *
   * @param no 0-based position in the conversation
   * @param startS seconds from the start of the recording; null for written text
   * @param endS end in seconds; null for written text
   */
  public record Line(int no, Speaker speaker, Double startS, Double endS, String text) {
    public Line {
      Objects.requireNonNull(speaker, "speaker");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A category the analyse stage found, on the line where its words start.
   *
   * @param lineNo the line's {@link Line#no()}, or -1 when the rule holds for the whole
   *     conversation
   * @param startS the line's start in the recording; null for written text
   */
  public record CategoryHit(String category, int lineNo, Double startS) {
    public CategoryHit {
      Objects.requireNonNull(category, "category");
    }
  }

  /** Seconds from the start of the recording to the end of its last line; null for written text. */
  public Double durationS() {
    Double end = null;
    for (Line l : lines) {
      if (l.endS() != null && (end == null || l.endS() > end)) {
        end = l.endS();
      }
    }
    return end;
  }

  /** The first scorecard's automatic QA score (0-100), null when the call was not scored. */
  public Double qaScore() {
    if (facts.get(ConversationFacts.QA_SCORES) instanceof List<?> scores
        && !scores.isEmpty()
        && scores.get(0) instanceof Map<?, ?> first
        && first.get(ConversationFacts.QA_SCORE) instanceof Number n) {
      return n.doubleValue();
    }
    return null;
  }

  /** Names of the categories hit, each once, sorted. */
  public java.util.SortedSet<String> categoryNames() {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    categories.forEach(h -> out.add(h.category()));
    return out;
  }

  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(language, "language");
    lines = List.copyOf(lines);
    categories = categories == null ? List.of() : List.copyOf(categories);
    facts = facts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }
}
