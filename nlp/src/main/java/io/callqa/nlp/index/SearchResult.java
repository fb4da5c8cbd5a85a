package io.callqa.nlp.index;

import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Speaker;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link SearchRequest}.
 *
 * @param total conversations matching (exact)
 * @param hits the requested page, best first (or by time)
 * @param facets for each of {@link IndexSchema#FACETS}, value to count over all matches, largest first
 * @param tookMs wall time of the search
 */
public record SearchResult(long total, List<Hit> hits, Map<String, Map<String, Long>> facets, double tookMs) {

  /**
   * One matching conversation and the line that best matches. With no text query the first line stands in.
   *
   * @param speaker who said the best-matching line; null for a conversation with no line
   * @param lineNo position of that line in the conversation
   * @param startS second of the recording the line starts at; null for written text
   * @param snippet the line with matches marked, personal data already masked
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
      String snippet) {}
}
