package io.callqa.jobs.landing;

import static io.callqa.warehouse.tables.Calls.*;

import io.callqa.nlp.redact.Redactor;
import io.callqa.warehouse.tables.RowBuilder;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.TicketEvents;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Validation and typing of one landing record per feed, following SPEC.md. Each method returns the
 * row filled by column name, lineage columns left for the caller.
 */
final class RecordParsers {
  static final Set<String> DIRECTIONS = Set.of("INBOUND", "OUTBOUND");
  static final Set<String> LANGUAGES = Set.of("zh", "en");
  static final Set<String> SEGMENTS = Set.of("STANDARD", "VIP");
  static final Set<String> IVR_OUTCOMES = Set.of("SELF_SERVICE", "TRANSFER", "ABANDON");
  static final Set<String> EVENTS =
      Set.of("OPENED", "ACKNOWLEDGED", "ESCALATED", "EXTENDED", "RESOLVED", "REOPENED", "CLOSED");
  static final Set<String> CHANNELS =
      Set.of("PHONE", "WEB", "EMAIL", "SMS", "WECHAT", "QQ", "LETTER", "REGULATOR");
  static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

  /** Longest plausible talk, hold or after-call-work time of one contact: one day. */
  static final int MAX_SECONDS = 86_400;

  private RecordParsers() {}

  static RowBuilder call(Fields f, ZoneId zone) throws RejectException {
    String callId = f.required(CALL_ID);
    String direction = f.enumValue(DIRECTION, DIRECTIONS, true, false);
    String site = f.required(SITE).toUpperCase(java.util.Locale.ROOT);
    String hotline = f.text(HOTLINE);
    String language = f.enumValue(LANGUAGE, LANGUAGES, true, true);
    String segment = f.enumValue(SEGMENT, SEGMENTS, true, false);
    String customerId = f.text(CUSTOMER_ID);
    Instant ivrStart = f.timestamp(IVR_START, false);
    Instant ivrEnd = f.timestamp(IVR_END, false);
    String ivrOutcome = f.enumValue(IVR_OUTCOME, IVR_OUTCOMES, false, false);
    String queue = f.text(QUEUE);
    Instant queueStart = f.timestamp(QUEUE_START, false);
    Instant answeredAt = f.timestamp(ANSWERED_AT, false);
    Instant endedAt = f.timestamp(ENDED_AT, true);
    String agentId = f.text(AGENT_ID);
    Integer talk = f.integer(TALK_S, 0, MAX_SECONDS);
    Integer hold = f.integer(HOLD_S, 0, MAX_SECONDS);
    Integer acw = f.integer(ACW_S, 0, MAX_SECONDS);
    Boolean transferred = f.bool(TRANSFERRED_OUT, Boolean.FALSE);
    String disposition = f.text(DISPOSITION);
    String recording = f.text(RECORDING);

    boolean inbound = "INBOUND".equals(direction);
    if (ivrStart != null && !inbound) {
      throw new RejectException("column ivr_start: an OUTBOUND contact has no IVR leg");
    }
    if (ivrStart == null && (ivrEnd != null || ivrOutcome != null)) {
      throw new RejectException("column ivr_start: missing while ivr_end or ivr_outcome is set");
    }
    if (ivrStart != null && ivrOutcome == null) {
      throw new RejectException("column ivr_outcome: required when ivr_start is set");
    }
    order(IVR_END, ivrEnd, IVR_START, ivrStart, "left the IVR before entering it");
    if (queueStart != null && queue == null) {
      throw new RejectException("column queue: required when queue_start is set");
    }
    if (inbound && answeredAt != null && queueStart == null) {
      throw new RejectException("column answered_at: an inbound contact answered but never queued");
    }
    order(ANSWERED_AT, answeredAt, QUEUE_START, queueStart, "answered before queued");
    order(QUEUE_START, queueStart, IVR_START, ivrStart, "queued before entering the IVR");
    order(ENDED_AT, endedAt, ANSWERED_AT, answeredAt, "ended before answered");
    order(ENDED_AT, endedAt, QUEUE_START, queueStart, "ended before queued");
    order(ENDED_AT, endedAt, IVR_START, ivrStart, "ended before entering the IVR");
    if (answeredAt != null && talk == null) {
      throw new RejectException("column talk_s: required for an answered contact");
    }
    if (answeredAt == null && (talk != null && talk > 0)) {
      throw new RejectException(
          "column talk_s: " + talk + " s of talk on a contact nobody answered");
    }
    Instant start = first(ivrStart, queueStart, answeredAt, endedAt);
    LocalDate day = start.atZone(zone).toLocalDate();
    return io.callqa.warehouse.tables.Calls.SPEC
        .row()
        .set(CALL_ID, callId)
        .set(DIRECTION, direction)
        .set(SITE, site)
        .set(HOTLINE, hotline)
        .set(LANGUAGE, language)
        .set(SEGMENT, segment)
        .set(CUSTOMER_ID, customerId)
        .set(IVR_START, ivrStart)
        .set(IVR_END, ivrEnd)
        .set(IVR_OUTCOME, ivrOutcome)
        .set(QUEUE, queue)
        .set(QUEUE_START, queueStart)
        .set(ANSWERED_AT, answeredAt)
        .set(ENDED_AT, endedAt)
        .set(AGENT_ID, agentId)
        .set(TALK_S, talk)
        .set(HOLD_S, hold)
        .set(ACW_S, acw)
        .set(TRANSFERRED_OUT, transferred)
        .set(DISPOSITION, disposition)
        .set(RECORDING, recording)
        .set(CONTACT_START, start)
        .set(DAY, day);
  }

  static RowBuilder survey(Fields f) throws RejectException {
    String callId = f.required(Surveys.CALL_ID);
    Boolean offered = f.bool(Surveys.OFFERED, null);
    if (offered == null) {
      throw new RejectException("column offered: required value is missing");
    }
    Instant completedAt = f.timestamp(Surveys.COMPLETED_AT, false);
    Integer csat = f.integer(Surveys.CSAT, 1, 5);
    Integer nps = f.integer(Surveys.NPS, 0, 10);
    Boolean resolved = f.bool(Surveys.RESOLVED, null);
    if (completedAt != null && !offered) {
      throw new RejectException("column completed_at: a survey completed but not offered");
    }
    if (completedAt == null && (csat != null || nps != null || resolved != null)) {
      throw new RejectException("column completed_at: missing while the survey has answers");
    }
    return Surveys.SPEC
        .row()
        .set(Surveys.CALL_ID, callId)
        .set(Surveys.OFFERED, offered)
        .set(Surveys.COMPLETED_AT, completedAt)
        .set(Surveys.CSAT, csat)
        .set(Surveys.NPS, nps)
        .set(Surveys.RESOLVED, resolved);
  }

  static RowBuilder ticketEvent(Fields f, ZoneId zone) throws RejectException {
    String ticketId = f.required(TicketEvents.TICKET_ID);
    Instant at = f.timestamp(TicketEvents.EVENT_AT, true);
    String event = f.enumValue(TicketEvents.EVENT, EVENTS, true, false);
    String channel = f.enumValue(TicketEvents.CHANNEL, CHANNELS, true, false);
    String category = f.text(TicketEvents.CATEGORY);
    String severity = f.enumValue(TicketEvents.SEVERITY, SEVERITIES, true, false);
    String customerId = f.text(TicketEvents.CUSTOMER_ID);
    String callId = f.text(TicketEvents.CALL_ID);
    // Ticket text often carries card and phone numbers: masked before it is stored anywhere.
    String text = f.text(TicketEvents.TEXT);
    text = text == null ? null : Redactor.redactText(text);
    LocalDate day = at.atZone(zone).toLocalDate();
    return TicketEvents.SPEC
        .row()
        .set(TicketEvents.TICKET_ID, ticketId)
        .set(TicketEvents.EVENT_AT, at)
        .set(TicketEvents.EVENT, event)
        .set(TicketEvents.CHANNEL, channel)
        .set(TicketEvents.CATEGORY, category)
        .set(TicketEvents.SEVERITY, severity)
        .set(TicketEvents.CUSTOMER_ID, customerId)
        .set(TicketEvents.CALL_ID, callId)
        .set(TicketEvents.TEXT, text)
        .set(TicketEvents.DAY, day);
  }

  private static void order(
      String laterCol, Instant later, String earlierCol, Instant earlier, String what)
      throws RejectException {
    if (later != null && earlier != null && later.isBefore(earlier)) {
      throw new RejectException(
          "column "
              + laterCol
              + ": "
              + what
              + " ("
              + laterCol
              + " "
              + later
              + " < "
              + earlierCol
              + " "
              + earlier
              + ")");
    }
  }

  private static Instant first(Instant... candidates) {
    for (Instant i : candidates) {
      if (i != null) {
        return i;
      }
    }
    throw new IllegalStateException("ended_at is required, so a contact always has a time");
  }
}
