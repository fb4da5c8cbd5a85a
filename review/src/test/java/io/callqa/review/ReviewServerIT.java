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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review server over real HTTP: sign-in, roles, the search API, conversation, audio ranges, audit. */
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

  HttpClient signedIn(String user) throws Exception {
    HttpClient c = client();
    HttpResponse<String> r = post(c, "/login", "user=" + user + "&password=" + URLEncoder.encode(ReviewFixture.PASSWORD, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict");
    return c;
  }

  HttpResponse<String> get(HttpClient c, String path) throws IOException, InterruptedException {
    return c.send(HttpRequest.newBuilder(URI.create(f.url(path))).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(HttpClient c, String path, String form) throws IOException, InterruptedException {
    return c.send(
        HttpRequest.newBuilder(URI.create(f.url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
    assertThat(audit()).anyMatch(l -> l.contains("\"user\":\"anna\"") && l.contains("LOGIN_FAILED"));
  }

  @Test
  void reviewerSearchesOpensAndHears() throws Exception {
    HttpClient anna = signedIn("anna");
    HttpResponse<String> r = get(anna, "/api/search?q=" + URLEncoder.encode("customer:stolen", StandardCharsets.UTF_8) + "&site=WUHAN");
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
    assertThat(call.get("facts").get("complaints").get(0).get("ticket_id").asText()).isEqualTo("T-9");

    HttpResponse<byte[]> wav = anna.send(
        HttpRequest.newBuilder(URI.create(f.url("/api/calls/S01/audio"))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(wav.statusCode()).isEqualTo(200);
    assertThat(wav.headers().firstValue("Content-Type").orElseThrow()).startsWith("audio/wav");
    assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    // 16 kHz, 16-bit, stereo: 64,000 bytes a second.
    assertThat((wav.body().length - 44) / 64000.0).isCloseTo(f.call.durationS(), org.assertj.core.data.Offset.offset(0.5));
    HttpResponse<byte[]> part = anna.send(
        HttpRequest.newBuilder(URI.create(f.url("/api/calls/S01/audio"))).header("Range", "bytes=64044-64143").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).hasSize(100);
    assertThat(part.headers().firstValue("Content-Range").orElseThrow()).startsWith("bytes 64044-64143/");

    List<String> audit = audit();
    assertThat(audit).anyMatch(l -> l.contains("\"user\":\"anna\"") && l.contains("\"SEARCH\"") && l.contains("customer:stolen"));
    assertThat(audit).anyMatch(l -> l.contains("\"VIEW_TRANSCRIPT\"") && l.contains("\"id\":\"S01\""));
    assertThat(audit).anyMatch(l -> l.contains("\"PLAY_AUDIO\"") && l.contains("\"id\":\"S01\""));
  }

  @Test
  void analystSeesCountsButNoTranscriptOrAudio() throws Exception {
    HttpClient bob = signedIn("bob");
    JsonNode body = json.readTree(get(bob, "/api/search?q=stolen").body());
    assertThat(body.get("total").asLong()).isEqualTo(4);
    for (JsonNode h : body.get("hits")) {
      assertThat(h.get("snippet").isNull()).isTrue();
    }
    HttpResponse<String> view = get(bob, "/api/calls/S01");
    assertThat(view.statusCode()).isEqualTo(403);
    assertThat(view.body()).contains("role analyst may not read transcripts");
    assertThat(get(bob, "/api/calls/S01/audio").statusCode()).isEqualTo(403);
    assertThat(audit()).anyMatch(l -> l.contains("\"user\":\"bob\"") && l.contains("\"DENIED\"") && l.contains("S01"));
    assertThat(audit()).noneMatch(l -> l.contains("\"user\":\"bob\"") && l.contains("\"VIEW_TRANSCRIPT\""));
  }

  @Test
  void badInputIsA400WithTheReason() throws Exception {
    HttpClient anna = signedIn("anna");
    HttpResponse<String> syntax = get(anna, "/api/search?q=" + URLEncoder.encode("\"card stolen", StandardCharsets.UTF_8));
    assertThat(syntax.statusCode()).isEqualTo(400);
    assertThat(json.readTree(syntax.body()).get("error").asText()).contains("a quote is not closed");
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
    HttpResponse<String> ok = post(anna, "/api/calls/S01/review", "scorecard=card-hotline&score=85&comment=good+verification");
    assertThat(ok.statusCode()).isEqualTo(201);
    List<String> journal = Files.readAllLines(ManualScoreJournal.reviewPageFile(dir));
    JsonNode line = json.readTree(journal.get(journal.size() - 1));
    assertThat(line.get("call_id").asText()).isEqualTo("S01");
    assertThat(line.get("reviewer").asText()).isEqualTo("anna");
    assertThat(line.get("score").asDouble()).isEqualTo(85.0);
    assertThat(line.get("comment").asText()).isEqualTo("good verification");
    assertThat(post(anna, "/api/calls/S01/review", "scorecard=card-hotline&score=150").statusCode()).isEqualTo(400);
    assertThat(post(anna, "/api/calls/NOPE/review", "scorecard=card-hotline&score=50").statusCode()).isEqualTo(404);
    assertThat(post(signedIn("bob"), "/api/calls/S01/review", "scorecard=card-hotline&score=50").statusCode()).isEqualTo(403);
    assertThat(audit()).anyMatch(l -> l.contains("\"MANUAL_SCORE\"") && l.contains("card-hotline 85.0"));
  }

  @Test
  void categoryFilterPointsAtTheCategoryLine() throws Exception {
    HttpClient anna = signedIn("anna");
    JsonNode body = json.readTree(get(anna, "/api/search?category=identity_verification").body());
    assertThat(body.get("total").asLong()).isEqualTo(1);
    assertThat(body.get("hits").get(0).get("line_no").asInt()).isEqualTo(2);
    assertThat(body.get("hits").get(0).get("start_s").asDouble()).isEqualTo(f.call.turns().get(2).startS());
  }

  @Test
  void signOutEndsTheSession() throws Exception {
    HttpClient anna = signedIn("anna");
    assertThat(get(anna, "/api/me").body()).contains("\"role\":\"reviewer\"");
    assertThat(post(anna, "/logout", "").statusCode()).isEqualTo(303);
    assertThat(get(anna, "/api/me").statusCode()).isEqualTo(401);
  }

  private List<String> audit() throws IOException {
    return Files.readAllLines(f.auditFile);
  }
}
