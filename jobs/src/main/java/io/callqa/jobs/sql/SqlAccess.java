package io.callqa.jobs.sql;

import io.callqa.access.Role;
import io.callqa.warehouse.tables.Layer;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which tables and columns each role reads on the SQL endpoint, decided from the table classes'
 * {@link Layer} and free-text columns ({@link TableSpec#freeTextColumns()}), so a new table or
 * column gets its rule from the one place that describes it.
 *
 * <table>
 *   <caption>The role matrix</caption>
 *   <tr><th>role</th><th>tables</th><th>free-text columns</th></tr>
 *   <tr><td>service (Superset)</td><td>the tables the dashboards' datasets read ({@link #serviceTables})</td><td>no</td></tr>
 *   <tr><td>analyst</td><td>silver, gold</td><td>no</td></tr>
 *   <tr><td>reviewer</td><td>bronze, silver, gold</td><td>yes</td></tr>
 *   <tr><td>operator</td><td>every table, audit included</td><td>yes</td></tr>
 * </table>
 */
public final class SqlAccess {
  private SqlAccess() {}

  private static volatile Set<String> serviceTables;

  /** The layers a role reads; the service role reads {@link #serviceTables} instead. */
  public static Set<Layer> layers(Role role) {
    return switch (role) {
      case SERVICE -> EnumSet.noneOf(Layer.class);
      case ANALYST -> EnumSet.of(Layer.SILVER, Layer.GOLD);
      case REVIEWER -> EnumSet.of(Layer.BRONZE, Layer.SILVER, Layer.GOLD);
      case OPERATOR -> EnumSet.allOf(Layer.class);
    };
  }

  /**
   * The tables the dashboards' datasets read: each physical dataset's table and every table a
   * virtual dataset's SQL names (found by Spark's SQL parser), from the bundled Superset bundle.
   */
  public static Set<String> serviceTables() {
    if (serviceTables == null) {
      Set<String> tables = new java.util.TreeSet<>();
      for (var ds :
          io.callqa.dashboards.superset.SupersetBundle.bundled().files("datasets").values()) {
        if (ds.hasNonNull("sql") && !ds.path("sql").asText().isBlank()) {
          try {
            tables.addAll(
                PlanGuard.relationNames(
                    org.apache.spark.sql.catalyst.parser.CatalystSqlParser$.MODULE$.parsePlan(
                        ds.path("sql").asText())));
          } catch (Exception e) {
            throw new IllegalStateException(
                "cannot parse the SQL of dataset " + ds.path("table_name").asText(), e);
          }
        } else {
          tables.add(ds.path("table_name").asText());
        }
      }
      serviceTables = Set.copyOf(tables);
    }
    return serviceTables;
  }

  /** Whether the role reads the table at all. */
  public static boolean mayRead(Role role, TableSpec table) {
    return role == Role.SERVICE
        ? serviceTables().contains(table.name())
        : layers(role).contains(table.layer());
  }

  /** Whether the role reads the column of a table it may read. */
  public static boolean mayReadColumn(Role role, TableSpec table, String column) {
    return mayRead(role, table)
        && (role.seesTranscripts() || !table.freeTextColumns().contains(column));
  }

  /**
   * The matrix as Markdown, one row per table: which roles read it and which columns they may not.
   */
  public static String markdown() {
    StringBuilder b = new StringBuilder("| table | layer |");
    for (Role r : Role.values()) {
      b.append(' ').append(r.label()).append(" |");
    }
    b.append("\n|---|---|").append("---|".repeat(Role.values().length)).append('\n');
    for (TableSpec t : Tables.ALL) {
      b.append("| `").append(t.name()).append("` | ").append(t.layer().label()).append(" |");
      for (Role r : Role.values()) {
        String cell;
        if (!mayRead(r, t)) {
          cell = "no";
        } else if (r.seesTranscripts() || t.freeTextColumns().isEmpty()) {
          cell = "yes";
        } else {
          cell = "without `" + String.join("`, `", t.freeTextColumns()) + "`";
        }
        b.append(' ').append(cell).append(" |");
      }
      b.append('\n');
    }
    return b.toString();
  }
}
