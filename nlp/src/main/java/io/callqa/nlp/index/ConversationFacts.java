package io.callqa.nlp.index;

/**
 * The keys of {@link Conversation#facts()}: what the index stage writes ({@code IndexJob}) and the
 * review page reads, named once. A key that mirrors a warehouse column has the column's name (the
 * index stage copies the value; the key is this class's).
 */
public final class ConversationFacts {

  // A call's facts.
  public static final String DIRECTION = "direction";
  public static final String HOTLINE = "hotline";
  public static final String IVR_OUTCOME = "ivr_outcome";
  public static final String QUEUE_START = "queue_start";
  public static final String ANSWERED_AT = "answered_at";
  public static final String ENDED_AT = "ended_at";
  public static final String WAIT_S = "wait_s";
  public static final String ANSWERED_WITHIN_SL = "answered_within_sl";
  public static final String ABANDONED = "abandoned";
  public static final String TALK_S = "talk_s";
  public static final String HOLD_S = "hold_s";
  public static final String ACW_S = "acw_s";
  public static final String HANDLE_S = "handle_s";
  public static final String TRANSFERRED_OUT = "transferred_out";
  public static final String DISPOSITION = "disposition";
  public static final String FCR = "fcr";
  public static final String SURVEY_CSAT = "survey_csat";
  public static final String SURVEY_NPS = "survey_nps";
  public static final String SURVEY_RESOLVED = "survey_resolved";

  /** Why a call has no recording to play (absent when it has one). */
  public static final String AUDIO_NOTE = "audio_note";

  /** Read-out spans silenced in the played copy. */
  public static final String AUDIO_SILENCED_SPANS = "audio_silenced_spans";

  // A chat's facts.
  public static final String CUSTOMER_ID_KNOWN = "customer_id_known";
  public static final String MESSAGES = "messages";

  /** Linked complaint tickets: a list of maps with the complaint columns, times as ISO instants. */
  public static final String COMPLAINTS = "complaints";

  public static final String TICKET_OPENED_AT = "opened_at";
  public static final String TICKET_DEADLINE_AT = "deadline_at";

  /**
   * The automatic QA scores: a list of maps with {@code scorecard}, {@link #QA_SCORE}, {@code
   * passed}, {@code auto_failed} and {@link #QA_POINTS}, each point with {@link #POINT_REASON}.
   */
  public static final String QA_SCORES = "qa_scores";

  public static final String QA_SCORE = "score";
  public static final String QA_POINTS = "points";
  public static final String POINT_REASON = "reason";

  private ConversationFacts() {}
}
