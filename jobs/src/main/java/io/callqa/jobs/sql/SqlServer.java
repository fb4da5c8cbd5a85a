package io.callqa.jobs.sql;

import io.callqa.access.AuditTrail;
import io.callqa.access.SignInGate;
import io.callqa.access.Users;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2$;

/**
 * The warehouse's SQL endpoint: Spark's Thrift JDBC server (HiveServer2 protocol) started inside
 * the callqa JVM, with Delta enabled and every warehouse table registered by its plain name in the
 * {@code default} database, so that Hive JDBC clients, Superset (PyHive, {@code hive://}) and BI
 * tools see {@code kpi_daily}, {@code complaints}, ... as tables.
 *
 * <p>Guarantees: bound to the given host only (the command line defaults to 127.0.0.1); never open
 * — every connection signs in as a user of the users file ({@link SqlServerAuthenticator},
 * throttled); read-only by construction and role-aware — every statement is checked on its analyzed
 * plan ({@link PlanGuard}, {@link SqlAccess}) before it runs, and audited with its user, tables and
 * rows (or refusal) before the answer ({@link GuardedSqlContext}); TLS only when a keystore is
 * given. The Derby files and Hive scratch folders of the embedded execution client go under {@code
 * scratch} instead of the working directory. Tables are registered by location, so each query reads
 * the latest Delta version; a table created after the server started appears after a restart.
 *
 * <pre>
 * System.setProperty("spark.sql.warehouse.dir", scratch + "/catalog"); // before the session exists
 * var settings = new SqlServer.Settings("127.0.0.1", 10000, usersFile, auditFile, scratch, null, null);
 * try (SqlServer server = SqlServer.start(spark, warehouse, settings)) {
 *   System.out.println(server.jdbcUrl());
 *   server.awaitShutdown();
 * }
 * </pre>
 */
public final class SqlServer implements AutoCloseable {
  private static final String CUSTOM_AUTH_CLASS = "hive.server2.custom.authentication.class";

  /**
   * {@code -Dcallqa.sql.warm-up-library=false} leaves the query library out of the warm-up (a
   * server for one script, or test JVMs where the CPU it takes is another test's): its first
   * queries then plan cold.
   */
  public static final String WARM_UP_LIBRARY_PROPERTY = "callqa.sql.warm-up-library";

  private final HiveThriftServer2 server;
  private final String host;
  private final int port;
  private final List<String> tables;
  private final long startMillis;
  private final AuditTrail audit;
  private final boolean tls;
  private final SqlServerAuthenticator.Config auth;
  private volatile SqlEndpoint endpoint;
  private final Path scratch;
  private final SparkSession spark;
  private volatile OwnerDoor door;
  private final java.util.concurrent.atomic.AtomicInteger libraryQueriesWarmed =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile java.util.concurrent.CompletableFuture<Double> warmedUp =
      java.util.concurrent.CompletableFuture.completedFuture(0.0);

  private SqlServer(
      HiveThriftServer2 server,
      String host,
      int port,
      List<String> tables,
      long startMillis,
      AuditTrail audit,
      SqlServerAuthenticator.Config auth,
      boolean tls,
      SqlEndpoint endpoint,
      Path scratch,
      SparkSession spark) {
    this.spark = spark;
    this.auth = auth;
    this.endpoint = endpoint;
    this.scratch = scratch;
    this.server = server;
    this.host = host;
    this.port = port;
    this.tables = tables;
    this.startMillis = startMillis;
    this.audit = audit;
    this.tls = tls;
  }

  /**
   * Where the endpoint listens and whom it lets in.
   *
   * @param users the users file (one account per person or service, {@link Users})
   * @param audit the append-only audit log of every statement and failed sign-in
   * @param scratch a folder for the server's own files (Derby log and metastore, Hive scratch
   *     space)
   * @param keystore a JKS or PKCS12 keystore: TLS only, plain connections refused; null: plain TCP
   *     (bind to loopback, or put a TLS proxy in front)
   */
  public record Settings(
      String host,
      int port,
      Path users,
      Path audit,
      Path scratch,
      Path keystore,
      String keystorePassword) {
    public Settings {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(users, "users");
      Objects.requireNonNull(audit, "audit");
      Objects.requireNonNull(scratch, "scratch");
    }
  }

  /**
   * Registers the warehouse's tables and starts the endpoint.
   *
   * @throws SqlServerException when the warehouse has no tables, the users file is missing or bad,
   *     the keystore cannot be read, or the port cannot be bound
   */
  public static SqlServer start(SparkSession spark, Path warehouse, Settings settings) {
    String host = settings.host();
    int port = settings.port();
    Path scratch = settings.scratch();
    Users users;
    try {
      users = Users.load(settings.users());
    } catch (IllegalArgumentException e) {
      throw new SqlServerException(e.getMessage(), e);
    }
    long t0 = System.nanoTime();
    requireFreePort(host, port);
    List<String> tables = registerTables(new Warehouse(spark, warehouse));
    if (tables.isEmpty()) {
      throw new SqlServerException(
          "no tables under "
              + warehouse
              + "; run `callqa run --landing DIR --warehouse "
              + warehouse
              + "` first");
    }
    try {
      Files.createDirectories(scratch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the SQL server's scratch folder " + scratch, e);
    }
    AuditTrail audit = new AuditTrail(settings.audit());
    // Derby reads these once, when its engine first loads: here, inside startWithContext.
    System.setProperty("derby.stream.error.file", scratch.resolve("derby.log").toString());
    var conf = spark.conf();
    conf.set("hive.server2.thrift.bind.host", host);
    conf.set("hive.server2.thrift.port", String.valueOf(port));
    conf.set("hive.server2.transport.mode", "binary");
    conf.set("hive.server2.authentication", "CUSTOM");
    conf.set(CUSTOM_AUTH_CLASS, SqlServerAuthenticator.class.getName());
    // The SASL callback builds a fresh HiveConf (no server conf in sight) to find the class: system
    // property.
    System.setProperty(CUSTOM_AUTH_CLASS, SqlServerAuthenticator.class.getName());
    conf.set("hive.server2.enable.doAs", "false");
    // A signed-in user may not act as another (hive.server2.proxy.user in the session settings).
    conf.set("hive.server2.allow.user.substitution", "false");
    conf.set("hive.exec.scratchdir", scratch.resolve("hive-scratch").toString());
    conf.set("hive.exec.local.scratchdir", scratch.resolve("hive-local").toString());
    // A session's close lists it (and logs an error when it is missing).
    try {
      Files.createDirectories(scratch.resolve("hive-local"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + scratch.resolve("hive-local"), e);
    }
    // HiveServer2 logs an error with a stack trace whenever a client closes its connection after
    // closing its session, which every client does: noise on the server's console.
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "org.apache.thrift.server.TThreadPoolServer", org.apache.logging.log4j.Level.OFF);
    // A statement's failure (a typo, an unknown column) is the client's answer and an audit line;
    // Spark also logs it as an error with a stack trace.
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "org.apache.spark.sql.hive.thriftserver.SparkExecuteStatementOperation",
        org.apache.logging.log4j.Level.OFF);
    conf.set("hive.downloaded.resources.dir", scratch.resolve("hive-resources").toString());
    conf.set("hive.server2.logging.operation.enabled", "false");
    if (settings.keystore() != null) {
      if (!Files.isReadable(settings.keystore())) {
        throw new SqlServerException("cannot read the keystore " + settings.keystore());
      }
      requireKeystore(settings.keystore(), settings.keystorePassword());
      conf.set("hive.server2.use.SSL", "true");
      conf.set("hive.server2.keystore.path", settings.keystore().toAbsolutePath().toString());
      conf.set("hive.server2.keystore.password", settings.keystorePassword());
    } else {
      conf.set("hive.server2.use.SSL", "false");
    }
    // Started on a thread of its own: Spark's execution Hive client reuses the calling thread's
    // Hive
    // SessionState, whose settings (port, TLS) would otherwise be a previous server's in the same
    // JVM.
    java.util.concurrent.atomic.AtomicReference<Object> started =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                started.set(HiveThriftServer2$.MODULE$.startWithContext(spark.sqlContext()));
              } catch (RuntimeException e) {
                started.set(e);
              }
            },
            "sql-server-start");
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqlServerException("interrupted while the SQL endpoint started", e);
    }
    if (started.get() instanceof RuntimeException e) {
      throw new SqlServerException(
          "cannot start the SQL endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    HiveThriftServer2 server = (HiveThriftServer2) started.get();
    SessionGuard.install(server, spark, audit);
    // Sign-ins are refused until every new session is guarded.
    SqlEndpoint endpoint = SqlEndpoint.create(host, port, tables);
    var auth = new SqlServerAuthenticator.Config(users, new SignInGate(Clock.systemUTC()), audit);
    SqlServerAuthenticator.configure(auth);
    SqlServer s =
        new SqlServer(
            server,
            host,
            port,
            List.copyOf(tables),
            System.nanoTime() - t0,
            audit,
            auth,
            settings.keystore() != null,
            endpoint,
            scratch,
            spark);
    s.awaitListening();
    s.warmedUp = warmUp(server, spark, tables, s.libraryQueriesWarmed);
    if (settings.keystore() == null) {
      // The owner's `callqa sql` finds it there (a client would need the keystore's trust for TLS).
      SqlServerAuthenticator.acceptOwner(endpoint);
      endpoint.write(scratch);
    }
    return s;
  }

  /**
   * Closing a JDBC session opens Hive's embedded metastore (Derby through DataNucleus) on the
   * closing thread, and a table's first read loads Delta's read path: the first time in a JVM each
   * takes seconds (measured: the first session's close 8.7 s, the first {@code count(*)} 7.2 s on 2
   * cores), which the first client would wait for. Done here instead, on a thread of its own, while
   * the endpoint already answers.
   */
  private static java.util.concurrent.CompletableFuture<Double> warmUp(
      HiveThriftServer2 server,
      SparkSession spark,
      List<String> tables,
      java.util.concurrent.atomic.AtomicInteger libraryQueries) {
    org.apache.hadoop.hive.conf.HiveConf conf = server.getHiveConf();
    java.util.concurrent.CompletableFuture<Double> done =
        new java.util.concurrent.CompletableFuture<>();
    long t0 = System.nanoTime();
    Thread t =
        new Thread(
            () -> {
              try {
                org.apache.hadoop.hive.ql.metadata.Hive.get(conf).getMSC();
              } catch (Exception | LinkageError e) {
                // The first session's close opens it then, as without this.
              } finally {
                org.apache.hadoop.hive.ql.metadata.Hive.closeCurrent();
              }
              String table = tables.contains("calls") ? "calls" : tables.get(0);
              try {
                spark.newSession().sql("SELECT count(*) FROM default." + table).collect();
              } catch (RuntimeException e) {
                // The first query pays it then.
              }
              try {
                if (!"false".equals(System.getProperty(WARM_UP_LIBRARY_PROPERTY))) {
                  libraryQueries.set(warmUpLibrary(spark, tables));
                }
              } finally {
                done.complete((System.nanoTime() - t0) / 1e9);
              }
            },
            "sql-server-warm-up");
    t.setDaemon(true);
    t.start();
    return done;
  }

  /**
   * Runs each query of the library once (dates bound to one day, other parameters to their
   * defaults), so that the first dashboard load and the first {@code callqa sql --query} after a
   * start do not pay the planner's and Delta's first compilations: measured on the demo warehouse,
   * {@code kpi_by_site} took 1.7 s, then 0.76 s, then 0.35-0.39 s in a new server. Not audited: no
   * user asked them; their answers are dropped.
   */
  private static int warmUpLibrary(SparkSession spark, List<String> tables) {
    io.callqa.dashboards.queries.QueryLibrary library;
    try {
      library = io.callqa.dashboards.queries.QueryLibrary.bundled();
    } catch (RuntimeException e) {
      return 0;
    }
    int ran = 0;
    for (var q : library.all()) {
      java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
      for (var p : q.params()) {
        if (p.defaultValue() == null) {
          args.put(
              p.name(),
              switch (p.type()) {
                case DATE -> "2026-01-01";
                case INT -> "1";
                case STRING -> "";
              });
        }
      }
      try {
        String sql = q.sql(args);
        boolean known =
            Tables.namedIn(sql).stream().map(TableSpec::name).allMatch(tables::contains);
        if (known) {
          SparkSession session = spark.newSession();
          SparkSession.setActiveSession(session);
          session.sql(sql).collect();
          ran++;
        }
      } catch (RuntimeException e) {
        // That query's first run pays it then.
      }
    }
    return ran;
  }

  private static void requireKeystore(Path keystore, String password) {
    try (var in = Files.newInputStream(keystore)) {
      java.security.KeyStore ks =
          java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      ks.load(in, password == null ? null : password.toCharArray());
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new SqlServerException(
          "cannot open the keystore "
              + keystore
              + ": "
              + e.getMessage()
              + " (is CALLQA_SQL_KEYSTORE_PASSWORD right?)",
          e);
    }
  }

  /**
   * Fails when another process holds {@code host:port}: HiveServer2 binds on a thread of its own
   * and only logs a failure, after which {@link #awaitListening} would have found the other process
   * and said ready.
   */
  static void requireFreePort(String host, int port) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new SqlServerException(
          "cannot start the SQL endpoint: "
              + host
              + ":"
              + port
              + " is in use ("
              + e.getMessage()
              + "); stop the other server or give --port");
    }
  }

  /**
   * Creates a catalog table over every existing warehouse table (by location); returns their names.
   */
  static List<String> registerTables(Warehouse wh) {
    List<String> names = new ArrayList<>();
    for (TableSpec t : Tables.ALL) {
      if (wh.exists(t)) {
        String location = wh.path(t).toString().replace("'", "\\'");
        wh.spark().sql("DROP TABLE IF EXISTS default." + t.name());
        wh.spark()
            .sql("CREATE TABLE default." + t.name() + " USING delta LOCATION '" + location + "'");
        names.add(t.name());
      }
    }
    return names;
  }

  /** HiveServer2 binds its port on a thread of its own; wait until it accepts connections. */
  private void awaitListening() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(host, port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SqlServerException("interrupted while the SQL endpoint started", e);
        }
      }
    }
    close();
    throw new SqlServerException(
        "the SQL endpoint did not listen on " + host + ":" + port + " within 30 s");
  }

  /**
   * The JDBC URL of the {@code default} database, e.g. {@code
   * jdbc:hive2://127.0.0.1:10000/default}.
   */
  public String jdbcUrl() {
    return "jdbc:hive2://" + host + ":" + port + "/default" + (tls ? ";ssl=true" : "");
  }

  /** The URL Superset's database connection uses (PyHive). */
  public String sqlalchemyUri(String user) {
    return "hive://" + user + "@" + host + ":" + port + "/default";
  }

  /**
   * Completes with its seconds once the server has opened its metastore and run a first read and
   * each query of the library, on a thread of its own after it started listening.
   */
  public java.util.concurrent.CompletableFuture<Double> warmedUp() {
    return warmedUp;
  }

  /** How many queries of the library its warm-up ran without an error (once {@link #warmedUp}). */
  public int libraryQueriesWarmed() {
    return libraryQueriesWarmed.get();
  }

  /** The tables registered, by name. */
  public List<String> tables() {
    return tables;
  }

  /** Milliseconds from the call to {@link #start} until the port accepted connections. */
  public long startMillis() {
    return startMillis / 1_000_000;
  }

  /** Blocks until the JVM shuts down (Ctrl-C). */
  public void awaitShutdown() throws InterruptedException {
    Thread.currentThread().join();
  }

  /** The audit log of statements and failed sign-ins. */
  public Path auditFile() {
    return audit.file();
  }

  /** Where the owner's {@code callqa sql} finds this endpoint (and its token). */
  public SqlEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Opens the owner's door ({@link OwnerDoor}: HTTP on 127.0.0.1, for the launcher's {@code callqa
   * sql}) and names its port in the endpoint file. Nothing when the endpoint speaks TLS: then there
   * is no endpoint file either.
   */
  public synchronized void openOwnerDoor(OwnerDoor.Handler handler) {
    if (tls || door != null) {
      return;
    }
    OwnerDoor.Statements statements =
        new OwnerDoor.Statements() {
          @Override
          public Dataset<Row> run(String statement, java.time.ZoneId zone) {
            // As a JDBC session's context: a session of its own, under the same check and audit.
            SparkSession session = spark.newSession();
            session.conf().set("spark.sql.runSQLOnFiles", "false");
            session
                .conf()
                .set(io.callqa.warehouse.delta.SparkSessions.SESSION_TIME_ZONE, zone.getId());
            // The parser reads the time zone of a TIMESTAMP literal from the thread's active
            // session (else the JVM's zone): this session, for the rest of the request.
            SparkSession.setActiveSession(session);
            return new GuardedSqlContext(
                    session,
                    SqlEndpoint.OWNER,
                    io.callqa.access.Role.OPERATOR,
                    OwnerDoor.REMOTE,
                    audit)
                .sql(statement);
          }

          @Override
          public List<String> tables() {
            return tables;
          }
        };
    door = OwnerDoor.open(endpoint, handler, statements);
    endpoint = endpoint.withHttpPort(door.port());
    endpoint.write(scratch);
  }

  @Override
  public void close() {
    // The file first: a command that finds it then finds the door still open.
    endpoint.remove(scratch);
    if (door != null) {
      door.close();
    }
    SqlServerAuthenticator.forgetOwner(endpoint);
    server.stop();
    audit.close();
  }
}
