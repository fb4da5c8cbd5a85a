package io.callqa.dashboards.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Publishes a {@link SupersetBundle} to a running Superset through its REST API, following the
 * documented flow: log in ({@code POST /api/v1/security/login}, provider {@code db}) for a bearer
 * token, fetch a CSRF token ({@code GET /api/v1/security/csrf_token/}) together with its session
 * cookie, import the ZIP with {@code overwrite=true} and the database passwords ({@code POST
 * /api/v1/dashboard/import/}, multipart, with the bearer token, {@code X-CSRFToken}, the cookie and
 * a {@code Referer}), then list each dashboard by title to confirm it is there exactly once.
 *
 * <p>Idempotent: the bundle's UUIDs are fixed, so a second publish updates the same objects. Every
 * failure is a {@link SupersetException} saying which step failed and why (bad credentials, no
 * session cookie with the CSRF token, the import's own error messages, an unreachable server).
 *
 * <pre>
 * SupersetClient client = new SupersetClient(URI.create("http://superset:8088"), Duration.ofSeconds(30));
 * List&lt;Published&gt; shown = client.publish(bundle, "admin", password, sqlPassword, System.out::println);
 * </pre>
 */
public final class SupersetClient {
  /** One dashboard as Superset lists it after the import. */
  public record Published(long id, String title, String url) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;

  public SupersetClient(URI base, Duration timeout) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).cookieHandler(cookies).build();
  }

  /**
   * Logs in, imports the bundle with overwrite and confirms every dashboard.
   *
   * @param databasePassword the password of the bundle's database connection (the SQL endpoint's)
   * @param progress receives one line per step
   */
  public List<Published> publish(
      SupersetBundle bundle,
      String user,
      String password,
      String databasePassword,
      Consumer<String> progress) {
    progress.accept("logging in to " + base + " as " + user);
    String token = login(user, password);
    String csrf = csrfToken(token);
    byte[] zip = bundle.zipBytes(Instant.now());
    progress.accept(
        "importing "
            + bundle.dashboardTitles().size()
            + " dashboards, "
            + bundle.files("charts").size()
            + " charts, "
            + bundle.files("datasets").size()
            + " datasets ("
            + zip.length / 1024
            + " KB, overwrite)");
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String db : bundle.databasePasswordKeys()) {
      passwords.put(db, databasePassword == null ? "" : databasePassword);
    }
    importZip(token, csrf, zip, passwords);
    List<Published> out = new ArrayList<>();
    for (String title : bundle.dashboardTitles()) {
      out.add(find(token, title));
    }
    return out;
  }

  String login(String user, String password) {
    Map<String, Object> body =
        Map.of("username", user, "password", password, "provider", "db", "refresh", true);
    HttpResponse<String> r =
        send(
            request("/api/v1/security/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                .build(),
            "log in");
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new SupersetException(
          "Superset at "
              + base
              + " refused the login of "
              + user
              + " (HTTP "
              + r.statusCode()
              + ": "
              + message(r)
              + "); check the user and the password");
    }
    JsonNode node = expectJson(r, "log in");
    String token = node.path("access_token").asText();
    if (token.isEmpty()) {
      throw new SupersetException(
          "Superset at " + base + " answered the login without an access_token: " + r.body());
    }
    return token;
  }

  String csrfToken(String token) {
    HttpResponse<String> r =
        send(
            request("/api/v1/security/csrf_token/")
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            "get a CSRF token");
    JsonNode node = expectJson(r, "get a CSRF token");
    String csrf = node.path("result").asText();
    if (csrf.isEmpty()) {
      throw new SupersetException(
          "Superset at " + base + " answered the CSRF request without a token: " + r.body());
    }
    if (cookies.getCookieStore().get(base).isEmpty()) {
      throw new SupersetException(
          "Superset at "
              + base
              + " sent a CSRF token but no session cookie with it, so every write would fail"
              + " with \"CSRF session token is missing\"; check that a proxy in front of Superset passes Set-Cookie"
              + " and that SESSION_COOKIE_SECURE matches the scheme ("
              + base.getScheme()
              + ")");
    }
    return csrf;
  }

  void importZip(String token, String csrf, byte[] zip, Map<String, String> passwords) {
    String boundary = "callqa-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    part(body, boundary, "formData", "callqa-dashboards.zip", "application/zip", zip);
    part(body, boundary, "overwrite", null, null, "true".getBytes(StandardCharsets.UTF_8));
    part(body, boundary, "passwords", null, null, json(passwords).getBytes(StandardCharsets.UTF_8));
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        send(
            request("/api/v1/dashboard/import/")
                .header("Authorization", "Bearer " + token)
                .header("X-CSRFToken", csrf)
                .header("Referer", base + "/dashboard/list/")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            "import the bundle");
    if (r.statusCode() / 100 != 2) {
      throw new SupersetException(
          "Superset at "
              + base
              + " rejected the import (HTTP "
              + r.statusCode()
              + "): "
              + message(r));
    }
  }

  Published find(String token, String title) {
    String q =
        Rison.encode(
            Map.of(
                "filters", List.of(Map.of("col", "dashboard_title", "opr", "eq", "value", title))));
    HttpResponse<String> r =
        send(
            request("/api/v1/dashboard/?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            "list the dashboards");
    JsonNode node = expectJson(r, "list the dashboards");
    JsonNode result = node.path("result");
    if (result.size() != 1) {
      throw new SupersetException(
          "after the import Superset at "
              + base
              + " lists "
              + result.size()
              + " dashboards titled \""
              + title
              + "\"; expected exactly 1");
    }
    JsonNode d = result.get(0);
    String url = d.path("url").asText();
    return new Published(
        d.path("id").asLong(), d.path("dashboard_title").asText(), url.isEmpty() ? "" : base + url);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest req, String step) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new SupersetException(
          "cannot reach Superset at "
              + base
              + " to "
              + step
              + ": no answer within "
              + timeout.toSeconds()
              + " s",
          e);
    } catch (ConnectException e) {
      throw new SupersetException(
          "cannot reach Superset at "
              + base
              + " to "
              + step
              + ": connection refused; is it running, and is the URL right?",
          e);
    } catch (HttpTimeoutException e) {
      throw new SupersetException(
          "Superset at "
              + base
              + " did not answer within "
              + timeout.toSeconds()
              + " s when asked to "
              + step,
          e);
    } catch (IOException e) {
      throw new SupersetException("cannot reach Superset at " + base + " to " + step + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SupersetException("interrupted while asking Superset to " + step, e);
    }
  }

  private JsonNode expectJson(HttpResponse<String> r, String step) {
    if (r.statusCode() / 100 != 2) {
      throw new SupersetException(
          "Superset at "
              + base
              + " failed to "
              + step
              + " (HTTP "
              + r.statusCode()
              + "): "
              + message(r));
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new SupersetException(
          "Superset at "
              + base
              + " answered \""
              + step
              + "\" with something other than JSON: "
              + abbreviate(r.body()),
          e);
    }
  }

  /**
   * The error text of a Superset reply: {@code message}, {@code msg} or every {@code
   * errors[].message}.
   */
  static String message(HttpResponse<String> r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      List<String> parts = new ArrayList<>();
      if (n.hasNonNull("message")) {
        parts.add(
            n.get("message").isTextual() ? n.get("message").asText() : n.get("message").toString());
      }
      if (n.hasNonNull("msg")) {
        parts.add(n.get("msg").asText());
      }
      for (JsonNode e : n.path("errors")) {
        String m = e.path("message").asText();
        JsonNode extra = e.path("extra");
        parts.add(extra.isMissingNode() || extra.isEmpty() ? m : m + " " + extra);
      }
      if (!parts.isEmpty()) {
        return String.join("; ", parts);
      }
    } catch (IOException notJson) {
      // fall through to the raw body
    }
    return abbreviate(r.body());
  }

  private static String abbreviate(String s) {
    String flat = s.replaceAll("\\s+", " ").trim();
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }

  private static void part(
      ByteArrayOutputStream out,
      String boundary,
      String name,
      String filename,
      String type,
      byte[] data) {
    StringBuilder h =
        new StringBuilder("--")
            .append(boundary)
            .append("\r\n")
            .append("Content-Disposition: form-data; name=\"")
            .append(name)
            .append('"');
    if (filename != null) {
      h.append("; filename=\"").append(filename).append('"');
    }
    h.append("\r\n");
    if (type != null) {
      h.append("Content-Type: ").append(type).append("\r\n");
    }
    h.append("\r\n");
    out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(data);
    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON for " + o, e);
    }
  }
}
