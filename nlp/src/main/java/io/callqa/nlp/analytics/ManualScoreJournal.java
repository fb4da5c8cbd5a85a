package io.callqa.nlp.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manual QA scores waiting to enter the warehouse: JSON lines under {@code
 * WAREHOUSE/manual-scores/}, one {@link Entry} a line. The review server (no Spark) appends to
 * {@link #reviewPageFile}; the analyse stage {@link #read}s every {@code *.jsonl} there into
 * qa_manual_scores. One place for the folder, the line format and what makes a score valid.
 */
public final class ManualScoreJournal {

  public static final String DIR = "manual-scores";

  static final String CALL_ID = "call_id";
  static final String SCORECARD = "scorecard";
  static final String REVIEWER = "reviewer";
  static final String REVIEWED_AT = "reviewed_at";
  static final String SCORE = "score";
  static final String COMMENT = "comment";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One manual score; the constructor rejects what no table should hold. */
  public record Entry(
      String callId,
      String scorecard,
      String reviewer,
      Instant reviewedAt,
      double score,
      String comment) {
    public Entry {
      require(callId, CALL_ID);
      require(scorecard, SCORECARD);
      require(reviewer, REVIEWER);
      if (reviewedAt == null) {
        throw new IllegalArgumentException("missing " + REVIEWED_AT);
      }
      if (!(score >= 0 && score <= 100)) {
        throw new IllegalArgumentException("score must be between 0 and 100, got " + score);
      }
      comment = comment == null || comment.isBlank() ? null : comment.strip();
    }

    private static void require(String v, String name) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("missing " + name);
      }
    }
  }

  /** A line that was read, with its 1-based number and text. */
  public record Good(int line, String raw, Entry entry) {}

  /** A line that could not be read, with its 1-based number and why. */
  public record Bad(int line, String raw, String reason) {}

  /** What a journal file holds. */
  public record Contents(List<Good> entries, List<Bad> bad) {}

  private ManualScoreJournal() {}

  /** The journal the review page writes. */
  public static Path reviewPageFile(Path warehouse) {
    return warehouse.resolve(DIR).resolve("review-page.jsonl");
  }

  /** Appends one entry and syncs it to disk. */
  public static synchronized void append(Path file, Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(CALL_ID, e.callId());
    m.put(SCORECARD, e.scorecard());
    m.put(REVIEWER, e.reviewer());
    m.put(REVIEWED_AT, e.reviewedAt().toString());
    m.put(SCORE, e.score());
    m.put(COMMENT, e.comment());
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(m) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot append to manual score journal " + file, ex);
    }
  }

  /** Reads a journal file; bad lines are returned with their reason, never dropped silently. */
  public static Contents read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manual score journal " + file, e);
    }
    List<Good> good = new ArrayList<>();
    List<Bad> bad = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        String at = text(n, REVIEWED_AT);
        good.add(
            new Good(
                i + 1,
                line,
                new Entry(
                    text(n, CALL_ID),
                    text(n, SCORECARD),
                    text(n, REVIEWER),
                    at == null ? null : Instant.parse(at),
                    n.path(SCORE).asDouble(Double.NaN),
                    text(n, COMMENT))));
      } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
        bad.add(
            new Bad(
                i + 1,
                line,
                e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage())));
      }
    }
    return new Contents(good, bad);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
