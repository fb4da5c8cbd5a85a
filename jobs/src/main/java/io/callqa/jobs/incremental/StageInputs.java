package io.callqa.jobs.incremental;

import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.TableSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a stage computes from: named values in the order they were declared (table versions,
 * settings, the version and checksum of rules, a landing folder). Two are the same when they hold
 * the same names and values, whatever the order.
 *
 * <pre>{@code
 * StageInputs in = StageInputs.builder()
 *     .tables(wh, List.of(Calls.SPEC, Surveys.SPEC), t -> "version." + t.name())
 *     .put("rules", rules.version() + "@" + rules.checksum())
 *     .build();
 * }</pre>
 */
public final class StageInputs {
  private final Map<String, String> values;

  private StageInputs(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Inputs as a record stored them. */
  public static StageInputs of(Map<String, String> values) {
    return new StageInputs(values);
  }

  /** Parses {@link #text()}; an empty or blank text is no inputs (nothing recorded yet). */
  public static StageInputs parse(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return new StageInputs(m);
    }
    StringBuilder part = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char ch = i < text.length() ? text.charAt(i) : ';';
      if (ch == '\\' && i + 1 < text.length()) {
        part.append(text.charAt(++i));
      } else if (ch == ';') {
        String p = part.toString();
        int eq = p.indexOf('=');
        if (eq > 0) {
          m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        part.setLength(0);
      } else {
        part.append(ch);
      }
    }
    return new StageInputs(m);
  }

  /** Name to value, in declaration order. */
  public Map<String, String> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * One line: {@code name=value;name=value}, in declaration order; a {@code ;} or {@code \} in a
   * value is escaped with {@code \}.
   */
  public String text() {
    StringBuilder b = new StringBuilder();
    values.forEach(
        (k, v) -> {
          if (b.length() > 0) {
            b.append(';');
          }
          b.append(k).append('=').append(v.replace("\\", "\\\\").replace(";", "\\;"));
        });
    return b.toString();
  }

  /**
   * What differs from {@code before}, one entry per name: {@code name before -> now}, {@code name
   * (new)} or {@code name (gone)}; sorted by name.
   */
  public List<String> changesSince(StageInputs before) {
    List<String> out = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(values.keySet());
    names.addAll(before.values.keySet());
    for (String n : names) {
      String was = before.values.get(n);
      String now = values.get(n);
      if (was == null) {
        out.add(n + " (new)");
      } else if (now == null) {
        out.add(n + " (gone)");
      } else if (!was.equals(now)) {
        out.add(n + " " + was + " -> " + now);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageInputs other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return text();
  }

  /** Collects inputs in declaration order; a name declared twice keeps its last value. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /** A named value. */
    public Builder put(String name, Object value) {
      if (name.isEmpty() || name.contains("=") || name.contains(";") || name.contains("\\")) {
        throw new IllegalArgumentException(
            "input name '" + name + "' is empty or holds =, ; or \\");
      }
      values.put(name, String.valueOf(value));
      return this;
    }

    /**
     * Each table's Delta version (-1 while it does not exist) under the name {@code
     * name.apply(table)}: the newest commit that may have changed its rows ({@link
     * Warehouse#dataVersion}), so that compacting a table does not count as a change.
     */
    public Builder tables(
        Warehouse wh, List<TableSpec> tables, java.util.function.Function<TableSpec, String> name) {
      for (TableSpec t : tables) {
        put(name.apply(t), wh.dataVersion(t));
      }
      return this;
    }

    public StageInputs build() {
      return new StageInputs(values);
    }
  }
}
