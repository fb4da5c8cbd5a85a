package io.callqa.jobs.sql;

import io.callqa.access.Role;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.UserDefinedExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The SQL endpoint's read-only rule, decided on Spark's analyzed plan (never on the SQL text): a
 * statement runs only when every plan node is on an allow-list of read operators or inspection
 * commands, every function is one of Spark's built-ins other than reflection and file-name
 * functions, every relation is a warehouse table registered by name that the role may read (no
 * {@code delta.`path`}, {@code csv.`file`}, Hive or JDBC relation), and no free-text column the
 * role may not read is referenced anywhere in the plan (select list, filter, join, grouping,
 * subquery or CTE). {@code SET} is allowed for a few session settings only. Anything else is
 * refused with one line naming what was refused.
 */
final class PlanGuard {
  /** Read operators, by class name (Spark 3.5's logical plan). */
  private static final Set<String> READ_NODES =
      Set.of(
          "Project",
          "Filter",
          "Aggregate",
          "Sort",
          "Join",
          "Union",
          "Intersect",
          "Except",
          "Distinct",
          "GlobalLimit",
          "LocalLimit",
          "Limit",
          "Offset",
          "Tail",
          "SubqueryAlias",
          "Window",
          "Generate",
          "Expand",
          "Sample",
          "Deduplicate",
          "WithCTE",
          "CTERelationDef",
          "CTERelationRef",
          "Repartition",
          "RepartitionByExpression",
          "RebalancePartitions",
          "LateralJoin",
          "WindowGroupLimit",
          "View",
          "LocalRelation",
          "OneRowRelation",
          "Range",
          "Pivot",
          "Unpivot",
          "ResolvedHint");

  /** Commands that inspect the catalog and read nothing else (what BI tools and PyHive send). */
  private static final Set<String> INSPECTION =
      Set.of(
          "ShowTables",
          "ShowTablesCommand",
          "ShowNamespaces",
          "ShowNamespacesCommand",
          "ShowViews",
          "ShowViewsCommand",
          "ShowColumns",
          "ShowColumnsCommand",
          "ShowFunctions",
          "ShowFunctionsCommand",
          "DescribeRelation",
          "DescribeTableCommand",
          "DescribeColumn",
          "DescribeColumnCommand",
          "DescribeFunction",
          "DescribeFunctionCommand",
          "DescribeNamespace",
          "DescribeDatabaseCommand",
          "SetCatalogAndNamespace",
          "SetNamespaceCommand",
          "ShowCurrentNamespace",
          "ShowCurrentNamespaceCommand",
          "ShowCatalogs",
          "ShowCatalogsCommand",
          "SetCommand",
          // What inspection commands point at: resolved names, no data.
          "ResolvedTable",
          "ResolvedV1TableIdentifier",
          "ResolvedNamespace",
          "ResolvedPersistentView",
          "ResolvedTempView",
          "ResolvedV1TableOrViewIdentifier",
          "ResolvedFunc",
          "ResolvedPersistentFunc",
          "ResolvedNonPersistentFunc",
          "UnresolvedNamespace",
          "ResolvedIdentifier");

  /** Session settings a client may read or set with {@code SET key[=value]}. */
  static final Set<String> SETTABLE =
      Set.of(
          "spark.sql.session.timeZone",
          "spark.sql.ansi.enabled",
          "spark.sql.shuffle.partitions",
          "hive.resultset.use.unique.column.names");

  private static final String BUILT_IN = "org.apache.spark.sql.catalyst.expressions.";

  /** What a statement reads, or why it was refused. */
  record Verdict(Set<String> tables, String refusal) {
    boolean allowed() {
      return refusal == null;
    }
  }

  private record Column(String table, String name) {}

  private PlanGuard() {}

  /** Checks an analyzed plan for a role. */
  static Verdict check(LogicalPlan analyzed, Role role) {
    List<LogicalPlan> nodes = new ArrayList<>();
    try {
      collect(analyzed, nodes);
      Set<String> tables = new TreeSet<>();
      Map<ExprId, Column> hidden = new HashMap<>();
      for (LogicalPlan node : nodes) {
        String kind = node.getClass().getSimpleName();
        Optional<String> table = relationTable(node);
        if (table.isPresent()
            || node instanceof LogicalRelation
            || node instanceof DataSourceV2Relation) {
          String name =
              table.orElseThrow(
                  () ->
                      new Refused(
                          "a path-addressed relation ("
                              + describe(node)
                              + "); read the warehouse's tables by name"));
          TableSpec spec =
              Tables.byName(name)
                  .orElseThrow(() -> new Refused("table " + name + " is not a warehouse table"));
          if (!SqlAccess.mayRead(role, spec)) {
            throw new Refused("role " + role.label() + " may not read table " + name);
          }
          tables.add(name);
          for (Attribute a : JavaConverters.seqAsJavaList(node.output())) {
            if (!SqlAccess.mayReadColumn(role, spec, a.name())) {
              hidden.put(a.exprId(), new Column(name, a.name()));
            }
          }
        } else if (node instanceof SetCommand set) {
          checkSet(set);
        } else if (!READ_NODES.contains(kind) && !INSPECTION.contains(kind)) {
          throw new Refused("statement " + kind + ": the SQL endpoint is read-only");
        }
      }
      for (LogicalPlan node : nodes) {
        if (node instanceof LogicalRelation || node instanceof DataSourceV2Relation) {
          continue;
        }
        for (Expression e : JavaConverters.seqAsJavaList(node.expressions())) {
          checkExpression(e, hidden, role);
        }
      }
      for (Attribute a : JavaConverters.seqAsJavaList(analyzed.output())) {
        Column c = hidden.get(a.exprId());
        if (c != null) {
          throw new Refused(hiddenMessage(role, c));
        }
      }
      return new Verdict(tables, null);
    } catch (Refused r) {
      return new Verdict(Set.of(), r.getMessage());
    }
  }

  /** Data sources Spark reads a file or a path with, as in {@code csv.`/etc/passwd`}. */
  private static final Set<String> PATH_SOURCES =
      Set.of(
          "text",
          "csv",
          "json",
          "parquet",
          "orc",
          "avro",
          "delta",
          "binaryfile",
          "jdbc",
          "libsvm",
          "image",
          "xml",
          "hive",
          "noop",
          "kafka",
          "org.apache.spark.sql.parquet");

  /**
   * Checks the parsed plan (before analysis) for path-addressed relations ({@code format.`path`}):
   * with {@code spark.sql.runSQLOnFiles=false} Spark would answer them "table not found", which
   * says less than a refusal does.
   */
  static Optional<String> pathRelation(LogicalPlan parsed) {
    List<LogicalPlan> nodes = new ArrayList<>();
    collect(parsed, nodes);
    for (LogicalPlan node : nodes) {
      if (node instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedRelation u) {
        List<String> parts = JavaConverters.seqAsJavaList(u.multipartIdentifier());
        if (parts.size() == 2
            && (PATH_SOURCES.contains(parts.get(0).toLowerCase(Locale.ROOT))
                || parts.get(1).contains("/")
                || parts.get(1).contains(":"))) {
          return Optional.of(
              "a path-addressed relation ("
                  + parts.get(0)
                  + ".`"
                  + abbreviate(parts.get(1))
                  + "`); read the warehouse's tables by name");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The last name part of every table a parsed plan reads ({@code kpi_daily} of {@code
   * default.kpi_daily}).
   */
  static Set<String> relationNames(LogicalPlan parsed) {
    List<LogicalPlan> nodes = new ArrayList<>();
    collect(parsed, nodes);
    Set<String> names = new TreeSet<>();
    for (LogicalPlan node : nodes) {
      if (node instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedRelation u) {
        List<String> parts = JavaConverters.seqAsJavaList(u.multipartIdentifier());
        names.add(parts.get(parts.size() - 1).toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** Every node of the plan, subqueries' and CTE definitions' plans included. */
  private static void collect(LogicalPlan plan, List<LogicalPlan> out) {
    out.add(plan);
    for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      collect(child, out);
    }
    for (Object inner : JavaConverters.seqAsJavaList(plan.innerChildren())) {
      if (inner instanceof LogicalPlan p) {
        collect(p, out);
      }
    }
    for (Expression e : JavaConverters.seqAsJavaList(plan.expressions())) {
      collectSubqueries(e, out);
    }
  }

  private static void collectSubqueries(Expression e, List<LogicalPlan> out) {
    if (e instanceof SubqueryExpression s) {
      collect(s.plan(), out);
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      collectSubqueries(child, out);
    }
  }

  private static void checkExpression(Expression e, Map<ExprId, Column> hidden, Role role) {
    String cls = e.getClass().getName();
    if (!cls.startsWith(BUILT_IN)
        || cls.startsWith(BUILT_IN + "xml.")
        || e instanceof UserDefinedExpression
        || e instanceof CallMethodViaReflection
        || cls.startsWith(BUILT_IN + "InputFile")) {
      throw new Refused("function " + functionName(e) + " is not allowed on the SQL endpoint");
    }
    if (e instanceof Attribute a) {
      Column c = hidden.get(a.exprId());
      if (c != null) {
        throw new Refused(hiddenMessage(role, c));
      }
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      checkExpression(child, hidden, role);
    }
  }

  private static void checkSet(SetCommand set) {
    Option<Tuple2<String, Option<String>>> kv = set.kv();
    if (kv.isEmpty()) {
      throw new Refused(
          "SET without a key lists the server's settings; allowed keys: "
              + new TreeSet<>(SETTABLE));
    }
    String key = kv.get()._1();
    if (!SETTABLE.contains(key)) {
      throw new Refused("SET " + key + " is not allowed; allowed keys: " + new TreeSet<>(SETTABLE));
    }
  }

  /** The table name of a relation registered in the catalog; empty for path-addressed ones. */
  private static Optional<String> relationTable(LogicalPlan node) {
    if (node instanceof LogicalRelation r && r.catalogTable().isDefined()) {
      return Optional.of(r.catalogTable().get().identifier().table().toLowerCase(Locale.ROOT));
    }
    if (node instanceof DataSourceV2Relation r
        && r.identifier().isDefined()
        && r.table().getClass().getSimpleName().equals("DeltaTableV2")) {
      String[] ns = r.identifier().get().namespace();
      if (ns.length == 1 && ns[0].equalsIgnoreCase("default")) {
        return Optional.of(r.identifier().get().name().toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  private static String describe(LogicalPlan node) {
    String s = node.simpleString(1);
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  private static String functionName(Expression e) {
    String pretty = e.prettyName();
    return pretty == null || pretty.isEmpty() ? e.getClass().getSimpleName() : pretty;
  }

  private static String hiddenMessage(Role role, Column c) {
    return "role " + role.label() + " may not read free-text column " + c.table() + "." + c.name();
  }

  /** Thrown inside the check; becomes the verdict's refusal. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
