package io.callqa.jobs.sql;

import io.callqa.access.AuditTrail;
import io.callqa.access.Role;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.CommandExecutionMode;

/**
 * One JDBC session's SQL context: every statement is parsed and analyzed without running, checked
 * by {@link PlanGuard} for the session's role, audited, and only then run (commands included: Spark
 * runs a command when its Dataset is built, which happens here after the check). The result is
 * collected here so that the audit line, with the rows returned, is synced before the client gets
 * an answer; the Thrift server then serves the collected rows.
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
    entry.put(
        "statement",
        statement.length() > MAX_STATEMENT_CHARS
            ? statement.substring(0, MAX_STATEMENT_CHARS)
                + "... ("
                + statement.length()
                + " characters)"
            : statement);
    LogicalPlan analyzed;
    Set<String> tables;
    try {
      LogicalPlan parsed = spark.sessionState().sqlParser().parsePlan(statement);
      String refusal = PlanGuard.pathRelation(parsed).orElse(null);
      if (refusal == null) {
        analyzed = spark.sessionState().executePlan(parsed, CommandExecutionMode.SKIP()).analyzed();
        PlanGuard.Verdict v = PlanGuard.check(analyzed, role);
        refusal = v.refusal();
        tables = v.tables();
      } else {
        analyzed = null;
        tables = Set.of();
      }
      if (refusal != null) {
        audit(entry, "refused", refusal, t0);
        throw new SqlRefusedException(refusal);
      }
    } catch (SqlRefusedException e) {
      throw e;
    } catch (Exception e) {
      // Parse and analysis errors (checked in Java's eyes, thrown by Scala all the same).
      audit(entry, "failed", firstLine(e), t0);
      throw GuardedSqlContext.<RuntimeException>rethrow(e);
    }
    entry.put("tables", tables);
    Row[] rows;
    Dataset<Row> result;
    try {
      result = Dataset.ofRows(spark, analyzed);
      rows = (Row[]) result.collect();
    } catch (RuntimeException e) {
      audit(entry, "failed", firstLine(e), t0);
      throw e;
    }
    audit(entry, "rows", rows.length, t0);
    return spark.createDataFrame(Arrays.asList(rows), result.schema());
  }

  /** Completes the statement's audit line with its outcome and time, and writes it (synced). */
  private void audit(Map<String, Object> entry, String outcome, Object value, long t0) {
    entry.put(outcome, value);
    entry.put("ms", (System.nanoTime() - t0) / 1_000_000);
    audit.write(entry);
  }

  private static String firstLine(Exception e) {
    // The first line with words: Spark's syntax errors start with a line break.
    return String.valueOf(e.getMessage())
        .lines()
        .filter(l -> !l.isBlank())
        .findFirst()
        .orElse("")
        .strip();
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    throw (E) e;
  }
}
