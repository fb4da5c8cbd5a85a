package io.callqa.jobs.sql;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A JDBC client run in a JVM of its own with only the Hive JDBC driver on its classpath (as a BI
 * tool or an analyst's program would be): connects to the SQL endpoint, runs each {@code
 * what<TAB>sql} line of a file and prints one JSON object per query ({@code ok}, {@code columns},
 * {@code rows} or {@code error}). Uses nothing but java.sql, so that the test classpath's other
 * classes stay unloaded.
 *
 * <p>Usage: {@code java -cp hive-jdbc-standalone.jar:test-classes io.callqa.jobs.sql.JdbcProbe URL
 * USER PASSWORD QUERIES_FILE}
 */
public final class JdbcProbe {
  private JdbcProbe() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<String> lines = Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    long[] closing = new long[1];
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      out.println(
          "{\"what\":\"connect\",\"ok\":true,\"ms\":" + (System.nanoTime() - t0) / 1_000_000 + "}");
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        String what = line.substring(0, tab);
        String sql = line.substring(tab + 1);
        long q0 = System.nanoTime();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(sql)) {
          ResultSetMetaData md = rs.getMetaData();
          StringBuilder b =
              new StringBuilder("{\"what\":")
                  .append(str(what))
                  .append(",\"ok\":true,\"columns\":[");
          for (int i = 1; i <= md.getColumnCount(); i++) {
            b.append(i > 1 ? "," : "").append(str(md.getColumnLabel(i)));
          }
          b.append("],\"rows\":[");
          int n = 0;
          while (rs.next()) {
            b.append(n++ > 0 ? "," : "").append('[');
            for (int i = 1; i <= md.getColumnCount(); i++) {
              Object v = rs.getObject(i);
              b.append(i > 1 ? "," : "")
                  .append(
                      v == null ? "null" : v instanceof Number ? v.toString() : str(v.toString()));
            }
            b.append(']');
          }
          out.println(
              b.append("],\"ms\":").append((System.nanoTime() - q0) / 1_000_000.0).append('}'));
        } catch (SQLException e) {
          out.println(
              "{\"what\":"
                  + str(what)
                  + ",\"ok\":false,\"error\":"
                  + str(String.valueOf(e.getMessage()))
                  + "}");
        }
      }
      closing[0] = System.nanoTime();
    } catch (SQLException e) {
      out.println(
          "{\"what\":\"connect\",\"ok\":false,\"error\":"
              + str(String.valueOf(e.getMessage()))
              + "}");
    }
    if (closing[0] != 0) {
      out.println(
          "{\"what\":\"close\",\"ok\":true,\"ms\":"
              + (System.nanoTime() - closing[0]) / 1_000_000
              + "}");
    }
  }

  private static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
