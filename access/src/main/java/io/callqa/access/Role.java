package io.callqa.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user may see, through whichever door. Transcripts, chats, ticket notes and reviewers'
 * comments are personal data: only reviewers (and operators, on the SQL endpoint) read them. The
 * SQL endpoint's table and column rules per role are in {@code io.callqa.jobs.sql.SqlAccess}; the
 * review server serves {@link #REVIEWER} and {@link #ANALYST} only.
 */
public enum Role {
  /** Reads and hears conversations: snippets, transcripts, recordings, free-text columns. */
  REVIEWER,
  /** Counts, facets, KPIs and call facts; no transcript text, no audio, no free-text column. */
  ANALYST,
  /** A service account (Superset): the gold tables the dashboards read, nothing else. */
  SERVICE,
  /**
   * Runs the pipeline: every table and column on the SQL endpoint, including rejects' raw records.
   */
  OPERATOR;

  /** Whether the role may read what was said or written (transcript text, chats, notes, audio). */
  public boolean seesTranscripts() {
    return this == REVIEWER || this == OPERATOR;
  }

  /** Parses a role's label, any case; an unknown one is an error listing the roles. */
  public static Role parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role '" + s.strip() + "'; use " + labels(), e);
    }
  }

  /** The roles' labels, e.g. {@code reviewer, analyst, service or operator}. */
  public static String labels() {
    String all = Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
