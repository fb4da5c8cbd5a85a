package io.callqa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** What {@code callqa sql} makes of the server's words and times. */
class ServerSqlTest {
  @Test
  void theServersErrorsAreWordedAsThisProcessWordsThem() {
    // As Spark 3.5.4's Thrift server sends them (seen from the Hive JDBC driver).
    assertThat(
            ServerSql.message(
                new SQLException(
                    "org.apache.hive.service.cli.HiveSQLException: Error running query:"
                        + " [PARSE_SYNTAX_ERROR] org.apache.spark.sql.catalyst.parser.ParseException:"
                        + " \n[PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'.(line 1, pos 0)\n\n"
                        + "== SQL ==\nselec 1\n^^^\n")))
        .isEqualTo(
            "SQL syntax error: [PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'.(line 1, pos 0)");
    assertThat(
            ServerSql.message(
                new SQLException(
                    "Error running query: [TABLE_OR_VIEW_NOT_FOUND]"
                        + " org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The"
                        + " table or view `callz` cannot be found.; line 1 pos 21;\n'Project")))
        .isEqualTo(
            "SQL error: [TABLE_OR_VIEW_NOT_FOUND] The table or view `callz` cannot be found.;"
                + " line 1 pos 21;");
    assertThat(
            ServerSql.message(
                new SQLException(
                    "Error running query: refused by the callqa SQL endpoint: statement"
                        + " CreateViewCommand: the SQL endpoint is read-only\nmore")))
        .isEqualTo(
            "refused by the callqa SQL endpoint: statement CreateViewCommand: the SQL endpoint is"
                + " read-only");
    assertThat(ServerSql.message(new SQLException("\nsomething else\nsecond")))
        .isEqualTo("something else");
  }

  @Test
  void aTimestampsLocalTextIsTheInstantUnlessTheZoneRepeatsThatHour() throws Exception {
    ZoneId shanghai = ZoneId.of("Asia/Shanghai");
    assertThat(ServerSql.instant("2026-03-02 09:00:00", shanghai))
        .isEqualTo(Instant.parse("2026-03-02T01:00:00Z"));
    assertThat(ServerSql.instant("2026-03-02 09:00:00.123456", shanghai))
        .isEqualTo(Instant.parse("2026-03-02T01:00:00.123456Z"));
    ZoneId london = ZoneId.of("Europe/London");
    assertThat(ServerSql.instant("2026-10-25 00:59:59", london))
        .isEqualTo(Instant.parse("2026-10-24T23:59:59Z"));
    // 01:30 happens twice in London that night: the text does not say which.
    assertThatThrownBy(() -> ServerSql.instant("2026-10-25 01:30:00", london))
        .isInstanceOf(ServerSql.NotHere.class)
        .hasMessageContaining("repeats");
  }
}
