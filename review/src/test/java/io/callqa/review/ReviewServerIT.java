package io.callqa.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.nlp.analytics.ManualScoreJournal;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review server over real HTTP: sign-in, roles, the search API, conversation, audio ranges,
 * audit.
 */
class ReviewServerIT {
  @TempDir static Path dir;
  static ReviewFixture f;
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() {
    f = new ReviewFixture(dir);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  HttpClient client() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  }

  /** Each client's CSRF token, as the pages read it from /api/me. */
  final java.util.Map<HttpClient, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

  HttpClient signedIn(String user) throws Exception {
    HttpClient c = client();
    HttpResponse<String> r =
        post(
            c,
            "/login",
            "user="
                + user
                + "&password="
                + URLEncoder.encode(ReviewFixture.PASSWORD, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
        .contains("HttpOnly")
        .contains("SameSite=Strict");
    tokens.put(c, json.readTree(get(c, "/api/me").body()).get("csrf").asText());
    return c;
  }

  HttpResponse<String> get(HttpClient c, String path) throws IOException, InterruptedException {
    return c.send(
        HttpRequest.newBuilder(URI.create(f.url(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A POST as the pages send it: the session's CSRF token in X-CSRF-Token (when signed in). */
  HttpResponse<String> post(HttpClient c, String path, String form)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(f.url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (tokens.containsKey(c)) {
      b.header("X-CSRF-Token", tokens.get(c));
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everythingButTheLoginPageNeedsASession() throws Exception {
    HttpClient anon = client();
    assertThat(get(anon, "/").statusCode()).isEqualTo(302);
    assertThat(get(anon, "/").headers().firstValue("Location")).hasValue("/login");
    assertThat(get(anon, "/login").body()).contains("<form method=\"post\" action=\"/login\"");
    assertThat(get(anon, "/api/search?q=card").statusCode()).isEqualTo(401);
    assertThat(get(anon, "/api/calls/S01").statusCode()).isEqualTo(401);
    assertThat(get(anon, "/api/calls/S01/audio").statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = post(anon, "/login", "user=anna&password=guess");
    assertThat(wrong.statusCode()).isEqualTo(303);
    assertThat(wrong.headers().firstValue("Location")).hasValue("/login?failed=1");
    assertThat(get(anon, "/api/search?q=card").statusCode()).isEqualTo(401);
    assertThat(audit())
        .anyMatch(l -> l.contains("\"user\":\"anna\"") && l.contains("LOGIN_FAILED"));
  }

  @Test
  void reviewerSearchesOpensAndHears() throws Exception {
    HttpClient anna = signedIn("anna");
    HttpResponse<String> r =
        get(
            anna,
            "/api/search?q="
                + URLEncoder.encode("customer:stolen", StandardCharsets.UTF_8)
                + "&site=WUHAN");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("total").asLong()).isEqualTo(1);
    JsonNode hit = body.get("hits").get(0);
    assertThat(hit.get("call_id").asText()).isEqualTo(ReviewFixture.RECORDED);
    assertThat(hit.get("speaker").asText()).isEqualTo("CUSTOMER");
    assertThat(hit.get("start_s").asDouble()).isEqualTo(f.stolenTurn().startS());
    assertThat(hit.get("snippet").asText()).contains("<mark>stolen</mark>");
    assertThat(body.get("facets").get("site").get("WUHAN").asLong()).isEqualTo(1);

    JsonNode call = json.readTree(get(anna, "/api/calls/S01").body());
    assertThat(call.get("lines")).hasSize(f.call.turns().size());
    assertThat(call.get("audio").asBoolean()).isTrue();
    assertThat(call.get("complaints").get(0).get("ticket_id").asText()).isEqualTo("T-9");
    // Times in the centre's zone (the index's commit), with the offset.
    assertThat(call.get("time_zone").asText()).isEqualTo("Asia/Shanghai");
    assertThat(call.get("started_local").asText()).isEqualTo("2026-03-05 10:00:00 +08:00");
    assertThat(call.get("complaints").get(0).get("opened_local").asText())
        .isEqualTo("2026-03-05 10:10:00 +08:00");
    Map<String, String> facts = new LinkedHashMap<>();
    for (JsonNode fact : call.get("facts")) {
      assertThat(facts.put(fact.get("label").asText(), fact.get("value").asText()))
          .as("each fact once: " + fact)
          .isNull();
    }
    assertThat(facts)
        .containsEntry("Started 开始时间", "10:00:00 +08:00")
        .containsEntry("Queued 进入队列", "09:59:48 +08:00")
        .containsEntry("Handle time 处理时长", "3:00")
        .containsEntry("Answered within service level 服务水平内接通", "yes 是")
        .containsEntry("CSAT 满意度", "4 of 5")
        .containsKey("Silence 静默占比");
    assertThat(String.join(" ", facts.keySet()))
        .doesNotContain("_")
        .doesNotContain("handle s")
        .doesNotContain("within sl");
    // Every point, passed or missed, with its weight and the evidence to seek to.
    JsonNode points = call.get("scorecards").get(0).get("points");
    assertThat(points).hasSize(4);
    assertThat(points.get(0).get("met").asBoolean()).isTrue();
    assertThat(points.get(0).get("max_points").asDouble()).isEqualTo(20.0);
    assertThat(points.get(0).get("evidence").get("line_no").asInt()).isEqualTo(2);
    assertThat(points.get(1).get("met").asBoolean()).isFalse();
    assertThat(points.get(1).get("evidence").isNull()).isTrue();
    assertThat(points.get(3).get("met").isNull()).isTrue();
    // The timeline under the player.
    JsonNode timeline = call.get("timeline");
    assertThat(timeline.get("duration_s").asDouble())
        .isCloseTo(f.call.durationS(), org.assertj.core.data.Offset.offset(1.0));
    assertThat(timeline.get("talk").get("AGENT")).isNotEmpty();
    assertThat(timeline.get("talk").get("CUSTOMER")).isNotEmpty();
    assertThat(timeline.get("quarters")).hasSize(4);
    // A query mistake in plain words, never the parser's internals.
    HttpResponse<String> bad =
        get(anna, "/api/search?q=" + URLEncoder.encode("card AND", StandardCharsets.UTF_8));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(bad.body()).get("error").asText())
        .contains("AND/OR/NOT needs a word on each side")
        .contains("for example")
        .doesNotContain("Encountered")
        .doesNotContainIgnoringCase("lexical");

    HttpResponse<byte[]> wav =
        anna.send(
            HttpRequest.newBuilder(URI.create(f.url("/api/calls/S01/audio"))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(wav.statusCode()).isEqualTo(200);
    assertThat(wav.headers().firstValue("Content-Type").orElseThrow()).startsWith("audio/wav");
    assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    // 16 kHz, 16-bit, stereo: 64,000 bytes a second.
    assertThat((wav.body().length - 44) / 64000.0)
        .isCloseTo(f.call.durationS(), org.assertj.core.data.Offset.offset(0.5));
    HttpResponse<byte[]> part =
        anna.send(
            HttpRequest.newBuilder(URI.create(f.url("/api/calls/S01/audio")))
                .header("Range", "bytes=64044-64143")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).hasSize(100);
    assertThat(part.headers().firstValue("Content-Range").orElseThrow())
        .startsWith("bytes 64044-64143/");

    List<String> audit = audit();
    assertThat(audit)
        .anyMatch(
            l ->
                l.contains("\"user\":\"anna\"")
                    && l.contains("\"SEARCH\"")
                    && l.contains("customer:stolen"));
    assertThat(audit)
        .anyMatch(l -> l.contains("\"VIEW_TRANSCRIPT\"") && l.contains("\"id\":\"S01\""));
    assertThat(audit).anyMatch(l -> l.contains("\"PLAY_AUDIO\"") && l.contains("\"id\":\"S01\""));
  }

  @Test
  void anOriginalRecordingIsNeverPlayed(@org.junit.jupiter.api.io.TempDir Path other)
      throws Exception {
    // An index that names the delivered recording (as one written before redacted copies did).
    try (ReviewFixture old = new ReviewFixture(other, true)) {
      HttpClient c = ReviewFixture.signIn(old.url(""), "anna");
      assertThat(java.nio.file.Files.exists(other.resolve("landing/recordings"))).isTrue();
      JsonNode call =
          json.readTree(
              c.send(
                      HttpRequest.newBuilder(URI.create(old.url("/api/calls/S01"))).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(call.get("audio").asBoolean()).isFalse();
      HttpResponse<byte[]> wav =
          c.send(
              HttpRequest.newBuilder(URI.create(old.url("/api/calls/S01/audio"))).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(wav.statusCode()).isEqualTo(404);
      assertThat(new String(wav.body(), StandardCharsets.UTF_8)).doesNotContain("RIFF");
    }
  }

  @Test
  void analystSeesCountsButNoTranscriptOrAudio() throws Exception {
    HttpClient bob = signedIn("bob");
    HttpResponse<String> filtered = get(bob, "/api/search?site=WUHAN");
    assertThat(filtered.statusCode()).as(filtered.body()).isEqualTo(200);
    JsonNode body = json.readTree(filtered.body());
    assertThat(body.get("total").asLong()).isPositive();
    for (JsonNode h : body.get("hits")) {
      for (String hidden : List.of("snippet", "speaker", "line_no", "start_s", "end_s")) {
        assertThat(h.get(hidden).isNull()).as(hidden).isTrue();
      }
    }
    // No text query at all: an analyst could otherwise test what was said, one guess at a time.
    for (String oracle : List.of("stolen", "id:S01 AND customer:\"stolen\"", "customer:*")) {
      HttpResponse<String> r =
          get(bob, "/api/search?q=" + URLEncoder.encode(oracle, StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(oracle).isEqualTo(403);
      assertThat(r.body()).contains("may search by filters only");
    }
    assertThat(audit())
        .anyMatch(
            l ->
                l.contains("\"user\":\"bob\"")
                    && l.contains("\"DENIED\"")
                    && l.contains("/api/search"));
    assertThat(audit())
        .anyMatch(
            l ->
                l.contains("\"user\":\"bob\"")
                    && l.contains("\"SEARCH\"")
                    && l.contains("site=WUHAN"));
    HttpResponse<String> view = get(bob, "/api/calls/S01");
    assertThat(view.statusCode()).isEqualTo(403);
    assertThat(view.body()).contains("role analyst may not read transcripts");
    assertThat(get(bob, "/api/calls/S01/audio").statusCode()).isEqualTo(403);
    assertThat(audit())
        .anyMatch(
            l -> l.contains("\"user\":\"bob\"") && l.contains("\"DENIED\"") && l.contains("S01"));
    assertThat(audit())
        .noneMatch(l -> l.contains("\"user\":\"bob\"") && l.contains("\"VIEW_TRANSCRIPT\""));
  }

  @Test
  void badInputIsA400WithTheReason() throws Exception {
    HttpClient anna = signedIn("anna");
    HttpResponse<String> syntax =
        get(anna, "/api/search?q=" + URLEncoder.encode("\"card stolen", StandardCharsets.UTF_8));
    assertThat(syntax.statusCode()).isEqualTo(400);
    assertThat(json.readTree(syntax.body()).get("error").asText())
        .contains("a quote is not closed");
    HttpResponse<String> param = get(anna, "/api/search?csat_min=high");
    assertThat(param.statusCode()).isEqualTo(400);
    assertThat(param.body()).contains("csat_min=high");
    HttpResponse<String> days = get(anna, "/api/search?from=2026-03-05&to=2026-03-01");
    assertThat(days.statusCode()).isEqualTo(400);
    assertThat(days.body()).contains("day range is empty");
    assertThat(get(anna, "/api/calls/NOPE").statusCode()).isEqualTo(404);
  }

  @Test
  void reviewerRecordsAManualScoreInTheJournal() throws Exception {
    HttpClient anna = signedIn("anna");
    HttpResponse<String> ok =
        post(
            anna,
            "/api/calls/S01/review",
            "scorecard=card-hotline&score=85&comment=good+verification");
    assertThat(ok.statusCode()).isEqualTo(201);
    List<String> journal = Files.readAllLines(ManualScoreJournal.reviewPageFile(dir));
    JsonNode line = json.readTree(journal.get(journal.size() - 1));
    assertThat(line.get("call_id").asText()).isEqualTo("S01");
    assertThat(line.get("reviewer").asText()).isEqualTo("anna");
    assertThat(line.get("score").asDouble()).isEqualTo(85.0);
    assertThat(line.get("comment").asText()).isEqualTo("good verification");
    assertThat(post(anna, "/api/calls/S01/review", "scorecard=card-hotline&score=150").statusCode())
        .isEqualTo(400);
    assertThat(post(anna, "/api/calls/NOPE/review", "scorecard=card-hotline&score=50").statusCode())
        .isEqualTo(404);
    assertThat(
            post(signedIn("bob"), "/api/calls/S01/review", "scorecard=card-hotline&score=50")
                .statusCode())
        .isEqualTo(403);
    assertThat(audit())
        .anyMatch(l -> l.contains("\"MANUAL_SCORE\"") && l.contains("card-hotline 85.0"));
  }

  @Test
  void categoryFilterPointsAtTheCategoryLine() throws Exception {
    HttpClient anna = signedIn("anna");
    JsonNode body = json.readTree(get(anna, "/api/search?category=identity_verification").body());
    assertThat(body.get("total").asLong()).isEqualTo(1);
    assertThat(body.get("hits").get(0).get("line_no").asInt()).isEqualTo(2);
    assertThat(body.get("hits").get(0).get("start_s").asDouble())
        .isEqualTo(f.call.turns().get(2).startS());
  }

  @Test
  void signOutEndsTheSession() throws Exception {
    HttpClient anna = signedIn("anna");
    assertThat(get(anna, "/api/me").body()).contains("\"role\":\"reviewer\"");
    assertThat(post(anna, "/logout", "").statusCode()).isEqualTo(303);
    assertThat(get(anna, "/api/me").statusCode()).isEqualTo(401);
  }

  HttpResponse<byte[]> audio(HttpClient c, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url("/api/calls/S01/audio")));
    if (range != null) {
      b.header("Range", range);
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void everyAudioResponseIsAuditedHoweverTheRangeIsSpelled() throws Exception {
    HttpClient anna = signedIn("anna");
    long before =
        audit().stream().filter(l -> l.contains("\"id\":\"S01\"") && l.contains("AUDIO")).count();
    List<String> ranges =
        List.of("BYTES=0-", "bytes=100-", "bytes=44-1043", "bytes= 0-", "bytes=-500");
    long served = 0;
    for (String range : ranges) {
      HttpResponse<byte[]> r = audio(anna, range);
      assertThat(r.statusCode()).as(range).isEqualTo(206);
      served += r.body().length;
    }
    assertThat(audio(anna, "bytes=abc").statusCode()).isEqualTo(416);
    assertThat(audio(anna, "bytes=99999999-").statusCode()).isEqualTo(416);
    List<String> lines =
        audit().stream().filter(l -> l.contains("\"id\":\"S01\"") && l.contains("AUDIO")).toList();
    assertThat(lines.size() - before).as("audio responses audited").isEqualTo(ranges.size());
    assertThat(lines.subList((int) before, lines.size()))
        .filteredOn(l -> l.contains("PLAY_AUDIO"))
        .hasSize(1);
    assertThat(audit()).anyMatch(l -> l.contains("\"REFUSED\"") && l.contains("416"));
    assertThat(served).isPositive();
  }

  @Test
  void refusalsAreAuditedAndHeadNeedsASessionToo() throws Exception {
    HttpClient anon = client();
    HttpResponse<Void> head =
        anon.send(
            HttpRequest.newBuilder(URI.create(f.url("/api/search?q=card")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(401);
    HttpResponse<Void> headCall =
        anon.send(
            HttpRequest.newBuilder(URI.create(f.url("/api/calls/S01/audio")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(headCall.statusCode()).isEqualTo(401);
    HttpClient anna = signedIn("anna");
    assertThat(get(anna, "/api/nothing-here").statusCode()).isEqualTo(404);
    assertThat(
            get(anna, "/api/search?q=" + URLEncoder.encode("\"open", StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(400);
    List<String> audit = audit();
    assertThat(audit)
        .anyMatch(l -> l.contains("\"REFUSED\"") && l.contains("401 HEAD /api/search"));
    assertThat(audit)
        .anyMatch(l -> l.contains("\"REFUSED\"") && l.contains("404 GET /api/nothing-here"));
    assertThat(audit).anyMatch(l -> l.contains("\"REFUSED\"") && l.contains("400 GET /api/search"));
  }

  @Test
  void oversizedAndHostileInputsAre4xxNever500() throws Exception {
    HttpClient anna = signedIn("anna");
    String nested = "(".repeat(3900) + "card" + ")".repeat(3900);
    java.util.Map<String, String> gets = new java.util.LinkedHashMap<>();
    gets.put("huge offset", "/api/search?q=card&offset=2147483647");
    gets.put("negative offset", "/api/search?q=card&offset=-1");
    gets.put("huge limit", "/api/search?q=card&limit=100000");
    gets.put("deep nesting", "/api/search?q=" + URLEncoder.encode(nested, StandardCharsets.UTF_8));
    gets.put("long query", "/api/search?q=" + "a%20OR%20".repeat(400) + "b");
    gets.put(
        "many clauses",
        "/api/search?q=" + URLEncoder.encode("a* OR b* OR c* OR d* OR e*", StandardCharsets.UTF_8));
    gets.put(
        "odd id", "/api/calls/" + URLEncoder.encode("../../etc/passwd", StandardCharsets.UTF_8));
    for (var e : gets.entrySet()) {
      int status = get(anna, e.getValue()).statusCode();
      assertThat(status).as(e.getKey()).isLessThan(500);
      if (!e.getKey().equals("many clauses")) {
        assertThat(status).as(e.getKey()).isBetween(400, 499);
      }
    }
    String big = "x".repeat(1_000_000);
    assertThat(
            post(anna, "/api/calls/S01/review", "scorecard=card-hotline&score=50&comment=" + big)
                .statusCode())
        .isBetween(400, 499);
    HttpResponse<String> longComment =
        post(
            anna,
            "/api/calls/S01/review",
            "scorecard=card-hotline&score=50&comment=" + "y".repeat(3000));
    assertThat(longComment.statusCode()).isEqualTo(400);
    assertThat(longComment.body()).contains("at most 2000");
    HttpResponse<String> unknown =
        post(anna, "/api/calls/S01/review", "scorecard=made-up&score=50");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown scorecard 'made-up'");
    assertThat(Files.readString(ManualScoreJournal.reviewPageFile(dir)))
        .doesNotContain("yyyyyyyyyy")
        .doesNotContain("made-up");
  }

  @Test
  void stateChangingRequestsNeedTheSessionsTokenAndOrigin() throws Exception {
    HttpClient anna = signedIn("anna");
    Path journal = ManualScoreJournal.reviewPageFile(dir);
    String before = Files.exists(journal) ? Files.readString(journal) : "";
    HttpRequest noToken =
        HttpRequest.newBuilder(URI.create(f.url("/api/calls/S01/review")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "scorecard=card-hotline&score=1&comment=forged"))
            .build();
    assertThat(anna.send(noToken, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(403);
    HttpRequest foreign =
        HttpRequest.newBuilder(URI.create(f.url("/api/calls/S01/review")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", "http://127.0.0.1:1")
            .header("X-CSRF-Token", tokens.get(anna))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "scorecard=card-hotline&score=1&comment=forged"))
            .build();
    HttpResponse<String> r = anna.send(foreign, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("cross-origin request refused");
    HttpRequest wrongToken =
        HttpRequest.newBuilder(URI.create(f.url("/logout")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("csrf=guess"))
            .build();
    assertThat(anna.send(wrongToken, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(403);
    assertThat(get(anna, "/api/me").statusCode()).as("still signed in").isEqualTo(200);
    assertThat(Files.exists(journal) ? Files.readString(journal) : "").isEqualTo(before);
    assertThat(audit())
        .anyMatch(l -> l.contains("\"DENIED\"") && l.contains("missing or wrong CSRF token"));
  }

  /**
   * A raw HTTP sign-in from a chosen loopback address (the JDK client cannot pick its source
   * address).
   */
  static int signInFrom(String address, int port, String user, String password) throws IOException {
    try (java.net.Socket s = new java.net.Socket()) {
      s.bind(new java.net.InetSocketAddress(address, 0));
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(30_000);
      String body =
          "user="
              + URLEncoder.encode(user, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8);
      String req =
          "POST /login HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              + "Content-Length: "
              + body.getBytes(StandardCharsets.UTF_8).length
              + "\r\nConnection: close\r\n\r\n"
              + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void aPasswordGuessingBurstIsThrottledAndOthersStillSignInFast() throws Exception {
    // Users at the production cost (600,000 PBKDF2 iterations), on a server of their own.
    Path usersFile = dir.resolve("real-cost-users.conf");
    io.callqa.access.Users.add(
        usersFile,
        "carl",
        io.callqa.access.Role.REVIEWER,
        ReviewFixture.PASSWORD.toCharArray(),
        io.callqa.access.Users.DEFAULT_ITERATIONS);
    io.callqa.access.Users.add(
        usersFile,
        "dora",
        io.callqa.access.Role.ANALYST,
        ReviewFixture.PASSWORD.toCharArray(),
        io.callqa.access.Users.DEFAULT_ITERATIONS);
    Path auditFile = dir.resolve("burst-audit.jsonl");
    try (ReviewServer server =
        new ReviewServer(
                f.searcher,
                dir.resolve("burst-journal.jsonl"),
                io.callqa.access.Users.load(usersFile),
                new AuditLog(auditFile, java.time.Clock.systemUTC()),
                java.time.Clock.systemUTC())
            .start("127.0.0.1", 0)) {
      int port = server.port();
      // Known and unknown names cost the same (no enumeration by timing); from an address of their
      // own.
      long k0 = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        assertThat(signInFrom("127.0.0.3", port, "carl", "wrong-" + i)).isEqualTo(303);
      }
      double knownS = (System.nanoTime() - k0) / 3e9;
      long u0 = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        assertThat(signInFrom("127.0.0.3", port, "no-such-user", "wrong-" + i)).isEqualTo(303);
      }
      double unknownS = (System.nanoTime() - u0) / 3e9;
      System.out.printf(
          "ReviewServerIT: a failed sign-in takes %.3f s for a known name, %.3f s for an unknown one%n",
          knownS, unknownS);
      assertThat(unknownS / knownS).isBetween(0.5, 2.0);

      long t0 = System.nanoTime();
      int attempts = 200;
      int throttled = 0;
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      List<java.util.concurrent.Future<Integer>> burst = new java.util.ArrayList<>();
      for (int i = 0; i < attempts; i++) {
        String guess = "guess-" + i;
        burst.add(
            pool.submit(() -> signInFrom("127.0.0.2", port, i2(guess) ? "carl" : "nobody", guess)));
      }
      // A colleague signs in from another address while the burst runs.
      while (burst.stream().filter(java.util.concurrent.Future::isDone).count() < 10) {
        Thread.sleep(5);
      }
      long s0 = System.nanoTime();
      HttpResponse<String> dora =
          client()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "user=dora&password="
                                  + URLEncoder.encode(
                                      ReviewFixture.PASSWORD, StandardCharsets.UTF_8)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      double signInS = (System.nanoTime() - s0) / 1e9;
      boolean burstStillRunning = burst.stream().anyMatch(x -> !x.isDone());
      for (var fut : burst) {
        int status = fut.get();
        assertThat(status).isIn(303, 429);
        if (status == 429) {
          throttled++;
        }
      }
      pool.shutdown();
      double burstS = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "ReviewServerIT: %d wrong sign-ins from one address in %.2f s (%.0f/s), %d refused unchecked"
              + " (429); a correct sign-in from another address during the burst (still running: %s) took %.3f s%n",
          attempts, burstS, attempts / burstS, throttled, burstStillRunning, signInS);
      assertThat(dora.statusCode()).isEqualTo(303);
      assertThat(dora.headers().firstValue("Location")).hasValue("/");
      // Relative to one uncontended check on this machine: before one-check-per-address the burst's
      // parallel PBKDF2 checks filled the cores and this sign-in took 4.7 s, about 20 checks' time;
      // a fresh CI machine measured 1.26 s here beside a 0.41 s check.
      assertThat(signInS).isLessThan(Math.max(1.0, 4 * knownS));
      // Checked: the free failures, then one attempt each time a (doubling) delay ran out, plus
      // those in flight.
      assertThat(throttled).isGreaterThanOrEqualTo(attempts - SignInGateLimits.PER_ADDRESS - 10);
      assertThat(Files.readAllLines(auditFile))
          .anyMatch(l -> l.contains("LOGIN_THROTTLED") && l.contains("127.0.0.2"));
    }
  }

  private static boolean i2(String guess) {
    return guess.hashCode() % 2 == 0;
  }

  /** The gate's free failures per address (io.callqa.access.SignInGate). */
  static final class SignInGateLimits {
    static final int PER_ADDRESS = io.callqa.access.SignInGate.FREE_FAILURES_PER_ADDRESS;
  }

  @Test
  void withAKeystoreTheServerSpeaksHttpsOnlyAndItsCookieIsSecure() throws Exception {
    Path keystore = dir.resolve("review.p12");
    String storePassword = "store-" + System.nanoTime();
    io.callqa.access.TestKeystores.selfSigned(keystore, storePassword);
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      trust.load(in, storePassword.toCharArray());
    }
    var tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    var ssl = javax.net.ssl.SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    try (ReviewServer tls =
        new ReviewServer(
                f.searcher,
                dir.resolve("tls-journal.jsonl"),
                io.callqa.access.Users.load(dir.resolve("users.conf")),
                new AuditLog(dir.resolve("tls-audit.jsonl"), java.time.Clock.systemUTC()),
                java.time.Clock.systemUTC())
            .tls(keystore, storePassword)
            .start("127.0.0.1", 0)) {
      HttpClient https =
          HttpClient.newBuilder().sslContext(ssl).cookieHandler(new CookieManager()).build();
      HttpResponse<String> r =
          https.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tls.port() + "/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "user=anna&password="
                              + URLEncoder.encode(ReviewFixture.PASSWORD, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
          .contains("Secure")
          .contains("HttpOnly");
      assertThat(
              https
                  .send(
                      HttpRequest.newBuilder(
                              URI.create("https://127.0.0.1:" + tls.port() + "/api/me"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      // Plain HTTP to the same port gets no answer a browser would take.
      try {
        int plain =
            client()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tls.port() + "/login"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode();
        assertThat(plain).as("plain HTTP to the TLS port").isGreaterThanOrEqualTo(400);
      } catch (IOException refused) {
        // The TLS connector closes a connection that does not start a TLS handshake.
      }
    }
  }

  private List<String> audit() throws IOException {
    return Files.readAllLines(f.auditFile);
  }
}
