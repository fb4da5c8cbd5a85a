package io.callqa.jobs.sql;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.security.sasl.AuthenticationException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The warehouse owner's own door to a running {@code sql-server}: HTTP on {@code 127.0.0.1} only,
 * for the launcher's {@code callqa sql}, which needs no JVM of its own to ask it (a JVM's start
 * alone takes about 0.5 s). The endpoint file ({@link SqlEndpoint}, readable by its owner only)
 * names its port; its token signs in, as it does over JDBC, as {@link SqlEndpoint#OWNER} with the
 * operator role, and every statement goes through the same read-only check and audit ({@link
 * GuardedSqlContext}).
 *
 * <p>One request: {@code POST /sql} with {@code Authorization: Bearer TOKEN} and the command's
 * arguments (without {@code --warehouse}) as UTF-8, each ended by a NUL byte. The answer's status
 * says what the launcher does with its body: {@code 200} print it (standard output), {@code 422}
 * print it as the command's error (standard error, exit code in {@code X-Callqa-Exit}), {@code 409}
 * run the command in a process of its own (the body says why: a write, a table the server did not
 * register, an option this door does not take). Anything else is refused before a statement is
 * read: a wrong or missing token ({@code 401}, audited and throttled as a failed sign-in), a
 * request a web page could have sent (an {@code Origin} header, or a {@code Host} that is not this
 * address: {@code 403}), another method or path, a body over {@link #MAX_BODY_BYTES}.
 */
public final class OwnerDoor implements AutoCloseable {
  /** The largest request body read; a statement is at most a few kilobytes. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** The response header with the exit code of a {@code 422} answer. */
  public static final String EXIT_HEADER = "X-Callqa-Exit";

  /** The path of the one resource. */
  public static final String PATH = "/sql";

  /** Where a request of this door came from, as its statements' audit lines say. */
  static final String REMOTE = "127.0.0.1 (owner's door)";

  /** What the command would do with the arguments of one request. */
  @FunctionalInterface
  public interface Handler {
    /**
     * The reply to one {@code callqa sql}.
     *
     * @param args the command's arguments without {@code --warehouse}
     * @param statements runs statements as the owner, through the endpoint's check and audit
     */
    Reply handle(List<String> args, Statements statements);
  }

  /** Runs a statement through the endpoint's read-only check and audit, as the owner. */
  public interface Statements {
    /**
     * The statement's collected answer in a new session of time zone {@code zone}.
     *
     * @throws SqlRefusedException when the endpoint's check refuses it (a write)
     */
    Dataset<Row> run(String statement, ZoneId zone);

    /** The tables the server registered (a statement naming another one runs elsewhere). */
    List<String> tables();
  }

  /**
   * An answer: {@code status} 200 (body to standard output), 422 (body to standard error, exit code
   * {@code exit}) or 409 (run elsewhere; the body says why).
   */
  public record Reply(int status, int exit, byte[] body) {
    /** What the command prints on standard output. */
    public static Reply output(byte[] stdout) {
      return new Reply(200, 0, stdout);
    }

    /** The command's error, printed on standard error, and its exit code. */
    public static Reply error(String stderr, int exit) {
      return new Reply(422, exit, stderr.getBytes(StandardCharsets.UTF_8));
    }

    /** Not answered here: the command runs in a process of its own. */
    public static Reply elsewhere(String why) {
      return new Reply(409, 0, why.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final HttpServer http;
  private final ExecutorService threads;

  private OwnerDoor(HttpServer http, ExecutorService threads) {
    this.http = http;
    this.threads = threads;
  }

  /**
   * Opens the door on an ephemeral port of {@code 127.0.0.1}.
   *
   * @param endpoint whose token signs in
   */
  static OwnerDoor open(SqlEndpoint endpoint, Handler handler, Statements statements) {
    // A request must arrive whole within this many seconds: a client that sends slowly holds a
    // thread no longer (read by the JDK's server when it first loads).
    System.setProperty("sun.net.httpserver.maxReqTime", "30");
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new SqlServerException("cannot open the owner's door on 127.0.0.1: " + e, e);
    }
    int port = http.getAddress().getPort();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "sql-server-owner-door");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(threads);
    http.createContext(
        "/",
        exchange -> {
          try (exchange) {
            answer(exchange, port, endpoint, handler, statements);
          } catch (RuntimeException | IOException e) {
            // The client went away, or a reply could not be written: nothing more to say to it.
          }
        });
    http.start();
    return new OwnerDoor(http, threads);
  }

  /** The loopback port it listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  private static void answer(
      HttpExchange x, int port, SqlEndpoint endpoint, Handler handler, Statements statements)
      throws IOException {
    var headers = x.getRequestHeaders();
    if (headers.containsKey("Origin")) {
      // A web page's request (a browser adds Origin to every cross-site POST): never answered.
      send(x, 403, 0, "requests from web pages are refused");
      return;
    }
    String host = headers.getFirst("Host");
    if (!("127.0.0.1:" + port).equals(host) && !("localhost:" + port).equals(host)) {
      // A name that resolved to 127.0.0.1 (DNS rebinding) is not this door's address.
      send(x, 403, 0, "wrong Host header");
      return;
    }
    if (!PATH.equals(x.getRequestURI().getPath())) {
      send(x, 404, 0, "no such resource");
      return;
    }
    if (!"POST".equals(x.getRequestMethod())) {
      x.getResponseHeaders().set("Allow", "POST");
      send(x, 405, 0, "POST only");
      return;
    }
    String auth = headers.getFirst("Authorization");
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).strip() : null;
    try {
      SqlServerAuthenticator.check(SqlEndpoint.OWNER, token == null ? "" : token);
      if (!endpoint.accepts(token)) {
        // Another endpoint's token of this JVM (a test's second server): not this door's.
        throw new AuthenticationException("wrong token");
      }
    } catch (AuthenticationException e) {
      send(x, 401, 0, e.getMessage());
      return;
    }
    byte[] body;
    try (InputStream in = x.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      send(x, 413, 0, "the request is over " + MAX_BODY_BYTES + " bytes");
      return;
    }
    List<String> args = args(body);
    if (args == null) {
      send(x, 400, 0, "the arguments are not NUL-terminated UTF-8");
      return;
    }
    Reply r = handler.handle(args, statements);
    send(x, r.status(), r.exit(), r.body());
  }

  /**
   * The arguments of a body: UTF-8 strings, each ended by a NUL byte; null when the body is not
   * that.
   */
  static List<String> args(byte[] body) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == 0) {
        var decoder =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
          out.add(decoder.decode(java.nio.ByteBuffer.wrap(body, start, i - start)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
          return null;
        }
        start = i + 1;
      }
    }
    return start == body.length ? out : null;
  }

  private static void send(HttpExchange x, int status, int exit, String text) throws IOException {
    send(x, status, exit, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange x, int status, int exit, byte[] body) throws IOException {
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.getResponseHeaders().set(EXIT_HEADER, Integer.toString(exit));
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
