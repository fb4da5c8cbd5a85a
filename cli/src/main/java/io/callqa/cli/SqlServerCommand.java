package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.sql.SqlServer;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.storage.Location;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa sql-server}: the warehouse over JDBC (HiveServer2 protocol) until Ctrl-C. */
@Command(
    name = "sql-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the warehouse over JDBC: Spark's Thrift (HiveServer2) server with every table by its plain name,",
      "read-only, for the users of a users file (./callqa users add NAME --role analyst|reviewer|service|operator",
      "--users FILE); each role reads the tables and columns of the README's matrix. Every statement and failed",
      "sign-in is audited. With --keystore the endpoint speaks TLS only (keystore password from "
          + SqlServerCommand.KEYSTORE_PASSWORD_ENV
          + ").",
      "Connect with jdbc:hive2://HOST:PORT/default (Hive JDBC driver; ;ssl=true with TLS) or hive://USER@HOST:PORT/default (Superset, PyHive)."
    })
final class SqlServerCommand implements Callable<Integer> {
  static final String KEYSTORE_PASSWORD_ENV = "CALLQA_SQL_KEYSTORE_PASSWORD";
  static final String USERS_FILE = "sql-users.conf";
  static final String AUDIT_FILE = "sql-audit.jsonl";

  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "DIR",
      description = "warehouse folder",
      converter = LocationConverters.Warehouse.class)
  Location warehouse;

  @Option(
      names = "--port",
      defaultValue = "10000",
      description = "TCP port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "address to bind; 0.0.0.0 exposes the endpoint to the network (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description = "users file (default WAREHOUSE/" + USERS_FILE + ")")
  Path usersFile;

  @Option(
      names = "--audit",
      paramLabel = "FILE",
      description = "audit log (default WAREHOUSE/" + AUDIT_FILE + ")")
  Path auditFile;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description = "JKS or PKCS12 keystore: TLS only")
  Path keystore;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws InterruptedException {
    Path warehouse =
        ConfigOptions.requireLocal(
            this.warehouse,
            "sql-server",
            "its users file, audit log and catalogue scratch folder are kept there");
    ConfigOptions.requireWarehouse(warehouse);
    Path users = usersFile != null ? usersFile : warehouse.resolve(USERS_FILE);
    try {
      // Checked before Spark starts: a missing or malformed users file is said at once.
      io.callqa.access.Users.load(users);
    } catch (IllegalArgumentException e) {
      throw CallqaException.of(e);
    }
    String keystorePassword =
        keystore == null
            ? null
            : DashboardsCommand.secret(
                KEYSTORE_PASSWORD_ENV, "Password of the keystore " + keystore + ": ");
    Path scratch = io.callqa.jobs.sql.SqlEndpoint.scratchOf(warehouse.toAbsolutePath());
    // A static Spark setting: it must be in place before the session exists, or Spark makes
    // ./spark-warehouse.
    System.setProperty("spark.sql.warehouse.dir", scratch.resolve("catalog").toString());
    CallqaConfig c = options.load();
    SqlServer server;
    try {
      server =
          SqlServer.start(
              ConfigOptions.spark(c),
              warehouse,
              new SqlServer.Settings(
                  host,
                  port,
                  users,
                  auditFile != null ? auditFile : warehouse.resolve(AUDIT_FILE),
                  scratch,
                  keystore,
                  keystorePassword));
    } catch (RuntimeException e) {
      throw CallqaException.of(e);
    }
    // The owner's `callqa sql` through the launcher, without a JVM of its own (OwnerDoor).
    server.openOwnerDoor(new OwnerSql());
    System.out.printf(
        "SQL endpoint ready in %d ms: %s (read-only; audit log %s)%n  Superset: %s%n  %d tables: %s%nCtrl-C stops it.%n",
        server.startMillis(),
        server.jdbcUrl(),
        server.auditFile(),
        server.sqlalchemyUri("SERVICE_USER"),
        server.tables().size(),
        String.join(", ", server.tables()));
    System.out.flush();
    server
        .warmedUp()
        .thenAccept(
            s -> {
              System.out.printf(
                  Locale.ROOT,
                  "Warmed up in %.1f s (%d queries of the library run once).%n",
                  s,
                  server.libraryQueriesWarmed());
              System.out.flush();
            });
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sql-server-stop"));
    server.awaitShutdown();
    return 0;
  }
}
