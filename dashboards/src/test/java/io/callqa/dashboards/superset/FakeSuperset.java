package io.callqa.dashboards.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A stand-in for Superset's REST API (Superset itself is a Python application that cannot be
 * installed here), enforcing the documented contract of the endpoints {@link SupersetClient} uses:
 * login with provider {@code db} for a bearer token; a CSRF token handed out with a session cookie;
 * writes needing the bearer token, {@code X-CSRFToken} matching that cookie's token and a {@code
 * Referer}; the import as multipart with {@code formData} (a ZIP whose entries sit under one
 * folder, with {@code metadata.yaml} of type Dashboard), {@code overwrite} and a {@code passwords}
 * map, looked up as Superset's {@code load_configs} does (the database file's path without the
 * ZIP's top folder; a key that matches nothing is silently ignored); the files read with a YAML 1.1
 * loader as Superset's {@code yaml.safe_load} reads them; objects keyed by UUID so that a re-import
 * without overwrite fails and with it updates; error bodies as Superset shapes them.
 */
final class FakeSuperset implements AutoCloseable {
  record Dashboard(long id, String uuid, String title, String slug) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  final String user = "admin";
  final String password = "general-kenobi";
  final String databasePassword = "sql-secret";

  /**
   * The password each imported database (by UUID) was given, as Superset stores it with the
   * connection.
   */
  final Map<String, String> databasePasswords = new ConcurrentHashMap<>();

  /** When false, the CSRF endpoint sets no cookie (a proxy dropping Set-Cookie). */
  volatile boolean setSessionCookie = true;

  final Map<String, Dashboard> dashboards = new ConcurrentHashMap<>();
  final Map<String, String> charts = new ConcurrentHashMap<>();
  final List<String> importsAccepted = new ArrayList<>();

  private final HttpServer server;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> csrfBySession = new ConcurrentHashMap<>();
  private long nextId = 1;

  FakeSuperset() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/security/login", this::login);
    server.createContext("/api/v1/security/csrf_token/", this::csrf);
    server.createContext("/api/v1/dashboard/import/", this::importBundle);
    server.createContext("/api/v1/dashboard/", this::list);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void login(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      reply(ex, 405, Map.of("message", "Method Not Allowed"));
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(ex.getRequestBody());
    } catch (IOException e) {
      reply(ex, 400, Map.of("message", "Request is not JSON"));
      return;
    }
    if (!"db".equals(body.path("provider").asText())) {
      reply(
          ex,
          400,
          Map.of("message", "Provider " + body.path("provider").asText() + " not supported"));
      return;
    }
    if (!user.equals(body.path("username").asText())
        || !password.equals(body.path("password").asText())) {
      reply(ex, 401, Map.of("message", "Not authorized"));
      return;
    }
    String token = UUID.randomUUID().toString();
    tokens.put(token, user);
    reply(ex, 200, Map.of("access_token", token, "refresh_token", UUID.randomUUID().toString()));
  }

  private boolean authorised(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || !tokens.containsKey(auth.substring(7))) {
      reply(ex, 401, Map.of("msg", "Missing Authorization Header"));
      return false;
    }
    return true;
  }

  private void csrf(HttpExchange ex) throws IOException {
    if (!authorised(ex)) {
      return;
    }
    String session = UUID.randomUUID().toString();
    String csrf = UUID.randomUUID().toString();
    csrfBySession.put(session, csrf);
    if (setSessionCookie) {
      ex.getResponseHeaders().add("Set-Cookie", "session=" + session + "; HttpOnly; Path=/");
    }
    reply(ex, 200, Map.of("result", csrf));
  }

  private void importBundle(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      reply(ex, 405, Map.of("message", "Method Not Allowed"));
      return;
    }
    if (!authorised(ex)) {
      return;
    }
    String session = cookie(ex, "session");
    String csrf = ex.getRequestHeaders().getFirst("X-CSRFToken");
    if (session == null || !csrfBySession.containsKey(session)) {
      error(
          ex,
          400,
          "400 Bad Request: The CSRF session token is missing.",
          "GENERIC_BACKEND_ERROR",
          null);
      return;
    }
    if (csrf == null || !csrf.equals(csrfBySession.get(session))) {
      error(
          ex, 400, "400 Bad Request: The CSRF tokens do not match.", "GENERIC_BACKEND_ERROR", null);
      return;
    }
    if (ex.getRequestHeaders().getFirst("Referer") == null) {
      error(
          ex,
          400,
          "400 Bad Request: The referrer header is missing.",
          "GENERIC_BACKEND_ERROR",
          null);
      return;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    Matcher m =
        Pattern.compile("multipart/form-data;\\s*boundary=(.+)").matcher(type == null ? "" : type);
    if (!m.matches()) {
      reply(ex, 400, Map.of("message", "Request is not multipart/form-data"));
      return;
    }
    Map<String, byte[]> parts = Multipart.parse(ex.getRequestBody().readAllBytes(), m.group(1));
    if (!parts.containsKey("formData")) {
      reply(ex, 400, Map.of("message", "Arguments are not correct"));
      return;
    }
    boolean overwrite = "true".equals(text(parts.get("overwrite")));
    JsonNode passwords =
        parts.containsKey("passwords")
            ? JSON.readTree(text(parts.get("passwords")))
            : JSON.createObjectNode();
    Map<String, JsonNode> files;
    try {
      files = unzip(parts.get("formData"));
    } catch (IllegalArgumentException e) {
      error(
          ex,
          422,
          "Error importing dashboard",
          "GENERIC_COMMAND_ERROR",
          Map.of("bundle", e.getMessage()));
      return;
    }
    JsonNode meta = files.get("metadata.yaml");
    if (meta == null || !"Dashboard".equals(meta.path("type").asText())) {
      error(
          ex,
          422,
          "Error importing dashboard",
          "GENERIC_COMMAND_ERROR",
          Map.of("metadata.yaml", Map.of("type", List.of("Must be equal to Dashboard."))));
      return;
    }
    Map<String, Object> issues = new LinkedHashMap<>();
    for (var e : files.entrySet()) {
      if (e.getKey().startsWith("dashboards/")
          && !overwrite
          && dashboards.containsKey(e.getValue().path("uuid").asText())) {
        issues.put(e.getKey(), "Dashboard already exists and `overwrite=true` was not passed");
      }
      if (e.getKey().startsWith("dashboards/")
          && e.getValue().path("dashboard_title").asText().isEmpty()) {
        issues.put(
            e.getKey(), Map.of("dashboard_title", List.of("Missing data for required field.")));
      }
    }
    if (!issues.isEmpty()) {
      error(ex, 422, "Error importing dashboard", "GENERIC_COMMAND_ERROR", issues);
      return;
    }
    for (var e : files.entrySet()) {
      JsonNode n = e.getValue();
      if (e.getKey().startsWith("dashboards/")) {
        String uuid = n.path("uuid").asText();
        Dashboard old = dashboards.get(uuid);
        long id = old != null ? old.id() : nextId++;
        dashboards.put(
            uuid,
            new Dashboard(id, uuid, n.path("dashboard_title").asText(), n.path("slug").asText()));
      } else if (e.getKey().startsWith("charts/")) {
        charts.put(n.path("uuid").asText(), n.path("slice_name").asText());
      } else if (e.getKey().startsWith("databases/") && passwords.has(e.getKey())) {
        // load_configs: `if file_name in passwords: config["password"] = passwords[file_name]`, the
        // file name
        // without the ZIP's top folder; otherwise an existing database keeps its password, a new
        // one has none.
        // Superset does not try the password at import (import_database only logs a failed
        // connection).
        databasePasswords.put(n.path("uuid").asText(), passwords.get(e.getKey()).asText());
      }
    }
    importsAccepted.add(session);
    reply(ex, 200, Map.of("message", "OK"));
  }

  private void list(HttpExchange ex) throws IOException {
    if (!authorised(ex)) {
      return;
    }
    String query = ex.getRequestURI().getRawQuery();
    String q =
        query != null && query.startsWith("q=")
            ? URLDecoder.decode(query.substring(2), StandardCharsets.UTF_8)
            : "";
    Matcher m =
        Pattern.compile("\\(col:dashboard_title,opr:eq,value:('(?:[^'!]|!.)*'|[^)]+)\\)")
            .matcher(q);
    if (!m.find()) {
      reply(ex, 400, Map.of("message", "Not a valid rison argument: " + q));
      return;
    }
    String v = m.group(1);
    String title = v.startsWith("'") ? v.substring(1, v.length() - 1).replaceAll("!(.)", "$1") : v;
    List<Map<String, Object>> result = new ArrayList<>();
    for (Dashboard d : dashboards.values()) {
      if (d.title().equals(title)) {
        result.add(
            Map.of(
                "id",
                d.id(),
                "dashboard_title",
                d.title(),
                "url",
                "/superset/dashboard/" + d.slug() + "/"));
      }
    }
    reply(ex, 200, Map.of("count", result.size(), "result", result));
  }

  /**
   * A file as Superset reads it: {@code yaml.safe_load} (PyYAML, YAML 1.1; SnakeYAML is its Java
   * port with the same implicit types), then the checks of {@code load_metadata} and {@code
   * import_database} that a wrongly typed or missing value fails: {@code MetadataSchema.timestamp}
   * is a marshmallow {@code DateTime}, which refuses anything but an ISO string ("Not a valid
   * datetime."), and {@code import_database} pops {@code allow_csv_upload} without a default.
   */
  private static JsonNode safeLoad(String name, byte[] bytes) {
    Object loaded =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(new String(bytes, StandardCharsets.UTF_8));
    if (!(loaded instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(name + ": Not a valid YAML file");
    }
    if (name.endsWith("/metadata.yaml")) {
      Object ts = map.get("timestamp");
      if (ts != null && !(ts instanceof String)) {
        throw new IllegalArgumentException(
            "metadata.yaml: {'timestamp': ['Not a valid datetime.']}");
      }
    }
    if (name.contains("/databases/") && !map.containsKey("allow_csv_upload")) {
      throw new IllegalArgumentException(name + ": KeyError: 'allow_csv_upload'");
    }
    return JSON.valueToTree(map);
  }

  private static Map<String, JsonNode> unzip(byte[] zip) throws IOException {
    Map<String, JsonNode> files = new HashMap<>();
    String root = null;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        String name = e.getName();
        int slash = name.indexOf('/');
        if (slash < 0) {
          throw new IllegalArgumentException("entry " + name + " is not under a top-level folder");
        }
        String top = name.substring(0, slash);
        if (root != null && !root.equals(top)) {
          throw new IllegalArgumentException(
              "entries sit under more than one folder: " + root + ", " + top);
        }
        root = top;
        if (name.endsWith(".yaml")) {
          files.put(name.substring(slash + 1), safeLoad(name, in.readAllBytes()));
        }
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("not a ZIP of YAML files");
    }
    return files;
  }

  private static String cookie(HttpExchange ex, String name) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String c : header.split(";\\s*")) {
        if (c.startsWith(name + "=")) {
          return c.substring(name.length() + 1);
        }
      }
    }
    return null;
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static void error(HttpExchange ex, int status, String message, String type, Object extra)
      throws IOException {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("message", message);
    e.put("error_type", type);
    e.put("level", "error");
    if (extra != null) {
      e.put("extra", extra);
    }
    reply(ex, status, Map.of("errors", List.of(e)));
  }

  private static void reply(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  /**
   * A strict multipart/form-data reader: named parts, CRLF line ends, the closing boundary
   * required.
   */
  static final class Multipart {
    static Map<String, byte[]> parse(byte[] body, String boundary) throws IOException {
      byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      Map<String, byte[]> parts = new LinkedHashMap<>();
      int pos = indexOf(body, delimiter, 0);
      if (pos != 0) {
        throw new IOException("multipart body does not start with its boundary");
      }
      while (true) {
        int lineEnd = pos + delimiter.length;
        if (body.length >= lineEnd + 2 && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
          return parts;
        }
        int headersStart = lineEnd + 2;
        int headersEnd =
            indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
        int next =
            indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headersEnd);
        if (headersEnd < 0 || next < 0) {
          throw new IOException("multipart body is truncated");
        }
        String headers =
            new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
        Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(headers);
        if (!name.find()) {
          throw new IOException("multipart part without a name: " + headers);
        }
        byte[] data = java.util.Arrays.copyOfRange(body, headersEnd + 4, next);
        parts.put(name.group(1), data);
        pos = next + 2;
      }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
      outer:
      for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (hay[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private Multipart() {}
  }
}
