package io.callqa.jobs.sql;

import io.callqa.access.AuditTrail;
import io.callqa.access.Role;
import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hive.service.cli.CLIService;
import org.apache.hive.service.cli.HiveSQLException;
import org.apache.hive.service.cli.SessionHandle;
import org.apache.hive.service.cli.session.HiveSession;
import org.apache.hive.service.cli.session.SessionManager;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;
import org.apache.spark.sql.hive.thriftserver.server.SparkSQLOperationManager;

/**
 * Puts a {@link GuardedSqlContext} behind every JDBC session: Spark's Thrift server keeps one SQL
 * context per session in {@code SparkSQLOperationManager.sessionToContexts} and runs each statement
 * through it; that map is replaced by one that wraps each context as the session opens, bound to
 * the session's user and role. A session whose user has no role (removed from the users file) gets
 * no context, so every statement in it fails.
 */
final class SessionGuard {
  /**
   * {@code -Dcallqa.sql.guard=false} on the server's JVM leaves new sessions unguarded (no plan
   * check, no audit): only for measuring what the guard costs, as {@code SqlServerIT} does. Whoever
   * can set it owns the host anyway.
   */
  static final String GUARD_PROPERTY = "callqa.sql.guard";

  private SessionGuard() {}

  static void install(HiveThriftServer2 server, SparkSession root, AuditTrail audit) {
    CLIService cli =
        server.getServices().stream()
            .filter(CLIService.class::isInstance)
            .map(CLIService.class::cast)
            .findFirst()
            .orElseThrow(() -> new SqlServerException("the Thrift server has no CLI service"));
    SessionManager sessions = cli.getSessionManager();
    SparkSQLOperationManager operations = (SparkSQLOperationManager) sessions.getOperationManager();
    try {
      Field f = SparkSQLOperationManager.class.getDeclaredField("sessionToContexts");
      f.setAccessible(true);
      f.set(operations, new Guarded(sessions, audit));
    } catch (ReflectiveOperationException e) {
      throw new SqlServerException(
          "cannot guard the SQL endpoint's sessions (Spark " + root.version() + "): " + e, e);
    }
  }

  /** The per-session map, wrapping each context as Spark puts it in. */
  private static final class Guarded extends ConcurrentHashMap<SessionHandle, SQLContext> {
    private static final long serialVersionUID = 1L;
    private final transient SessionManager sessions;
    private final transient AuditTrail audit;

    Guarded(SessionManager sessions, AuditTrail audit) {
      this.sessions = sessions;
      this.audit = audit;
    }

    @Override
    public SQLContext put(SessionHandle handle, SQLContext context) {
      return super.put(handle, guard(handle, context));
    }

    @Override
    public SQLContext putIfAbsent(SessionHandle handle, SQLContext context) {
      return super.putIfAbsent(handle, guard(handle, context));
    }

    private SQLContext guard(SessionHandle handle, SQLContext context) {
      if (context instanceof GuardedSqlContext
          || "false".equals(System.getProperty(GUARD_PROPERTY))) {
        return context;
      }
      HiveSession session;
      try {
        session = sessions.getSession(handle);
      } catch (HiveSQLException e) {
        throw new SqlServerException("no session for " + handle, e);
      }
      String user = session.getUserName();
      Role role =
          SqlServerAuthenticator.role(user)
              .orElseThrow(
                  () ->
                      new SqlServerException("user " + user + " has no role on the SQL endpoint"));
      SparkSession spark = context.sparkSession();
      // Defence in depth: the plan check refuses path-addressed relations whatever this says.
      spark.conf().set("spark.sql.runSQLOnFiles", "false");
      return new GuardedSqlContext(spark, user, role, session.getIpAddress(), audit);
    }
  }
}
