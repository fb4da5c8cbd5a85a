package io.callqa.cli;

import io.callqa.jobs.sql.SqlEndpoint;
import io.callqa.jobs.sql.SqlRefusedException;
import io.callqa.warehouse.CallqaException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * {@code callqa sql} through the warehouse's running {@code sql-server}, when there is one: a warm
 * Spark answers in a fraction of a second where a fresh one takes seconds to start. The command
 * signs in with the endpoint file's token ({@link SqlEndpoint}) as the warehouse's owner, sets the
 * session's time zone to its own configuration's and runs the statement under the endpoint's
 * read-only check; it prints the answer exactly as a run in its own process would.
 *
 * <p>Empty (the caller runs the statement itself) when no trusted endpoint file is there, the
 * server does not answer, the statement names a table the server did not register, the endpoint
 * refuses the statement (writes: the owner may still run them here), a column's type is not a plain
 * scalar one (arrays, maps, structs, binary: their text differs over JDBC), the answer has more
 * than {@link #MAX_ROWS} rows, a timestamp falls in a repeated hour of the time zone (its text over
 * JDBC does not say which), or the statement may answer timestamps without a time zone. Other SQL
 * errors are the user's: they are thrown with the server's one-line message.
 */
final class ServerSql {
  /** The most rows taken from the server; a larger answer is computed in this process instead. */
  static final int MAX_ROWS = 100_000;

  /** Why a statement naming a table the server did not register runs here (both ways in). */
  static final String NOT_REGISTERED =
      "the running sql-server started before some of these tables existed; running here";

  /** Why a statement the endpoint refused (a write) runs here (both ways in). */
  static String readsOnly(String refusal) {
    return "the running sql-server answers reads only (" + refusal + "); running here instead";
  }

  /**
   * What makes a timestamp without a time zone in Spark 3.5 ({@code TIMESTAMP_NTZ} literals and
   * casts, the {@code *_ntz} functions, {@code localtimestamp}, {@code convert_timezone}); callqa's
   * tables hold none.
   */
  private static final java.util.regex.Pattern NO_TIME_ZONE =
      java.util.regex.Pattern.compile(
          "(?i)ntz|localtimestamp|convert_timezone|spark\\.sql\\.timestampType");

  private static final DateTimeFormatter HIVE_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  /** An answer: its columns and rows of plain values ({@link ResultPrinter#print}). */
  record Answer(String[] columns, List<Object[]> rows) {}

  /** An answer this path cannot give exactly; the statement runs in this process instead. */
  static final class NotHere extends Exception {
    private static final long serialVersionUID = 1L;

    NotHere(String why) {
      super(why, null, false, false);
    }
  }

  private ServerSql() {}

  /**
   * The answer of the warehouse's running server, or empty when the statement is to run here (why,
   * when it is worth saying, goes to {@code notes}).
   *
   * @param tables the tables the statement names (asked only when a server runs)
   * @param wanted rows wanted (the table format's limit; {@link Integer#MAX_VALUE} for all); one
   *     more is taken to tell the table format there are more
   * @throws CallqaException the statement's own error (syntax, unknown column, ...), worded as in
   *     this process
   */
  static Optional<Answer> run(
      Path warehouse,
      String sql,
      java.util.function.Supplier<List<String>> tables,
      ZoneId zone,
      int wanted,
      Consumer<String> notes) {
    Optional<SqlEndpoint> found = SqlEndpoint.find(SqlEndpoint.scratchOf(warehouse), notes);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SqlEndpoint e = found.get();
    if (NO_TIME_ZONE.matcher(sql).find()) {
      // Over JDBC a timestamp without a time zone is typed and worded as one with it.
      notes.accept(
          "the statement may answer timestamps without a time zone, which the sql-server cannot"
              + " tell apart; running here");
      return Optional.empty();
    }
    if (!e.tables().containsAll(tables.get())) {
      notes.accept(NOT_REGISTERED);
      return Optional.empty();
    }
    String host = e.connectHost();
    // A quick look first: a server that stopped without removing its file refuses at once, but an
    // address that swallows packets would hold the driver's connect for minutes.
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, e.port()), 1000);
    } catch (java.io.IOException down) {
      return Optional.empty();
    }
    Properties props = new Properties();
    props.setProperty("user", SqlEndpoint.OWNER);
    props.setProperty("password", e.token());
    // The session's time zone as this command's configuration says (the server's may differ): set
    // as the session opens, which saves a statement.
    String url =
        "jdbc:hive2://"
            + host
            + ":"
            + e.port()
            + "/default?spark.sql.session.timeZone="
            + zone.getId();
    Connection c;
    try {
      // The driver directly: DriverManager would first load every driver on the class path.
      c = new org.apache.hive.jdbc.HiveDriver().connect(url, props);
    } catch (SQLException down) {
      notes.accept("the running sql-server did not let this command in; running here");
      return Optional.empty();
    }
    try (c;
        Statement st = c.createStatement()) {
      int cap = Math.min(wanted, MAX_ROWS);
      st.setMaxRows(cap + 1);
      try (ResultSet rs = st.executeQuery(sql)) {
        Answer a = read(rs, zone, cap + 1);
        if (a.rows().size() > cap && wanted > cap) {
          throw new NotHere("has more than " + cap + " rows");
        }
        return Optional.of(a);
      }
    } catch (NotHere why) {
      notes.accept("the sql-server's answer " + why.getMessage() + "; running here");
      return Optional.empty();
    } catch (SQLException ex) {
      String msg = message(ex);
      if (msg.startsWith(SqlRefusedException.PREFIX)) {
        notes.accept(readsOnly(msg));
        return Optional.empty();
      }
      throw new CallqaException(msg, ex);
    }
  }

  /**
   * Spark's Thrift server words an error as {@code [CONDITION] fully.qualified.Exception: text}.
   */
  private static final java.util.regex.Pattern WRAPPED =
      java.util.regex.Pattern.compile(
          "(?s)^(?:org\\.apache\\.hive\\.service\\.cli\\.HiveSQLException: )?(?:Error running query: )?(?:\\[[A-Z0-9_.]+\\] )?([a-z][\\w.$]*\\.(\\w+)): ?(.*)$");

  /**
   * The server's error as this command words the same error in its own process: {@code SQL syntax
   * error: ...} or {@code SQL error: ...} and the message's first line.
   */
  static String message(SQLException ex) {
    String m = String.valueOf(ex.getMessage());
    int refused = m.indexOf(SqlRefusedException.PREFIX);
    if (refused >= 0) {
      return CallqaCommand.firstLine(m.substring(refused));
    }
    java.util.regex.Matcher w = WRAPPED.matcher(m);
    if (w.matches()) {
      String cls = w.group(2);
      String text = CallqaCommand.firstLine(w.group(3));
      return switch (cls) {
        case "ParseException" -> "SQL syntax error: " + text;
        case "AnalysisException", "ExtendedAnalysisException" -> "SQL error: " + text;
        default -> cls + ": " + text;
      };
    }
    return CallqaCommand.firstLine(m);
  }

  private static Answer read(ResultSet rs, ZoneId zone, int most) throws SQLException, NotHere {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] cols = new String[n];
    String[] types = new String[n];
    for (int i = 0; i < n; i++) {
      cols[i] = md.getColumnLabel(i + 1);
      types[i] = md.getColumnTypeName(i + 1).toLowerCase(Locale.ROOT);
      if (!scalar(types[i])) {
        throw new NotHere("has a column of type " + types[i]);
      }
    }
    List<Object[]> rows = new ArrayList<>();
    while (rows.size() < most && rs.next()) {
      Object[] r = new Object[n];
      for (int i = 0; i < n; i++) {
        r[i] = value(rs, i + 1, types[i], zone);
      }
      rows.add(r);
    }
    return new Answer(cols, rows);
  }

  private static boolean scalar(String type) {
    return switch (type) {
      case "string",
          "varchar",
          "char",
          "tinyint",
          "smallint",
          "int",
          "bigint",
          "float",
          "double",
          "decimal",
          "boolean",
          "date",
          "timestamp" ->
          true;
      default -> false;
    };
  }

  /** The value as Spark's own row holds it (with the Java 8 time API on, as callqa's sessions). */
  private static Object value(ResultSet rs, int i, String type, ZoneId zone)
      throws SQLException, NotHere {
    if (rs.getObject(i) == null) {
      return null;
    }
    return switch (type) {
      case "tinyint" -> rs.getByte(i);
      case "smallint" -> rs.getShort(i);
      case "int" -> rs.getInt(i);
      case "bigint" -> rs.getLong(i);
      case "float" -> rs.getFloat(i);
      case "double" -> rs.getDouble(i);
      case "decimal" -> rs.getBigDecimal(i);
      case "boolean" -> rs.getBoolean(i);
      case "date" -> LocalDate.parse(rs.getString(i));
      case "timestamp" -> instant(rs.getString(i), zone);
      default -> rs.getString(i);
    };
  }

  /**
   * A timestamp's text over JDBC (the session's local time) as the instant it is; a local time that
   * occurs twice (the repeated hour when clocks go back) does not say which.
   */
  static Instant instant(String text, ZoneId zone) throws NotHere {
    LocalDateTime t = LocalDateTime.parse(text, HIVE_TIMESTAMP);
    var offsets = zone.getRules().getValidOffsets(t);
    if (offsets.size() != 1) {
      throw new NotHere("has the local time " + text + ", which " + zone + " repeats");
    }
    return t.toInstant(offsets.get(0));
  }
}
