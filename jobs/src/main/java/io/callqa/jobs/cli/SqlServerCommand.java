package io.callqa.jobs.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.sql.SqlServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callqa sql-server}: the warehouse over JDBC (HiveServer2 protocol) until Ctrl-C. */
@Command(
    name = "sql-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the warehouse over JDBC: Spark's Thrift (HiveServer2) server with every table by its plain name.",
      "The password comes from the environment variable " + SqlServerCommand.PASSWORD_ENV
          + " or, when unset, is asked for on the terminal; the endpoint never runs without one.",
      "Connect with jdbc:hive2://HOST:PORT/default (Hive JDBC driver) or hive://USER@HOST:PORT/default (Superset, PyHive)."
    })
final class SqlServerCommand implements Callable<Integer> {
  static final String PASSWORD_ENV = "CALLQA_SQL_PASSWORD";

  @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "warehouse folder")
  Path warehouse;

  @Option(names = "--port", defaultValue = "10000", description = "TCP port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to bind; 0.0.0.0 exposes the endpoint to the network (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--user", defaultValue = "callqa", description = "the user clients log in as (default: ${DEFAULT-VALUE})")
  String user;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws InterruptedException {
    ConfigOptions.requireWarehouse(warehouse);
    String password = DashboardsCommand.secret(PASSWORD_ENV, "Password for the SQL endpoint: ");
    Path scratch = warehouse.toAbsolutePath().resolve("_sql-server");
    // A static Spark setting: it must be in place before the session exists, or Spark makes ./spark-warehouse.
    System.setProperty("spark.sql.warehouse.dir", scratch.resolve("catalog").toString());
    CallqaConfig c = options.load();
    SqlServer server;
    try {
      server = SqlServer.start(ConfigOptions.spark(c), warehouse, host, port, user, password, scratch);
    } catch (RuntimeException e) {
      throw new CallqaException(e.getMessage(), e);
    }
    System.out.printf(
        "SQL endpoint ready in %d ms: %s (user %s)%n  Superset: %s%n  %d tables: %s%nCtrl-C stops it.%n",
        server.startMillis(),
        server.jdbcUrl(),
        user,
        server.sqlalchemyUri(user),
        server.tables().size(),
        String.join(", ", server.tables()));
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sql-server-stop"));
    server.awaitShutdown();
    return 0;
  }
}
