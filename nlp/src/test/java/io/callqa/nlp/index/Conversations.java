package io.callqa.nlp.index;

import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small hand-written set of conversations, English and Chinese, for index and search tests. */
public final class Conversations {

  private Conversations() {}

  /** A call: lines alternate AGENT, CUSTOMER, ... starting at 0 s, 5 s apart. */
  public static Conversation call(
      String id,
      String day,
      String site,
      String queue,
      String agent,
      String language,
      Integer csat,
      double handleS,
      boolean complaint,
      double confidence,
      String... lines) {
    List<Line> ls = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      Speaker sp = i % 2 == 0 ? Speaker.AGENT : Speaker.CUSTOMER;
      ls.add(new Line(i, sp, i * 5.0, i * 5.0 + 4.0, lines[i]));
    }
    LocalDate d = LocalDate.parse(day);
    return new Conversation(
        id,
        Kind.CALL,
        d,
        Instant.parse(day + "T09:00:00Z").plusSeconds(id.hashCode() & 0xfff),
        language,
        site,
        queue,
        "STANDARD",
        agent,
        "VOICE",
        csat,
        handleS,
        complaint,
        confidence,
        null,
        ls,
        List.of(),
        Map.of("handle_s", handleS));
  }

  /**
   * A web chat: lines alternate CUSTOMER, AGENT, ... with no times; no site, queue or agent.
   *
   * @param day the centre's local day it started on
   */
  public static Conversation chat(
      String id,
      LocalDate day,
      Instant startedAt,
      String language,
      Map<String, Object> facts,
      String... texts) {
    List<Line> ls = new ArrayList<>();
    for (String t : texts) {
      ls.add(
          new Line(
              ls.size(), ls.size() % 2 == 0 ? Speaker.CUSTOMER : Speaker.AGENT, null, null, t));
    }
    return new Conversation(
        id, Kind.CHAT, day, startedAt, language, null, null, null, null, "WEB", null, null, false,
        null, null, ls, List.of(), facts);
  }

  /** The same conversation with these category hits. */
  public static Conversation withHits(Conversation c, Conversation.CategoryHit... hits) {
    return new Conversation(
        c.id(),
        c.kind(),
        c.day(),
        c.startedAt(),
        c.language(),
        c.site(),
        c.queue(),
        c.segment(),
        c.agentId(),
        c.channel(),
        c.csat(),
        c.handleS(),
        c.hasComplaint(),
        c.confidence(),
        c.recording(),
        c.lines(),
        List.of(hits),
        c.facts());
  }

  /**
   * The fixture set: ids C1..C6 calls, H1 a chat, T1 an unlinked complaint. C1 has a
   * lost_stolen_card hit on line 1, C2 a fee_complaint hit on line 1.
   */
  public static List<Conversation> sample() {
    return List.of(
        withHits(
            call(
                "C1",
                "2026-03-02",
                "SHANGHAI",
                "CARD_SERVICES",
                "A100",
                "en",
                2,
                400,
                true,
                0.91,
                "thank you for calling this is anna how can i help",
                "my card was stolen yesterday and i need to block it",
                "i am sorry to hear that let me verify your identity first",
                "sure my date of birth is in may"),
            new Conversation.CategoryHit("lost_stolen_card", 1, 5.0)),
        withHits(
            call(
                "C2",
                "2026-03-02",
                "SHANGHAI",
                "BILLING",
                "A101",
                "en",
                5,
                200,
                false,
                0.95,
                "good morning how may i help",
                "there is an annual fee on my statement i want it waived",
                "i can waive the fee this time"),
            new Conversation.CategoryHit("fee_complaint", 1, 5.0)),
        call(
            "C3",
            "2026-03-03",
            "CHENGDU",
            "CARD_SERVICES",
            "A200",
            "en",
            4,
            300,
            false,
            0.62,
            "hello thank you for calling",
            "i lost my card and someone might have stolen my wallet too",
            "i will block the card now"),
        call(
            "C4",
            "2026-03-03",
            "CHENGDU",
            "BILLING",
            "A200",
            "zh",
            1,
            500,
            true,
            0.88,
            "您好 请问有什么可以帮您",
            "我的信用卡丢了 我要挂失",
            "好的 我马上为您办理挂失"),
        call(
            "C5",
            "2026-03-04",
            "SHANGHAI",
            "DISPUTES",
            "A100",
            "en",
            null,
            600,
            false,
            0.9,
            "hello how can i help",
            "i do not recognise this transaction i want to dispute it",
            "i have opened a dispute for the transaction"),
        call(
            "C6",
            "2026-03-04",
            "SHANGHAI",
            "CARD_SERVICES",
            "A101",
            "en",
            3,
            250,
            false,
            0.93,
            "my card",
            "stolen is not what happened i just forgot the pin"),
        new Conversation(
            "H1",
            Kind.CHAT,
            LocalDate.parse("2026-03-03"),
            Instant.parse("2026-03-03T10:00:00Z"),
            "en",
            null,
            null,
            "VIP",
            null,
            "WEB",
            null,
            null,
            false,
            null,
            null,
            List.of(
                new Line(0, Speaker.CUSTOMER, null, null, "why was i charged a late payment fee"),
                new Line(1, Speaker.AGENT, null, null, "let me check your account")),
            List.of(),
            Map.of()),
        new Conversation(
            "T1",
            Kind.COMPLAINT,
            LocalDate.parse("2026-03-04"),
            Instant.parse("2026-03-04T08:00:00Z"),
            "zh",
            null,
            null,
            null,
            null,
            "BRANCH",
            null,
            null,
            true,
            null,
            null,
            List.of(new Line(0, Speaker.TICKET, null, null, "客户投诉年费扣款 要求退还")),
            List.of(),
            Map.of()));
  }
}
