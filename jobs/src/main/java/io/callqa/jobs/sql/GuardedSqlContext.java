package io.callqa.jobs.sql;

import io.callqa.access.AuditTrail;
import io.callqa.access.Role;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.CommandExecutionMode;

/**
 * One JDBC session's SQL context: every statement is parsed and analyzed without running, checked by
 * {@link PlanGuard} for the session's role, audited, and only then run (commands included: Spark runs a
 * command when its Dataset is built, which happens here after the check). The result is collected here so
 * that the audit line, with the rows returned, is synced before the client gets an answer; the Thrift
 * server then serves the collected rows.
 */
final class GuardedSqlContext extends SQLContext {
  private static final long serialVersionUID = 1L;
  private static final int MAX_STATEMENT_CHARS = 20_000;

  private final transient String user;
  private final transient Role role;
  private final transient String remote;
  private final transient AuditTrail audit;
  GuardedSqlContext(SparkSession session, String user, Role role, String remote, AuditTrail audit) {
    super(session);
    this.user = user;
    this.role = role;
    this.remote = remote;
    this.audit = audit;
  }

  @Override
  public Dataset<Row> sql(String statement) {
    long t0 = System.nanoTime();
    SparkSession spark = sparkSession();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("at", Instant.now().toString());
    entry.put("user", user);
    entry.put("role", role.label());
    entry.put("remote", remote);
    entry.put("statement", statement.length() > MAX_STATEMENT_CHARS
        ? statement.substring(0, MAX_STATEMENT_CHARS) + "... (" + statement.length() + " characters)" : statement);
    LogicalPlan analyzed;
    Set<String> tables;
    try {
      LogicalPlan parsed = spark.sessionState().sqlParser().parsePlan(statement);
      Optional<String> path = PlanGuard.pathRelation(parsed);
      if (path.isPresent()) {
        entry.put("refused", path.get());
        entry.put("ms", (System.nanoTime() - t0) / 1_000_000);
        audit.write(entry);
        throw new SqlRefusedException(path.get());
      }
      analyzed = spark.sessionState().executePlan(parsed, CommandExecutionMode.SKIP()).analyzed();
      PlanGuard.Verdict v = PlanGuard.check(analyzed, role);
      if (!v.allowed()) {
        entry.put("refused", v.refusal());
        entry.put("ms", (System.nanoTime() - t0) / 1_000_000);
        audit.write(entry);
        throw new SqlRefusedException(v.refusal());
      }
      tables = v.tables();
    } catch (SqlRefusedException e) {
      throw e;
    } catch (Exception e) {
      // Parse and analysis errors (checked in Java's eyes, thrown by Scala all the same).
      entry.put("failed", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      entry.put("ms", (System.nanoTime() - t0) / 1_000_000);
      audit.write(entry);
      throw GuardedSqlContext.<RuntimeException>rethrow(e);
    }
    entry.put("tables", tables);
    Row[] rows;
    Dataset<Row> result;
    try {
      result = Dataset.ofRows(spark, analyzed);
      rows = (Row[]) result.collect();
    } catch (RuntimeException e) {
      entry.put("failed", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      entry.put("ms", (System.nanoTime() - t0) / 1_000_000);
      audit.write(entry);
      throw e;
    }
    entry.put("rows", rows.length);
    entry.put("ms", (System.nanoTime() - t0) / 1_000_000);
    audit.write(entry);
    return spark.createDataFrame(Arrays.asList(rows), result.schema());
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    throw (E) e;
  }
}
