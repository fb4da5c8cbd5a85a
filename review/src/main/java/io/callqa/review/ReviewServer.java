package io.callqa.review;

import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.nlp.audio.BadAudioException;
import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.QuerySyntaxException;
import io.callqa.nlp.index.SearchRequest;
import io.callqa.nlp.index.SearchResult;
import io.callqa.nlp.index.TranscriptSearcher;
import io.callqa.review.AuditLog.Action;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The review web server: pages for reviewers and the JSON API under them, on Javalin (embedded Jetty).
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>GET /login, POST /login, POST /logout</td><td>sign in and out (session cookie, HttpOnly,
 *       SameSite=Strict, 8 h)</td></tr>
 *   <tr><td>GET /</td><td>search page</td></tr>
 *   <tr><td>GET /call.html?id=ID&amp;t=S</td><td>conversation page, player at second S</td></tr>
 *   <tr><td>GET /api/search?q=...&amp;site=...</td><td>{@link SearchResult#toMap()}; analysts get no snippet</td></tr>
 *   <tr><td>GET /api/calls/ID</td><td>the conversation and its facts (reviewers; audited)</td></tr>
 *   <tr><td>GET /api/calls/ID/audio</td><td>the recording as WAV, byte ranges served (reviewers; audited)</td></tr>
 *   <tr><td>POST /api/calls/ID/review</td><td>a manual score (scorecard, score, comment; reviewers; audited),
 *       appended to the journal the analyse stage moves into qa_manual_scores</td></tr>
 * </table>
 *
 * <p>Binds to 127.0.0.1 unless told otherwise. Every API call needs a session; pages redirect to the
 * login page without one.
 */
public final class ReviewServer implements AutoCloseable {

  static final String SESSION_COOKIE = "callqa_session";
  static final Duration SESSION_TTL = Duration.ofHours(8);
  private static final String WEB = "/io/callqa/review/web/";
  private static final Map<String, String> PAGES =
      Map.of(
          "/", "index.html",
          "/login", "login.html",
          "/call.html", "call.html",
          "/app.css", "app.css",
          "/search.js", "search.js",
          "/call.js", "call.js");

  private final TranscriptSearcher searcher;
  private final Path scoreJournal;
  private final Users users;
  private final AuditLog audit;
  private final Clock clock;
  private final Playback playback = new Playback();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private Javalin app;

  private record Session(String user, Role role, Instant expires) {}

  /**
   * @param scoreJournal file manual scores are appended to (JSON lines); the analyse stage of {@code callqa
   *     run} moves them into qa_manual_scores
   */
  public ReviewServer(TranscriptSearcher searcher, Path scoreJournal, Users users, AuditLog audit, Clock clock) {
    this.searcher = searcher;
    this.scoreJournal = scoreJournal;
    this.users = users;
    this.audit = audit;
    this.clock = clock;
  }

  /** Starts listening; port 0 picks a free port ({@link #port()} tells which). */
  public ReviewServer start(String host, int port) {
    app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.http.defaultContentType = "application/json";
            });
    app.exception(BadRequest.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
    app.exception(Unauthorized.class, (e, ctx) -> error(ctx, HttpStatus.UNAUTHORIZED, e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
    app.get("/login", ctx -> page(ctx, "/login"));
    app.post("/login", this::login);
    app.post("/logout", this::logout);
    for (String path : List.of("/", "/call.html")) {
      app.get(path, ctx -> {
        if (session(ctx) == null) {
          ctx.redirect("/login");
        } else {
          page(ctx, path);
        }
      });
    }
    for (String path : List.of("/app.css", "/search.js", "/call.js")) {
      app.get(path, ctx -> page(ctx, path));
    }
    app.get("/api/me", ctx -> {
      Session s = require(ctx);
      ctx.json(Map.of("user", s.user(), "role", s.role().label()));
    });
    app.get("/api/search", this::search);
    app.get("/api/calls/{id}", this::conversation);
    app.get("/api/calls/{id}/audio", this::audio);
    app.post("/api/calls/{id}/review", this::review);
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }

  private void login(Context ctx) {
    String name = ctx.formParam("user");
    String password = ctx.formParam("password");
    var user = users.authenticate(name == null ? "" : name, password);
    if (user.isEmpty()) {
      audit.write(name, null, Action.LOGIN_FAILED, null, null, ctx.ip());
      ctx.redirect("/login?failed=1", HttpStatus.SEE_OTHER);
      return;
    }
    byte[] token = new byte[32];
    random.nextBytes(token);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    sessions.put(id, new Session(user.get().name(), user.get().role(), clock.instant().plus(SESSION_TTL)));
    audit.write(user.get().name(), user.get().role(), Action.LOGIN, null, null, ctx.ip());
    ctx.cookie(new Cookie(SESSION_COOKIE, id, "/", (int) SESSION_TTL.toSeconds(), false, 0, true, null, null, SameSite.STRICT));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    String id = ctx.cookie(SESSION_COOKIE);
    Session s = id == null ? null : sessions.remove(id);
    if (s != null) {
      audit.write(s.user(), s.role(), Action.LOGOUT, null, null, ctx.ip());
    }
    ctx.removeCookie(SESSION_COOKIE, "/");
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private Session session(Context ctx) {
    String id = ctx.cookie(SESSION_COOKIE);
    if (id == null) {
      return null;
    }
    Session s = sessions.get(id);
    if (s != null && s.expires().isBefore(clock.instant())) {
      sessions.remove(id);
      return null;
    }
    return s;
  }

  /** The session; without one the request is answered 401. */
  private Session require(Context ctx) {
    Session s = session(ctx);
    if (s == null) {
      throw new Unauthorized();
    }
    return s;
  }

  private boolean mayReadTranscripts(Context ctx, Session s, String id) {
    if (s.role().seesTranscripts()) {
      return true;
    }
    audit.write(s.user(), s.role(), Action.DENIED, id, ctx.path(), ctx.ip());
    error(ctx, HttpStatus.FORBIDDEN, "role " + s.role().label() + " may not read transcripts or hear recordings");
    return false;
  }

  private void search(Context ctx) {
    Session s = require(ctx);
    SearchRequest r = request(ctx);
    SearchResult result;
    try {
      result = searcher.search(r);
    } catch (QuerySyntaxException e) {
      error(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
      return;
    }
    Map<String, Object> body = result.toMap();
    if (s.role().seesTranscripts()) {
      audit.write(s.user(), s.role(), Action.SEARCH, null, r.query(), ctx.ip());
    } else {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> hits = (List<Map<String, Object>>) body.get("hits");
      hits.forEach(h -> h.put("snippet", null));
    }
    ctx.json(body);
  }

  private void conversation(Context ctx) {
    Session s = require(ctx);
    String id = ctx.pathParam("id");
    if (!mayReadTranscripts(ctx, s, id)) {
      return;
    }
    var c = searcher.conversation(id);
    if (c.isEmpty()) {
      error(ctx, HttpStatus.NOT_FOUND, "no conversation " + id + " in the index");
      return;
    }
    audit.write(s.user(), s.role(), Action.VIEW_TRANSCRIPT, id, null, ctx.ip());
    Conversation v = c.get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("kind", v.kind().name());
    m.put("day", v.day().toString());
    m.put("started_at", v.startedAt().toString());
    m.put("language", v.language());
    m.put("site", v.site());
    m.put("queue", v.queue());
    m.put("segment", v.segment());
    m.put("agent", v.agentId());
    m.put("channel", v.channel());
    m.put("csat", v.csat());
    m.put("handle_s", v.handleS());
    m.put("has_complaint", v.hasComplaint());
    m.put("confidence", v.confidence());
    m.put("audio", v.recording() != null && Files.isRegularFile(Path.of(v.recording())));
    m.put("lines", v.lines().stream().map(l -> {
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("no", l.no());
      lm.put("speaker", l.speaker().name());
      lm.put("start_s", l.startS());
      lm.put("end_s", l.endS());
      lm.put("text", l.text());
      return lm;
    }).toList());
    m.put("categories", v.categories().stream().map(h -> {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("category", h.category());
      hm.put("line_no", h.lineNo());
      hm.put("start_s", h.startS());
      return hm;
    }).toList());
    m.put("facts", v.facts());
    ctx.json(m);
  }

  private void audio(Context ctx) throws IOException {
    Session s = require(ctx);
    String id = ctx.pathParam("id");
    if (!mayReadTranscripts(ctx, s, id)) {
      return;
    }
    var c = searcher.conversation(id);
    if (c.isEmpty() || c.get().recording() == null) {
      error(ctx, HttpStatus.NOT_FOUND, "no recording for " + id);
      return;
    }
    Path file = Path.of(c.get().recording());
    if (!Files.isRegularFile(file)) {
      error(ctx, HttpStatus.NOT_FOUND, "recording of " + id + " is missing: " + file);
      return;
    }
    byte[] wav;
    try {
      wav = playback.wav(file);
    } catch (BadAudioException e) {
      error(ctx, HttpStatus.UNPROCESSABLE_CONTENT, "recording of " + id + " cannot be decoded: " + e.getMessage());
      return;
    }
    String range = ctx.header("Range");
    if (range == null || range.startsWith("bytes=0-")) {
      audit.write(s.user(), s.role(), Action.PLAY_AUDIO, id, file.getFileName().toString(), ctx.ip());
    }
    InputStream in = new ByteArrayInputStream(wav);
    ctx.header("Cache-Control", "no-store");
    ctx.writeSeekableStream(in, "audio/wav", wav.length);
  }

  /** A reviewer's manual score: appended to the journal the analyse stage reads; audited. */
  private void review(Context ctx) {
    Session s = require(ctx);
    String id = ctx.pathParam("id");
    if (!mayReadTranscripts(ctx, s, id)) {
      return;
    }
    if (searcher.conversation(id).isEmpty()) {
      error(ctx, HttpStatus.NOT_FOUND, "no conversation " + id + " in the index");
      return;
    }
    String scorecard = ctx.formParam("scorecard");
    String scoreText = ctx.formParam("score");
    ManualScoreJournal.Entry entry;
    try {
      entry = new ManualScoreJournal.Entry(id, scorecard, s.user(), clock.instant().truncatedTo(ChronoUnit.MILLIS),
          Double.parseDouble(scoreText == null ? "" : scoreText.strip()), ctx.formParam("comment"));
    } catch (IllegalArgumentException e) {
      // NumberFormatException is one: "score=abc" lands here too.
      throw new BadRequest("manual score not recorded: " + e.getMessage());
    }
    ManualScoreJournal.append(scoreJournal, entry);
    audit.write(s.user(), s.role(), Action.MANUAL_SCORE, id, entry.scorecard() + " " + entry.score(), ctx.ip());
    ctx.status(HttpStatus.CREATED);
    ctx.json(Map.of("recorded", true, "pending_until", "the next `callqa run` (analyse stage)"));
  }

  /** The search request of the query string; a bad value is a 400 naming the parameter. */
  static SearchRequest request(Context ctx) {
    Function<String, String> p = name -> {
      String v = ctx.queryParam(name);
      return v == null || v.isBlank() ? null : v.strip();
    };
    try {
      return SearchRequest.builder()
          .query(p.apply("q"))
          .fromDay(parse(p, "from", LocalDate::parse))
          .toDay(parse(p, "to", LocalDate::parse))
          .sites(set(ctx, "site"))
          .queues(set(ctx, "queue"))
          .segments(set(ctx, "segment"))
          .languages(set(ctx, "language"))
          .agents(set(ctx, "agent"))
          .kinds(set(ctx, "kind"))
          .categories(set(ctx, "category"))
          .csatMin(parse(p, "csat_min", Integer::valueOf))
          .csatMax(parse(p, "csat_max", Integer::valueOf))
          .handleMinS(parse(p, "handle_min", Double::valueOf))
          .handleMaxS(parse(p, "handle_max", Double::valueOf))
          .hasComplaint(parse(p, "has_complaint", ReviewServer::bool))
          .confidenceMin(parse(p, "confidence_min", Double::valueOf))
          .confidenceMax(parse(p, "confidence_max", Double::valueOf))
          .sort(parse(p, "sort", v -> SearchRequest.Sort.valueOf(v.toUpperCase(Locale.ROOT))))
          .offset(orDefault(parse(p, "offset", Integer::valueOf), 0))
          .limit(orDefault(parse(p, "limit", Integer::valueOf), 20))
          .build();
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private static <T> T parse(Function<String, String> p, String name, Function<String, T> f) {
    String v = p.apply(name);
    if (v == null) {
      return null;
    }
    try {
      return f.apply(v);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new BadRequest("parameter " + name + "=" + v + " is not valid: " + e.getMessage());
    }
  }

  private static Boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private static int orDefault(Integer v, int d) {
    return v == null ? d : v;
  }

  private static Set<String> set(Context ctx, String name) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : ctx.queryParams(name)) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  private void page(Context ctx, String path) {
    String name = PAGES.get(path);
    try (InputStream in = ReviewServer.class.getResourceAsStream(WEB + name)) {
      if (in == null) {
        throw new IllegalStateException("page " + name + " missing from the jar");
      }
      String type = name.endsWith(".css") ? "text/css" : name.endsWith(".js") ? "text/javascript" : "text/html";
      ctx.contentType(type + "; charset=utf-8");
      ctx.header("Content-Security-Policy", "default-src 'self'; media-src 'self'; style-src 'self'");
      ctx.result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status);
    ctx.json(Map.of("error", message));
  }

  /** A bad parameter: answered with 400 and the message. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  /** No session: answered with 401. */
  static final class Unauthorized extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unauthorized() {
      super("sign in first");
    }
  }
}
