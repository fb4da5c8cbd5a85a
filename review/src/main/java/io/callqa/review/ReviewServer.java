package io.callqa.review;

import io.callqa.access.Role;
import io.callqa.access.SignInGate;
import io.callqa.access.Users;
import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.nlp.analytics.Scorecard;
import io.callqa.nlp.audio.BadAudioException;
import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.IndexSchema;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The review web server: pages for reviewers and the JSON API under them, on Javalin (embedded
 * Jetty).
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
 * <p>Binds to 127.0.0.1 unless told otherwise. Every API call needs a session; pages redirect to
 * the login page without one.
 */
public final class ReviewServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ReviewServer.class.getName());
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

  private final ServedWarehouse files;
  private final Users users;
  private final AuditLog audit;
  private final Clock clock;
  private final Playback playback = new Playback();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final SignInGate gate;
  private Set<String> scorecards = Set.of(Scorecard.bundled().name());
  private Path keystore;
  private String keystorePassword;
  private boolean behindTlsProxy;
  private Javalin app;

  /** Bounds on what a request may ask for; beyond them the answer is 400, never 500. */
  static final int MAX_QUERY_CHARS = 1_000;

  static final int MAX_QUERY_DEPTH = 32;
  static final int MAX_OFFSET = SearchRequest.MAX_OFFSET;
  static final int MAX_LIMIT = 100;
  static final int MAX_COMMENT_CHARS = 2_000;
  static final int MAX_USER_CHARS = 128;
  private static final String ATTR_AUDITED = "callqa.audited";

  /**
   * A signed-in browser: its user, role, expiry, CSRF token, and the recordings it has started
   * playing.
   */
  private record Session(
      String user, Role role, Instant expires, String csrf, Set<String> played) {}

  /**
   * @param scoreJournal file manual scores are appended to (JSON lines); the analyse stage of
   *     {@code callqa run} moves them into qa_manual_scores
   */
  public ReviewServer(
      TranscriptSearcher searcher, Path scoreJournal, Users users, AuditLog audit, Clock clock) {
    this(ServedWarehouse.local(searcher, scoreJournal), users, audit, clock);
  }

  /** Over a warehouse anywhere: its index, recordings and journal through {@code files}. */
  ReviewServer(ServedWarehouse files, Users users, AuditLog audit, Clock clock) {
    this.files = files;
    this.users = users;
    this.audit = audit;
    this.clock = clock;
    this.gate = new SignInGate(clock);
  }

  /**
   * The scorecards a manual score may name (default: the bundled one); others are refused with 400.
   */
  public ReviewServer scorecards(Set<String> names) {
    this.scorecards = Set.copyOf(names);
    return this;
  }

  /** Serve HTTPS only, from this keystore (JKS or PKCS12); session cookies get the Secure flag. */
  public ReviewServer tls(Path keystore, String password) {
    this.keystore = keystore;
    this.keystorePassword = password;
    return this;
  }

  /** Behind a TLS-terminating reverse proxy: plain HTTP here, but cookies get the Secure flag. */
  public ReviewServer behindTlsProxy(boolean behind) {
    this.behindTlsProxy = behind;
    return this;
  }

  /** Starts listening; port 0 picks a free port ({@link #port()} tells which). */
  public ReviewServer start(String host, int port) {
    app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.http.defaultContentType = "application/json";
              cfg.http.maxRequestSize = 64_000L;
              if (keystore != null) {
                cfg.jetty.addConnector((server, http) -> tlsConnector(server, http, host, port));
              }
            });
    app.exception(Refusal.class, (e, ctx) -> refuse(ctx, e.status, e.getMessage(), e.id));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.log(
              System.Logger.Level.ERROR, "review server: " + ctx.method() + " " + ctx.path(), e);
          refuse(
              ctx,
              HttpStatus.INTERNAL_SERVER_ERROR,
              "internal error; the server log has the details",
              null);
        });
    // Unknown paths and methods: a 404 like any other refusal, and audited.
    app.error(
        HttpStatus.NOT_FOUND,
        ctx -> {
          if (ctx.attribute(ATTR_AUDITED) == null) {
            refuse(ctx, HttpStatus.NOT_FOUND, "no such page: " + ctx.path(), null);
          }
        });
    app.error(
        HttpStatus.METHOD_NOT_ALLOWED,
        ctx -> {
          if (ctx.attribute(ATTR_AUDITED) == null) {
            refuse(
                ctx,
                HttpStatus.METHOD_NOT_ALLOWED,
                ctx.method() + " is not allowed on " + ctx.path(),
                null);
          }
        });
    // Access is decided before any handler, for every method (HEAD included).
    app.before("/api/*", ctx -> require(ctx));
    app.before(
        ctx -> {
          if (!ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD")) {
            requireSameOrigin(ctx);
            if (!ctx.path().equals("/login")) {
              requireCsrfToken(ctx);
            }
          }
        });
    app.get("/login", ctx -> page(ctx, "/login"));
    app.post("/login", this::login);
    app.post("/logout", this::logout);
    for (String path : List.of("/", "/call.html")) {
      app.get(
          path,
          ctx -> {
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
    app.get(
        "/api/me",
        ctx -> {
          Session s = require(ctx);
          ctx.json(Map.of("user", s.user(), "role", s.role().label(), "csrf", s.csrf()));
        });
    app.get("/api/search", this::search);
    app.get("/api/calls/{id}", this::conversation);
    app.get("/api/calls/{id}/audio", this::audio);
    app.post("/api/calls/{id}/review", this::review);
    if (keystore != null) {
      app.start();
    } else {
      app.start(host, port);
    }
    return this;
  }

  private org.eclipse.jetty.server.Connector tlsConnector(
      org.eclipse.jetty.server.Server server,
      org.eclipse.jetty.server.HttpConfiguration http,
      String host,
      int port) {
    var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
    ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
    ssl.setKeyStorePassword(keystorePassword);
    var https = new org.eclipse.jetty.server.HttpConfiguration(http);
    var customizer = new org.eclipse.jetty.server.SecureRequestCustomizer();
    customizer.setSniHostCheck(false);
    https.addCustomizer(customizer);
    var connector =
        new org.eclipse.jetty.server.ServerConnector(
            server,
            new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
            new org.eclipse.jetty.server.HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  private boolean secureCookies() {
    return keystore != null || behindTlsProxy;
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
    if (name == null
        || name.length() > MAX_USER_CHARS
        || password == null
        || password.length() > 1_000) {
      throw new Refusal(
          HttpStatus.BAD_REQUEST,
          "user and password are required (user at most " + MAX_USER_CHARS + " characters)",
          null);
    }
    String ip = ctx.ip();
    Duration wait = gate.waitFor(name, ip);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      audit.write(name, null, Action.LOGIN_THROTTLED, null, "retry in " + seconds + " s", ip);
      ctx.attribute(ATTR_AUDITED, true);
      ctx.header("Retry-After", String.valueOf(seconds));
      error(
          ctx,
          HttpStatus.TOO_MANY_REQUESTS,
          "too many failed sign-ins; retry in " + seconds + " s");
      return;
    }
    if (!gate.begin(ip)) {
      audit.write(
          name,
          null,
          Action.LOGIN_THROTTLED,
          null,
          "a sign-in from this address is being checked",
          ip);
      ctx.attribute(ATTR_AUDITED, true);
      ctx.header("Retry-After", "1");
      error(
          ctx,
          HttpStatus.TOO_MANY_REQUESTS,
          "a sign-in from this address is being checked; retry in 1 s");
      return;
    }
    java.util.Optional<Users.User> user;
    try {
      // Unknown names cost the same PBKDF2 work as known ones (Users.authenticate checks a decoy).
      user =
          users
              .authenticate(name, password)
              .filter(u -> u.role() == Role.REVIEWER || u.role() == Role.ANALYST);
    } finally {
      gate.end(ip);
    }
    if (user.isEmpty()) {
      gate.failed(name, ip);
      audit.write(name, null, Action.LOGIN_FAILED, null, null, ip);
      ctx.redirect("/login?failed=1", HttpStatus.SEE_OTHER);
      return;
    }
    gate.succeeded(name, ip);
    String id = token();
    sessions.put(
        id,
        new Session(
            user.get().name(),
            user.get().role(),
            clock.instant().plus(SESSION_TTL),
            token(),
            ConcurrentHashMap.newKeySet()));
    audit.write(user.get().name(), user.get().role(), Action.LOGIN, null, null, ip);
    ctx.cookie(
        new Cookie(
            SESSION_COOKIE,
            id,
            "/",
            (int) SESSION_TTL.toSeconds(),
            secureCookies(),
            0,
            true,
            null,
            null,
            SameSite.STRICT));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private String token() {
    byte[] token = new byte[32];
    random.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
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

  /** The session; without one the request is answered 401 (and audited). */
  private Session require(Context ctx) {
    Session s = session(ctx);
    if (s == null) {
      throw new Refusal(HttpStatus.UNAUTHORIZED, "sign in first", null);
    }
    return s;
  }

  /**
   * A state-changing request must come from this server's own pages: its Origin (or, without one,
   * its Referer) must be this server's origin. A page on another port of the same host is another
   * origin.
   */
  private void requireSameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || origin.equals("null")) {
      String referer = ctx.header("Referer");
      if (referer != null) {
        try {
          URI u = URI.create(referer);
          origin = u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
          origin = "unparseable";
        }
      } else if (ctx.header("Origin") != null) {
        origin = "null";
      }
    }
    String self = ctx.scheme() + "://" + ctx.host();
    if (origin != null && !origin.equalsIgnoreCase(self)) {
      throw new Refusal(
          HttpStatus.FORBIDDEN,
          "cross-origin request refused (origin " + trim(origin, 100) + ")",
          null);
    }
  }

  /** The session's CSRF token, from the X-CSRF-Token header or the csrf form field. */
  private void requireCsrfToken(Context ctx) {
    Session s = session(ctx);
    if (s == null) {
      if (ctx.path().equals("/logout")) {
        return;
      }
      throw new Refusal(HttpStatus.UNAUTHORIZED, "sign in first", null);
    }
    String sent = ctx.header("X-CSRF-Token");
    if (sent == null) {
      sent = ctx.formParam("csrf");
    }
    if (sent == null
        || !java.security.MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
      throw new Refusal(HttpStatus.FORBIDDEN, "missing or wrong CSRF token", null);
    }
  }

  private void mayReadTranscripts(Session s, String id) {
    if (!s.role().seesTranscripts()) {
      throw new Refusal(
          HttpStatus.FORBIDDEN,
          "role " + s.role().label() + " may not read transcripts or hear recordings",
          id);
    }
  }

  private void search(Context ctx) {
    Session s = require(ctx);
    SearchRequest r = request(ctx);
    StringBuilder params = new StringBuilder();
    ctx.queryParamMap()
        .forEach(
            (k, vs) ->
                vs.forEach(
                    v ->
                        params
                            .append(params.length() > 0 ? " " : "")
                            .append(k)
                            .append('=')
                            .append(v)));
    String detail = trim(params.toString(), 2_000);
    if (!s.role().seesTranscripts() && r.query() != null && !r.query().isBlank()) {
      // Any text query would let an analyst test what was said (an oracle), hits or not.
      throw new Refusal(
          HttpStatus.FORBIDDEN,
          "role "
              + s.role().label()
              + " may search by filters only (site, queue, day, category, ...), not by what was said",
          null);
    }
    SearchResult result;
    try {
      result = files.searcher().search(r);
    } catch (QuerySyntaxException e) {
      throw new Refusal(HttpStatus.BAD_REQUEST, e.getMessage(), null);
    } catch (RuntimeException e) {
      if (e.getClass().getSimpleName().equals("TooManyClauses")) {
        throw new Refusal(HttpStatus.BAD_REQUEST, "the query has too many terms; narrow it", null);
      }
      throw e;
    }
    Map<String, Object> body = result.toMap();
    if (!s.role().seesTranscripts()) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> hits = (List<Map<String, Object>>) body.get("hits");
      for (Map<String, Object> h : hits) {
        for (String k : List.of("snippet", "speaker", "line_no", "start_s", "end_s")) {
          h.put(k, null);
        }
      }
    }
    audit.write(s.user(), s.role(), Action.SEARCH, null, detail, ctx.ip());
    ctx.json(body);
  }

  private void conversation(Context ctx) {
    Session s = require(ctx);
    String id = id(ctx);
    mayReadTranscripts(s, id);
    var c = files.searcher().conversation(id);
    if (c.isEmpty()) {
      throw new Refusal(HttpStatus.NOT_FOUND, "no conversation " + id + " in the index", id);
    }
    audit.write(s.user(), s.role(), Action.VIEW_TRANSCRIPT, id, null, ctx.ip());
    Conversation v = c.get();
    ctx.json(ConversationView.of(v, centreZone(), files.hasRecording(v.recording())));
  }

  /**
   * The centre's time zone, as the index stage recorded it in the index's commit; UTC for an index
   * that has none (written by hand, or before the zone was recorded).
   */
  private ZoneId centreZone() {
    String zone = files.searcher().indexedVersions().get(IndexSchema.COMMIT_TIME_ZONE);
    try {
      return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    } catch (java.time.DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private void audio(Context ctx) throws IOException {
    Session s = require(ctx);
    String id = id(ctx);
    mayReadTranscripts(s, id);
    var c = files.searcher().conversation(id);
    if (c.isEmpty() || c.get().recording() == null) {
      throw new Refusal(HttpStatus.NOT_FOUND, "no recording for " + id, id);
    }
    byte[] wav;
    try {
      wav = playback.wav(c.get().recording(), files);
    } catch (BadAudioException e) {
      throw new Refusal(
          HttpStatus.UNPROCESSABLE_CONTENT, "the recording of " + id + " cannot be decoded", id);
    } catch (io.callqa.warehouse.CallqaException e) {
      // HDFS or S3 unreachable: the reviewer may try again; the reason goes to the server's log.
      System.err.println("serve: " + e.getMessage());
      throw new Refusal(
          HttpStatus.SERVICE_UNAVAILABLE,
          "the recording of " + id + " cannot be read from the warehouse now",
          id);
    }
    if (wav == null) {
      throw new Refusal(HttpStatus.NOT_FOUND, "the recording of " + id + " is missing", id);
    }
    long[] range = ByteRange.parse(ctx.header("Range"), wav.length);
    if (range == ByteRange.UNSATISFIABLE) {
      ctx.header("Content-Range", "bytes */" + wav.length);
      throw new Refusal(
          HttpStatus.RANGE_NOT_SATISFIABLE,
          "Range "
              + trim(ctx.header("Range"), 100)
              + " does not fit a recording of "
              + wav.length
              + " bytes",
          id);
    }
    long from = range == null ? 0 : range[0];
    long to = range == null ? wav.length - 1 : range[1];
    // Every audio response is audited: the first of a recording in a session is a play, later ones
    // continue it.
    boolean first = s.played().add(id);
    audit.write(
        s.user(),
        s.role(),
        first ? Action.PLAY_AUDIO : Action.AUDIO_RANGE,
        id,
        "bytes " + from + "-" + to + "/" + wav.length,
        ctx.ip());
    ctx.header("Cache-Control", "no-store");
    ctx.header("Accept-Ranges", "bytes");
    ctx.contentType("audio/wav");
    if (range != null) {
      ctx.status(HttpStatus.PARTIAL_CONTENT);
      ctx.header("Content-Range", "bytes " + from + "-" + to + "/" + wav.length);
    }
    ctx.result(java.util.Arrays.copyOfRange(wav, (int) from, (int) to + 1));
  }

  /** A reviewer's manual score: appended to the journal the analyse stage reads; audited. */
  private void review(Context ctx) {
    Session s = require(ctx);
    String id = id(ctx);
    mayReadTranscripts(s, id);
    if (files.searcher().conversation(id).isEmpty()) {
      throw new Refusal(HttpStatus.NOT_FOUND, "no conversation " + id + " in the index", id);
    }
    String scorecard = ctx.formParam("scorecard");
    String scoreText = ctx.formParam("score");
    String comment = ctx.formParam("comment");
    if (scorecard == null || !scorecards.contains(scorecard)) {
      throw new Refusal(
          HttpStatus.BAD_REQUEST,
          "manual score not recorded: unknown scorecard '"
              + trim(String.valueOf(scorecard), 64)
              + "'; known: "
              + new java.util.TreeSet<>(scorecards),
          id);
    }
    if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
      throw new Refusal(
          HttpStatus.BAD_REQUEST,
          "manual score not recorded: the comment has "
              + comment.length()
              + " characters, at most "
              + MAX_COMMENT_CHARS,
          id);
    }
    ManualScoreJournal.Entry entry;
    try {
      entry =
          new ManualScoreJournal.Entry(
              id,
              scorecard,
              s.user(),
              clock.instant().truncatedTo(ChronoUnit.MILLIS),
              Double.parseDouble(scoreText == null ? "" : scoreText.strip()),
              comment);
    } catch (IllegalArgumentException e) {
      // NumberFormatException is one: "score=abc" lands here too.
      throw new Refusal(
          HttpStatus.BAD_REQUEST, "manual score not recorded: " + trim(e.getMessage(), 200), id);
    }
    files.appendScore(entry);
    audit.write(
        s.user(),
        s.role(),
        Action.MANUAL_SCORE,
        id,
        entry.scorecard() + " " + entry.score(),
        ctx.ip());
    ctx.status(HttpStatus.CREATED);
    ctx.json(Map.of("recorded", true, "pending_until", "the next `callqa run` (analyse stage)"));
  }

  /** The search request of the query string; a bad value is a 400 naming the parameter. */
  static SearchRequest request(Context ctx) {
    Function<String, String> p =
        name -> {
          String v = ctx.queryParam(name);
          return v == null || v.isBlank() ? null : v.strip();
        };
    String q = p.apply("q");
    if (q != null) {
      if (q.length() > MAX_QUERY_CHARS) {
        throw new Refusal(
            HttpStatus.BAD_REQUEST,
            "the query has " + q.length() + " characters, at most " + MAX_QUERY_CHARS,
            null);
      }
      if (depth(q) > MAX_QUERY_DEPTH) {
        throw new Refusal(
            HttpStatus.BAD_REQUEST,
            "the query nests parentheses deeper than " + MAX_QUERY_DEPTH,
            null);
      }
    }
    Integer offset = parse(p, "offset", Integer::valueOf);
    Integer limit = parse(p, "limit", Integer::valueOf);
    if (offset != null && (offset < 0 || offset > MAX_OFFSET)) {
      throw new Refusal(
          HttpStatus.BAD_REQUEST,
          "parameter offset=" + offset + " is not valid: 0.." + MAX_OFFSET,
          null);
    }
    if (limit != null && (limit < 0 || limit > MAX_LIMIT)) {
      throw new Refusal(
          HttpStatus.BAD_REQUEST,
          "parameter limit=" + limit + " is not valid: 0.." + MAX_LIMIT,
          null);
    }
    try {
      return SearchRequest.builder()
          .query(q)
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
          .offset(orDefault(offset, 0))
          .limit(orDefault(limit, 20))
          .build();
    } catch (IllegalArgumentException e) {
      throw new Refusal(HttpStatus.BAD_REQUEST, trim(e.getMessage(), 300), null);
    }
  }

  /** How deep parentheses nest outside quotes. */
  static int depth(String q) {
    int depth = 0;
    int max = 0;
    boolean quoted = false;
    for (int i = 0; i < q.length(); i++) {
      char ch = q.charAt(i);
      if (ch == '\\') {
        i++;
      } else if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted && ch == '(') {
        max = Math.max(max, ++depth);
      } else if (!quoted && ch == ')') {
        depth = Math.max(0, depth - 1);
      }
    }
    return max;
  }

  /** The path's call id, bounded and plain. */
  private static String id(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.length() > 128 || !id.matches("[A-Za-z0-9._:-]+")) {
      throw new Refusal(HttpStatus.BAD_REQUEST, "not a call id: " + trim(id, 64), null);
    }
    return id;
  }

  private static String trim(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private static <T> T parse(Function<String, String> p, String name, Function<String, T> f) {
    String v = p.apply(name);
    if (v == null) {
      return null;
    }
    try {
      return f.apply(v);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new Refusal(
          HttpStatus.BAD_REQUEST,
          "parameter " + name + "=" + trim(v, 64) + " is not valid: " + trim(e.getMessage(), 200),
          null);
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
      String type =
          name.endsWith(".css")
              ? "text/css"
              : name.endsWith(".js") ? "text/javascript" : "text/html";
      ctx.contentType(type + "; charset=utf-8");
      ctx.header(
          "Content-Security-Policy", "default-src 'self'; media-src 'self'; style-src 'self'");
      ctx.result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status);
    ctx.json(Map.of("error", message));
  }

  /** Answers a refusal and audits it: who (if signed in), what, the status and the reason. */
  private void refuse(Context ctx, HttpStatus status, String message, String id) {
    Session s = session(ctx);
    Action action = status == HttpStatus.FORBIDDEN ? Action.DENIED : Action.REFUSED;
    audit.write(
        s == null ? null : s.user(),
        s == null ? null : s.role(),
        action,
        id,
        status.getCode()
            + " "
            + ctx.method()
            + " "
            + trim(ctx.path(), 200)
            + ": "
            + trim(message, 300),
        ctx.ip());
    ctx.attribute(ATTR_AUDITED, true);
    error(ctx, status, message);
  }

  /** A request answered with a 4xx (or 5xx) status and a message; audited by {@link #refuse}. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient HttpStatus status;
    final String id;

    Refusal(HttpStatus status, String message, String id) {
      super(message, null, false, false);
      this.status = status;
      this.id = id;
    }
  }
}
