package io.callqa.jobs.sql;

import io.callqa.access.Role;
import io.callqa.warehouse.tables.Layer;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which tables and columns each role reads on the SQL endpoint, decided from the table classes' {@link
 * Layer} and free-text columns ({@link TableSpec#freeTextColumns()}), so a new table or column gets its
 * rule from the one place that describes it.
 *
 * <table>
 *   <caption>The role matrix</caption>
 *   <tr><th>role</th><th>tables</th><th>free-text columns</th></tr>
 *   <tr><td>service (Superset)</td><td>gold</td><td>no</td></tr>
 *   <tr><td>analyst</td><td>silver, gold</td><td>no</td></tr>
 *   <tr><td>reviewer</td><td>bronze, silver, gold</td><td>yes</td></tr>
 *   <tr><td>operator</td><td>every table, audit included</td><td>yes</td></tr>
 * </table>
 */
public final class SqlAccess {
  private SqlAccess() {}

  /** The layers a role reads. */
  public static Set<Layer> layers(Role role) {
    return switch (role) {
      case SERVICE -> EnumSet.of(Layer.GOLD);
      case ANALYST -> EnumSet.of(Layer.SILVER, Layer.GOLD);
      case REVIEWER -> EnumSet.of(Layer.BRONZE, Layer.SILVER, Layer.GOLD);
      case OPERATOR -> EnumSet.allOf(Layer.class);
    };
  }

  /** Whether the role reads the table at all. */
  public static boolean mayRead(Role role, TableSpec table) {
    return layers(role).contains(table.layer());
  }

  /** Whether the role reads the column of a table it may read. */
  public static boolean mayReadColumn(Role role, TableSpec table, String column) {
    return mayRead(role, table) && (role.seesTranscripts() || !table.freeTextColumns().contains(column));
  }

  /** The matrix as Markdown, one row per table: which roles read it and which columns they may not. */
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
