package io.callqa.nlp.index;

import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Speaker;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link SearchRequest}.
 *
 * @param total conversations matching (exact)
 * @param hits the requested page, best first (or by time)
 * @param facets for each of {@link IndexSchema#FACETS}, value to count over all matches, largest
 *     first
 * @param more conversations beyond this page remain (total counts conversations; a hit may stand
 *     for several chats with the same line)
 * @param tookMs wall time of the search
 */
public record SearchResult(
    long total,
    List<Hit> hits,
    Map<String, Map<String, Long>> facets,
    boolean more,
    double tookMs) {

  /**
   * The JSON form shared by {@code callqa search --json} and the review server's API: {@code
   * {"total": n, "more": b, "took_ms": t, "hits": [{"call_id", "kind", "day", "started_at", "site",
   * "queue", "agent", "language", "speaker", "line_no", "start_s", "score", "snippet",
   * "duration_s", "csat", "qa_score", "categories", "count", "same_line"}], "facets": {"site":
   * {...}, "queue": {...}, "agent_id": {...}, "category": {...}, "kind": {...}, "language": {...},
   * "day": {...}}}}.
   */
  public Map<String, Object> toMap() {
    List<Map<String, Object>> hs = new ArrayList<>();
    for (Hit h : hits) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("call_id", h.id());
      m.put("kind", h.kind().name());
      m.put("day", h.day().toString());
      m.put("started_at", h.startedAt().toString());
      m.put("site", h.site());
      m.put("queue", h.queue());
      m.put("agent", h.agentId());
      m.put("language", h.language());
      m.put("speaker", h.speaker() == null ? null : h.speaker().name());
      m.put("line_no", h.lineNo());
      m.put("start_s", h.startS());
      m.put("score", Math.round(h.score() * 1000) / 1000.0);
      m.put("snippet", h.snippet());
      m.put("duration_s", h.durationS());
      m.put("csat", h.csat());
      m.put("qa_score", h.qaScore());
      m.put("categories", h.categories());
      m.put("count", 1 + h.sameLine().size());
      m.put("same_line", h.sameLine());
      hs.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", total);
    out.put("more", more);
    out.put("took_ms", Math.round(tookMs * 100) / 100.0);
    out.put("hits", hs);
    out.put("facets", facets);
    return out;
  }

  /**
   * One matching conversation and the line that best matches. With no text query the first line
   * stands in.
   *
   * @param speaker who said the best-matching line; null for a conversation with no line
   * @param lineNo position of that line in the conversation
   * @param startS second of the recording the line starts at; null for written text
   * @param snippet the line with matches marked, personal data already masked
   * @param durationS the recording's length to its last line; null for written text
   * @param csat the survey's CSAT, null if none
   * @param qaScore the automatic QA score (first scorecard), null if not scored
   * @param categories the categories found in it, sorted
   * @param sameLine further chats whose best line is the same text (collapsed into this hit)
   */
  public record Hit(
      String id,
      Kind kind,
      LocalDate day,
      Instant startedAt,
      String site,
      String queue,
      String agentId,
      String language,
      Speaker speaker,
      Integer lineNo,
      Double startS,
      float score,
      String snippet,
      Double durationS,
      Integer csat,
      Double qaScore,
      List<String> categories,
      List<String> sameLine) {

    public Hit {
      categories = List.copyOf(categories);
      sameLine = List.copyOf(sameLine);
    }
  }
}
