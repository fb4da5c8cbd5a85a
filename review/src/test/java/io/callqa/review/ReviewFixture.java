package io.callqa.review;

import io.callqa.access.Role;
import io.callqa.access.Users;
import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import io.callqa.nlp.index.ConversationFacts;
import io.callqa.nlp.index.Conversations;
import io.callqa.nlp.index.IndexSchema;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.nlp.index.TranscriptSearcher;
import io.callqa.samples.SampleRecordings;
import io.callqa.warehouse.storage.RedactedRecordings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running review server over a small index: the hand-written {@link Conversations#sample()} and
 * sample recording s01 (lost card, mu-law stereo) as conversation "S01" with its script's real
 * timings. Users: reviewer anna / analyst bob, passwords {@link #PASSWORD}.
 */
final class ReviewFixture implements AutoCloseable {
  static final String PASSWORD = "correct horse battery";
  static final String RECORDED = "S01";
  static final LocalDate DAY = LocalDate.parse("2026-03-05");

  /** Chats whose first line is one canned question: a search collapses them into one hit. */
  static final int SAME_LINE_CHATS = 3;

  final Path dir;
  final Path auditFile;
  final SampleRecordings.Call call = SampleRecordings.calls().get(0);
  final TranscriptSearcher searcher;
  final ReviewServer server;

  ReviewFixture(Path dir) {
    this(dir, false);
  }

  /**
   * @param original the conversation names the delivered recording in a landing zone (as an index
   *     written before redacted copies existed did), not a redacted copy
   */
  ReviewFixture(Path dir, boolean original) {
    this.dir = dir;
    Path index = TranscriptIndex.dirUnder(dir);
    if (original) {
      writeIndex(
          index, call, SampleRecordings.copy(call, dir.resolve("landing/recordings")).toString());
    } else {
      writeIndex(index, call, redactedCopy(dir, call).toString());
    }
    Path usersFile = dir.resolve("users.conf");
    Users.add(usersFile, "anna", Role.REVIEWER, PASSWORD.toCharArray(), 1000);
    Users.add(usersFile, "bob", Role.ANALYST, PASSWORD.toCharArray(), 1000);
    auditFile = dir.resolve("audit.jsonl");
    searcher = TranscriptSearcher.open(index, TranscriptSearcher.Snippets.HTML);
    server =
        new ReviewServer(
                searcher,
                ManualScoreJournal.reviewPageFile(dir),
                Users.load(usersFile),
                new AuditLog(auditFile, Clock.systemUTC()),
                Clock.systemUTC())
            .start("127.0.0.1", 0);
  }

  /**
   * The sample placed where the transcribe stage writes the redacted copy of {@link #RECORDED}
   * under a warehouse at {@code warehouse}: the review server plays only such copies.
   */
  static Path redactedCopy(Path warehouse, SampleRecordings.Call call) {
    Path target = warehouse.resolve(RedactedRecordings.relativePath(RECORDED, DAY));
    Path copied = SampleRecordings.copy(call, target.getParent());
    try {
      return java.nio.file.Files.move(copied, target);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Writes the fixture's index to {@code index}: the hand-written sample and {@code call} as
   * conversation {@link #RECORDED}, its recording named by {@code recording} (a path or a URI).
   */
  static void writeIndex(Path index, SampleRecordings.Call call, String recording) {
    List<Line> lines = new ArrayList<>();
    for (SampleRecordings.Turn t : call.turns()) {
      lines.add(
          new Line(lines.size(), Speaker.valueOf(t.speaker()), t.startS(), t.endS(), t.text()));
    }
    Conversation recorded =
        new Conversation(
            RECORDED,
            Kind.CALL,
            DAY,
            Instant.parse("2026-03-05T02:00:00Z"),
            "en",
            "WUHAN",
            "CARD_SERVICES",
            "VIP",
            "A300",
            "VOICE",
            4,
            180.0,
            true,
            0.93,
            recording,
            lines,
            List.of(
                new Conversation.CategoryHit("lost_stolen_card", 1, call.turns().get(1).startS()),
                new Conversation.CategoryHit(
                    "identity_verification", 2, call.turns().get(2).startS())),
            facts());
    try (TranscriptIndex w = TranscriptIndex.open(index)) {
      Conversations.sample().forEach(w::put);
      w.put(recorded);
      for (int i = 1; i <= SAME_LINE_CHATS; i++) {
        w.put(
            Conversations.chat(
                "CH" + i,
                DAY,
                Instant.parse("2026-03-05T03:00:00Z").plusSeconds(60L * i),
                "en",
                Map.of(),
                "how do i report a lost card",
                i % 2 == 0 ? "in the app" : "by phone"));
      }
      // The centre's zone, as the index stage records it: the page shows local times in it.
      w.commit(Map.of(IndexSchema.COMMIT_TIME_ZONE, "Asia/Shanghai"));
    }
  }

  /**
   * S01's facts as the index stage writes them (IndexJob.callConversation): times as UTC instants,
   * durations in seconds, the card-hotline scorecard with a passed, a missed and a not-applicable
   * point.
   */
  private static Map<String, Object> facts() {
    Map<String, Object> f = new java.util.LinkedHashMap<>();
    f.put("direction", "INBOUND");
    f.put("queue_start", "2026-03-05T01:59:48Z");
    f.put("answered_at", "2026-03-05T02:00:00Z");
    f.put("ended_at", "2026-03-05T02:03:00Z");
    f.put("wait_s", 12.0);
    f.put("answered_within_sl", true);
    f.put("abandoned", false);
    f.put("talk_s", 150.0);
    f.put("hold_s", 10.0);
    f.put("acw_s", 20.0);
    f.put("handle_s", 180.0);
    f.put("fcr", "resolved");
    f.put("survey_csat", 4);
    f.put(
        "complaints",
        List.of(
            Map.of(
                "ticket_id",
                "T-9",
                "status",
                "OPEN",
                "category",
                "CARD_LOSS",
                "opened_at",
                "2026-03-05T02:10:00Z")));
    f.put(
        ConversationFacts.QA_SCORES,
        List.of(
            Map.of(
                "scorecard",
                "card-hotline",
                "score",
                85.0,
                "passed",
                true,
                "auto_failed",
                false,
                "points",
                List.of(
                    point(
                        "verify", "Verifies identity", true, 20, 20, "identity_verification found"),
                    point("recap", "Recaps the resolution", false, 0, 15, "recap not found"),
                    point(
                        "silence",
                        "Silence under 20%",
                        true,
                        15,
                        15,
                        "silence_share = 0.050 (max 0.200)"),
                    point(
                        "interrupt",
                        "No interruptions",
                        null,
                        0,
                        0,
                        "agent_interruptions does not apply")))));
    return f;
  }

  private static Map<String, Object> point(
      String id, String label, Boolean met, double points, double max, String reason) {
    Map<String, Object> p = new java.util.LinkedHashMap<>();
    p.put("id", id);
    p.put("label", label);
    p.put("met", met);
    p.put("points", points);
    p.put("max_points", max);
    p.put("auto_fail", false);
    p.put("reason", reason);
    return p;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /**
   * A client signed in as {@code user} (password {@link #PASSWORD}) to the server at {@code base}
   * ({@code http://host:port}), its session cookie kept.
   */
  static java.net.http.HttpClient signIn(String base, String user) throws Exception {
    java.net.http.HttpClient c =
        java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    java.net.http.HttpResponse<String> login =
        c.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "user="
                            + user
                            + "&password="
                            + java.net.URLEncoder.encode(
                                PASSWORD, java.nio.charset.StandardCharsets.UTF_8)))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    org.assertj.core.api.Assertions.assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
    return c;
  }

  /** The turn a search for "stolen" lands on: the customer's first line. */
  SampleRecordings.Turn stolenTurn() {
    return call.turns().stream().filter(t -> t.text().contains("stolen")).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    server.close();
    searcher.close();
  }
}
