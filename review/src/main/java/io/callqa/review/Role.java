package io.callqa.review;

import java.util.Locale;

/** What a signed-in user may see. Transcripts are personal data: only reviewers read or hear them. */
public enum Role {
  /** Searches with snippets, opens conversations, plays recordings. */
  REVIEWER,
  /** Searches for counts, facets and call facts; no transcript text, no audio. */
  ANALYST;

  public boolean seesTranscripts() {
    return this == REVIEWER;
  }

  /** Parses {@code reviewer} or {@code analyst}, any case. */
  public static Role parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role '" + s.strip() + "'; use reviewer or analyst", e);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
