package io.callqa.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.samples.LandingGenerator;
import io.callqa.warehouse.SparkTestBase;
import io.callqa.warehouse.delta.Warehouse;
import io.callqa.warehouse.tables.Chats;
import io.callqa.warehouse.tables.KpiDaily;
import io.callqa.warehouse.tables.QaManualScores;
import io.callqa.warehouse.tables.QaScores;
import io.callqa.warehouse.tables.TableSpec;
import io.callqa.warehouse.tables.Tables;
import io.callqa.warehouse.tables.Transcripts;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The command line end to end: generate, run, re-run, sql, search, an incremental re-index, a
 * day-range KPI rebuild, and its errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallqaCommandIT extends SparkTestBase {
  Path landing;
  Path warehouse;
  Result firstRun;

  record Result(int code, String out, String err) {}

  static Result callqa(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cl = CallqaCommand.commandLine();
      cl.setErr(new java.io.PrintWriter(System.err, true));
      cl.setOut(new java.io.PrintWriter(System.out, true));
      int code = cl.execute(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /**
   * Sample landing files as {@code ./callqa generate} writes them (its defaults: from 2026-03-02,
   * Shanghai).
   */
  static void generate(Path out, int days, int callsPerDay, long seed) {
    LandingGenerator.generate(
        new LandingGenerator.Options(
            out, LocalDate.of(2026, 3, 2), days, callsPerDay, seed, ZoneId.of("Asia/Shanghai")),
        p -> {});
  }

  @BeforeAll
  void generateAndRun() {
    landing = scratch.resolve("landing");
    warehouse = scratch.resolve("warehouse");
    generate(landing, 3, 600, 3);
    // Under Maven the recordings' transcripts come from the build's transcript cache
    // (speech.transcript-cache), seeded with the samples' committed transcripts.
    String cache = System.getProperty("callqa.transcript-cache", "");
    firstRun =
        callqa(
            "run",
            "--landing",
            landing.toString(),
            "--warehouse",
            warehouse.toString(),
            "--set",
            "speech.transcript-cache=" + cache);
    assertThat(firstRun.code()).as(firstRun.err()).isZero();
  }

  @Test
  @Order(0)
  void runPrintsPerFileCountsAndBuildsGold() {
    assertThat(firstRun.out())
        .contains("calls/calls-20260302-1.csv")
        .contains("accepted")
        .contains("rejected");
    assertThat(firstRun.out()).containsPattern("total +[0-9,]+ +[0-9,]+ +[0-9,]+");
    // Progress on stderr, each stage's result once, in the summary on stdout.
    assertThat(firstRun.err())
        .contains("kpi: step 1/1, kpi_daily, ivr_daily and kpi_interval at once")
        .contains("analyse: step 1/3")
        .contains("analyse: step 2/3, call_categories and qa_scores at once")
        .contains("index: step 1/3");
    assertThat(firstRun.out())
        .contains("complaints: ")
        .contains("tickets as of")
        .contains("report: ")
        .contains(" written to ");
    assertThat(firstRun.err()).doesNotContain("tickets as of").doesNotContain(" written to ");
    assertThat(firstRun.out()).contains("rejected rows are in table `rejects`");
    // Where the run's time went, stage by stage, in the order they ran.
    assertThat(firstRun.out())
        .containsPattern(
            "(?m)^stages: ingest \\d+\\.\\d s, kpi \\d+\\.\\d s, complaints \\d+\\.\\d s,"
                + " transcribe \\d+\\.\\d s, analyse \\d+\\.\\d s, index \\d+\\.\\d s,"
                + " report \\d+\\.\\d s$");
    Warehouse wh = new Warehouse(spark, warehouse);
    for (TableSpec t : Tables.ALL) {
      assertThat(wh.exists(t)).as(t.name()).isTrue();
    }
    // Each day's call file has 6 bad rows; each survey and ticket file one; each chat file two.
    assertThat(wh.read(Tables.byName("rejects").orElseThrow()).count())
        .isEqualTo(3 * 6 + 3 + 3 + 3 * 2);
    // Chat text is masked like ticket text and transcripts.
    Result chats =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT count(*) AS n, sum(masked) AS masked, sum(CASE WHEN to_json(messages) LIKE '%4539 1488%'"
                + " OR to_json(messages) LIKE '%13812345678%' THEN 1 ELSE 0 END) AS leaked FROM chats");
    String[] v = chats.out().strip().split("\n")[1].split(",");
    assertThat(Long.parseLong(v[0])).isEqualTo(3 * 6);
    assertThat(Long.parseLong(v[1])).isPositive();
    assertThat(Long.parseLong(v[2])).isZero();
  }

  @Test
  @Order(0)
  void runTranscribesTheLinkedSampleRecordingsAndSkipsTheChineseOne() {
    assertThat(firstRun.out())
        .contains("transcribe: 13 calls with recordings, 0 unchanged, {SKIPPED=1, TRANSCRIBED=12}");
    assertThat(firstRun.err()).containsPattern("transcribe: 13/13 calls done, [0-9.]+ audio h");
    Result r =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT count(DISTINCT call_id) AS calls, sum(masked) AS masked,"
                + " sum(CASE WHEN speaker = 'AGENT' THEN 1 ELSE 0 END) AS agent FROM transcripts");
    assertThat(r.code()).as(r.err()).isZero();
    String[] v = r.out().strip().split("\n")[1].split(",");
    assertThat(Long.parseLong(v[0])).isEqualTo(12);
    Result lines =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT masked, text FROM transcripts WHERE speaker = 'CUSTOMER' AND (masked > 0 OR text LIKE '%number%'"
                + " OR text LIKE '%mobile%' OR text LIKE '%five five%')");
    assertThat(Long.parseLong(v[1]))
        .as("masked spans: the card read out and the phone number, in %s", lines.out())
        .isGreaterThanOrEqualTo(2);
    assertThat(Long.parseLong(v[2])).isGreaterThan(20);
    Result help = callqa("transcribe", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--landing=DIR").contains("--warehouse=DIR");
  }

  @Test
  @Order(0)
  void sqlSeesEveryTableByPlainNameAndKpisLookRealistic() {
    Result r =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT sum(answered_within_sl) / sum(offered_agent - short_abandoned) AS sl,"
                + " (SELECT sum(ivr_self_service) / sum(offered_ivr) FROM ivr_daily) AS containment,"
                + " (SELECT count(*) FROM kpi_interval) AS intervals FROM kpi_daily");
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines[0]).isEqualTo("sl,containment,intervals");
    String[] v = lines[1].split(",");
    assertThat(Double.parseDouble(v[0])).isBetween(0.80, 0.96);
    assertThat(Double.parseDouble(v[1])).isBetween(0.33, 0.47);
    assertThat(Long.parseLong(v[2])).isGreaterThan(100);

    Result json =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "json",
            "SELECT site, count(*) AS n FROM calls GROUP BY site ORDER BY site");
    assertThat(json.out()).startsWith("{\"site\":\"CHENGDU\",\"n\":");
    Result table =
        callqa(
            "sql", "--warehouse", warehouse.toString(), "SELECT count(*) AS n FROM ticket_events");
    assertThat(table.out()).contains("(1 row)");
  }

  @Test
  @Order(0)
  void runIndexesTranscriptsChatsAndComplaintsAndSearchFindsThem() throws Exception {
    assertThat(firstRun.out())
        .containsPattern(
            "index: [0-9]+ conversations in .* \\(([0-9]+) added, 0 updated, 0 deleted");
    Result calls =
        callqa(
            "search",
            "--warehouse",
            warehouse.toString(),
            "--kind",
            "call",
            "--json",
            "customer:card");
    assertThat(calls.code()).as(calls.err()).isZero();
    JsonNode r = new ObjectMapper().readTree(calls.out());
    assertThat(r.get("total").asLong()).isPositive();
    JsonNode hit = r.get("hits").get(0);
    assertThat(hit.get("call_id").asText()).startsWith("CL");
    assertThat(hit.get("speaker").asText()).isEqualTo("CUSTOMER");
    assertThat(hit.get("start_s").isNumber()).isTrue();
    assertThat(hit.get("snippet").asText()).contains("«card");
    assertThat(r.get("facets").get("site").size()).isPositive();
    // The hit's second is the utterance's start in transcripts.
    Result start =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT start_s FROM transcripts WHERE call_id = '"
                + hit.get("call_id").asText()
                + "' AND utterance_no = "
                + hit.get("line_no").asInt());
    assertThat(Double.parseDouble(start.out().strip().split("\n")[1]))
        .isEqualTo(hit.get("start_s").asDouble());

    Result zh = callqa("search", "--warehouse", warehouse.toString(), "--language", "zh", "挂失");
    assertThat(zh.code()).as(zh.err()).isZero();
    assertThat(zh.out()).containsPattern("^[1-9][0-9]* conversations match").contains("«挂失»");

    Result bad = callqa("search", "--warehouse", warehouse.toString(), "customer:(card");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err().strip())
        .startsWith("callqa: cannot read the query 'customer:(card': parentheses do not match")
        .doesNotContain("\n");
  }

  @Test
  @Order(1)
  void reRunChangesNothing() {
    Map<String, Long> before = versions();
    Result again =
        callqa("run", "--landing", landing.toString(), "--warehouse", warehouse.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("0 files read")
        .contains("kpi: unchanged")
        .contains("transcribe: 13 calls with recordings, all unchanged since their last run")
        .contains("index: up to date");
    assertThat(versions()).isEqualTo(before);
  }

  @Test
  @Order(2)
  void rebuildingADayRangeReplacesExactlyThatRange() {
    Warehouse wh = new Warehouse(spark, warehouse);
    List<Row> before =
        wh.read(KpiDaily.SPEC).orderBy("day", "site", "queue", "segment").collectAsList();
    Result r =
        callqa(
            "kpi",
            "--warehouse",
            warehouse.toString(),
            "--from",
            "2026-03-03",
            "--to",
            "2026-03-03",
            "--set",
            "kpi.service-level.threshold-s=0");
    assertThat(r.code()).as(r.err()).isZero();
    List<Row> after =
        wh.read(KpiDaily.SPEC).orderBy("day", "site", "queue", "segment").collectAsList();
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < before.size(); i++) {
      Row b = before.get(i);
      Row a = after.get(i);
      if (b.getAs(KpiDaily.DAY).toString().equals("2026-03-03")) {
        assertThat(a.<Long>getAs(KpiDaily.ANSWERED_WITHIN_SL))
            .isLessThanOrEqualTo(b.<Long>getAs(KpiDaily.ANSWERED_WITHIN_SL));
        assertThat(a.<Long>getAs(KpiDaily.OFFERED_AGENT))
            .isEqualTo(b.<Long>getAs(KpiDaily.OFFERED_AGENT));
      } else {
        assertThat(a).isEqualTo(b);
      }
    }
    long within =
        after.stream()
            .filter(x -> x.getAs(KpiDaily.DAY).toString().equals("2026-03-03"))
            .mapToLong(x -> x.<Long>getAs(KpiDaily.ANSWERED_WITHIN_SL))
            .sum();
    long withinBefore =
        before.stream()
            .filter(x -> x.getAs(KpiDaily.DAY).toString().equals("2026-03-03"))
            .mapToLong(x -> x.<Long>getAs(KpiDaily.ANSWERED_WITHIN_SL))
            .sum();
    assertThat(within).isLessThan(withinBefore);
  }

  @Test
  @Order(3)
  void indexWritesOnlyWhatChangedAndDropsWhatIsGone() {
    Warehouse wh = new Warehouse(spark, warehouse);
    String chat = wh.read(Chats.SPEC).orderBy(Chats.CONTACT_ID).first().getAs(Chats.CONTACT_ID);
    String call =
        wh.read(Transcripts.SPEC).orderBy(Transcripts.CALL_ID).first().getAs(Transcripts.CALL_ID);
    DeltaTable.forPath(spark, wh.path(Chats.SPEC).toString())
        .delete(col(Chats.CONTACT_ID).equalTo(chat));
    DeltaTable.forPath(spark, wh.path(Transcripts.SPEC).toString())
        .update(
            col(Transcripts.CALL_ID).equalTo(call).and(col(Transcripts.UTTERANCE_NO).equalTo(0)),
            Map.of(Transcripts.TEXT, lit("zebra crossing reviewed")));
    Result r =
        callqa("index", "--landing", landing.toString(), "--warehouse", warehouse.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("\\(0 added, 1 updated, 1 deleted, [0-9]+ unchanged\\)");
    Result found = callqa("search", "--warehouse", warehouse.toString(), "zebra");
    assertThat(found.out()).startsWith("1 conversations match").contains(call);
    Result gone = callqa("search", "--warehouse", warehouse.toString(), "id:" + chat);
    assertThat(gone.out()).startsWith("0 conversations match");
  }

  @Test
  @Order(0)
  void runAnalysesCallsAndChatsAndScoresTranscribedCalls() {
    assertThat(firstRun.out()).contains("analyse: 12 calls and 18 chats analysed");
    Result scores =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT count(*), min(score), max(score), sum(CASE WHEN size(points) = 9 THEN 1 ELSE 0 END),"
                + " sum(CASE WHEN exists(points, p -> p.reason IS NULL) THEN 1 ELSE 0 END) FROM qa_scores");
    String[] v = scores.out().strip().split("\n")[1].split(",");
    assertThat(Long.parseLong(v[0])).isEqualTo(12);
    // The scorecard tells the sample calls apart: the best is at least 50, and not every call
    // scores the same.
    assertThat(Double.parseDouble(v[2])).isBetween(50.0, 100.0);
    assertThat(Double.parseDouble(v[1])).isLessThan(Double.parseDouble(v[2]));
    assertThat(Long.parseLong(v[3])).isEqualTo(12);
    assertThat(Long.parseLong(v[4])).isZero();
    // The lost-card sample call is tagged, and the hit's time is its utterance's start in
    // transcripts.
    Result lost =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT count(*) FROM call_categories c JOIN transcripts t ON c.call_id = t.call_id"
                + " AND c.line_no = t.utterance_no AND c.start_s = t.start_s WHERE c.category = 'lost_stolen_card'");
    assertThat(Long.parseLong(lost.out().strip().split("\n")[1])).isPositive();
    Result chats =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT count(*) FROM call_analytics WHERE kind = 'CHAT' AND silence_share IS NULL");
    assertThat(Long.parseLong(chats.out().strip().split("\n")[1])).isEqualTo(18);
    Result agents =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT sum(calls_scored), min(calls_handled), min(aht_s) FROM qa_agent_daily");
    String[] a = agents.out().strip().split("\n")[1].split(",");
    assertThat(Long.parseLong(a[0])).isEqualTo(12);
    assertThat(Long.parseLong(a[1])).isPositive();
    assertThat(Double.parseDouble(a[2])).isPositive();
    Result byCategory =
        callqa(
            "search",
            "--warehouse",
            warehouse.toString(),
            "--category",
            "lost_stolen_card",
            "--kind",
            "CALL",
            "--json",
            "");
    assertThat(byCategory.out()).containsPattern("\"total\":[1-9]");
  }

  @Test
  @Order(4)
  void manualScoresArriveFromTheCliAndTheReviewJournalAndAreNeverOverwritten() throws Exception {
    Warehouse wh = new Warehouse(spark, warehouse);
    String call = wh.read(QaScores.SPEC).orderBy(QaScores.CALL_ID).first().getAs(QaScores.CALL_ID);
    Result cli =
        callqa(
            "qa",
            "score",
            "--warehouse",
            warehouse.toString(),
            "--call",
            call,
            "--score",
            "95",
            "--reviewer",
            "lee",
            "--comment",
            "textbook");
    assertThat(cli.code()).as(cli.err()).isZero();
    assertThat(
            callqa(
                    "qa",
                    "score",
                    "--warehouse",
                    warehouse.toString(),
                    "--call",
                    "NOPE",
                    "--score",
                    "5",
                    "--reviewer",
                    "lee")
                .err())
        .contains("call NOPE has no automatic score");
    java.nio.file.Path journal = ManualScoreJournal.reviewPageFile(warehouse);
    java.nio.file.Files.createDirectories(journal.getParent());
    java.nio.file.Files.writeString(
        journal,
        "{\"call_id\":\""
            + call
            + "\",\"scorecard\":\"card-hotline\",\"reviewer\":\"anna\","
            + "\"reviewed_at\":\"2026-03-05T09:00:00Z\",\"score\":40,\"comment\":null}\n"
            + "{\"call_id\":\""
            + call
            + "\",\"scorecard\":\"no-such-card\",\"reviewer\":\"anna\","
            + "\"reviewed_at\":\"2026-03-05T09:01:00Z\",\"score\":40}\n");
    Result run =
        callqa("run", "--landing", landing.toString(), "--warehouse", warehouse.toString());
    assertThat(run.out()).contains("1 manual scores added, 1 rejected");
    Result again =
        callqa("run", "--landing", landing.toString(), "--warehouse", warehouse.toString());
    assertThat(again.out()).contains("analyse: up to date").contains("index: up to date");
    assertThat(wh.read(QaManualScores.SPEC).count()).isEqualTo(2);
    Result rejected =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT source_file, line, reason FROM rejects WHERE target = 'qa_manual_scores'");
    assertThat(rejected.out())
        .contains("manual-scores/review-page.jsonl,2,unknown scorecard 'no-such-card'");
    Result agreement = callqa("qa", "agreement", "--warehouse", warehouse.toString());
    assertThat(agreement.out()).containsPattern("card-hotline +\\| 2 ");
    Result daily =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT sum(manual_reviews) FROM qa_agent_daily");
    assertThat(Long.parseLong(daily.out().strip().split("\n")[1])).isEqualTo(2);
  }

  @Test
  void errorsAreOneLineAndNonZero() {
    Result missing =
        callqa("run", "--landing", scratch.resolve("nowhere").toString(), "--warehouse", "x");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip())
        .startsWith("callqa: landing folder")
        .contains("nowhere")
        .doesNotContain("\n");

    Result syntax = callqa("sql", "--warehouse", warehouse.toString(), "SELEC nonsense");
    assertThat(syntax.code()).isEqualTo(1);
    assertThat(syntax.err().strip()).startsWith("callqa: SQL syntax error").doesNotContain("\n");

    Result unknownTable = callqa("sql", "--warehouse", warehouse.toString(), "SELECT * FROM nope");
    assertThat(unknownTable.err().strip()).startsWith("callqa: SQL error").contains("nope");

    // A statement that names no table reads none, yet a folder without tables is still named.
    Result one =
        callqa("sql", "--warehouse", warehouse.toString(), "--format", "csv", "SELECT 1 AS x");
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(one.out()).isEqualTo("x\n1\n");
    Result listed = callqa("sql", "--warehouse", warehouse.toString(), "SHOW TABLES");
    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("calls").contains("kpi_daily").contains("call_analytics");
    Path empty = scratch.resolve("no-tables");
    try {
      java.nio.file.Files.createDirectories(empty);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Result noTables = callqa("sql", "--warehouse", empty.toString(), "SELECT 1");
    assertThat(noTables.code()).isEqualTo(1);
    assertThat(noTables.err().strip())
        .startsWith("callqa: no tables under")
        .contains("no-tables")
        .doesNotContain("\n");

    Result badKey =
        callqa(
            "run",
            "--landing",
            landing.toString(),
            "--warehouse",
            warehouse.toString(),
            "--set",
            "kpi.sl=3");
    assertThat(badKey.code()).isEqualTo(1);
    assertThat(badKey.err()).contains("unknown configuration key 'kpi.sl'");

    Result usage = callqa("run", "--warehouse", "x");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required option: '--landing=DIR'");

    Result help = callqa("run", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--landing=DIR").contains("--warehouse=DIR");
  }

  @Test
  void runWritesTheKpiReportAndTheReportCommandWritesItAnywhere() throws Exception {
    assertThat(firstRun.out()).contains("report: ").contains("callqa-report.html");
    Path inWarehouse = warehouse.resolve("report").resolve("callqa-report.html");
    assertThat(inWarehouse).exists();
    Result r =
        callqa(
            "report",
            "--warehouse",
            warehouse.toString(),
            "--out",
            scratch.resolve("exec").toString(),
            "--days",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    String html =
        java.nio.file.Files.readString(scratch.resolve("exec").resolve("callqa-report.html"));
    assertThat(html).contains("Service level 服务水平", "data-kpi=\"complaint_backlog\"");
    Result backwards =
        callqa(
            "report",
            "--warehouse",
            warehouse.toString(),
            "--out",
            scratch.resolve("x").toString(),
            "--from",
            "2026-03-04",
            "--to",
            "2026-03-02");
    assertThat(backwards.code()).isEqualTo(1);
    assertThat(backwards.err().strip())
        .isEqualTo("callqa: --from 2026-03-04 is after --to 2026-03-02");
  }

  @Test
  void dashboardsExportWritesTheBundleAndTheSqlEndpointNeverStartsOpen() throws Exception {
    Path zip = scratch.resolve("bundle").resolve("callqa-dashboards.zip");
    Result export =
        callqa(
            "dashboards",
            "export",
            "--out",
            zip.toString(),
            "--database-uri",
            "hive://callqa@sql.example:10000/default");
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).contains("4 dashboards, 27 charts, 9 datasets");
    try (var z = new java.util.zip.ZipFile(zip.toFile())) {
      assertThat(z.getEntry("callqa_dashboards/metadata.yaml")).isNotNull();
      assertThat(
              new String(
                  z.getInputStream(z.getEntry("callqa_dashboards/databases/callqa_warehouse.yaml"))
                      .readAllBytes(),
                  StandardCharsets.UTF_8))
          .contains("hive://callqa@sql.example:10000/default");
    }
    Result withPassword =
        callqa(
            "dashboards",
            "export",
            "--out",
            zip.toString(),
            "--database-uri",
            "hive://callqa:secret@sql.example:10000/default");
    assertThat(withPassword.code()).isEqualTo(1);
    assertThat(withPassword.err()).contains("must not carry a password").doesNotContain("secret");
    // No users file: the endpoint never runs open.
    Result open = callqa("sql-server", "--warehouse", warehouse.toString());
    assertThat(open.code()).isEqualTo(1);
    assertThat(open.err().strip())
        .isEqualTo(
            "callqa: no users file at "
                + warehouse.resolve("sql-users.conf")
                + "; add a user with: ./callqa users add NAME --role ROLE --users "
                + warehouse.resolve("sql-users.conf"));
    Result publish = callqa("dashboards", "publish", "--url", "ftp://superset", "--user", "admin");
    assertThat(publish.code()).isEqualTo(1);
    assertThat(publish.err().strip())
        .isEqualTo("callqa: --url ftp://superset is not an http(s) URL");
  }

  @Test
  void namedQueriesAndTheDataDictionaryFromTheCommandLine() {
    Result q =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "--query",
            "kpi_by_site",
            "--param",
            "from=2026-03-02",
            "--param",
            "to=2026-03-04",
            "--param",
            "segment=VIP");
    assertThat(q.code()).as(q.err()).isZero();
    assertThat(q.out().lines().findFirst().orElse(""))
        .isEqualTo("site,offered,service_level,asa_s,abandon_rate,aht_s,fcr,csat,nps");
    assertThat(q.out().lines().count()).isEqualTo(4);
    Result missing =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--query",
            "kpi_by_site",
            "--param",
            "from=2026-03-02");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip())
        .isEqualTo("callqa: query kpi_by_site needs --param to=YYYY-MM-DD (last local day)");
    Result list = callqa("sql", "--list");
    assertThat(list.out()).contains("site_failover").contains("params: from date, to date");
    Result tables = callqa("tables", "kpi_daily");
    assertThat(tables.code()).isZero();
    assertThat(tables.out())
        .startsWith("kpi_daily  (gold, written by kpi)")
        .contains("KPI: answered_within_sl / (offered_agent - short_abandoned)");
    Result unknown = callqa("tables", "kpi_weekly");
    assertThat(unknown.err().strip())
        .startsWith("callqa: no table kpi_weekly; the tables are ingested_files, rejects");
  }

  /**
   * With a {@code sql-server} of the warehouse running, {@code sql} goes through it (the audit log
   * names the owner's sign-in) and prints exactly what {@code sql --local} prints: every table's
   * scalar columns in CSV and JSON, the table format with its metric formats, and literal edge
   * values (quotes, commas, backslashes, Chinese, NULL, NaN, decimals, microseconds). What it
   * cannot answer exactly runs in the command's own process: a write (the endpoint is read-only),
   * an array column, a table the server did not register; and so does everything once the file is
   * not to be trusted or the server has stopped.
   */
  @Test
  @Order(5)
  void sqlGoesThroughARunningSqlServerAndPrintsWhatItPrintsItself() throws Exception {
    io.callqa.jobs.sql.SqlServer server = startSqlServer("sql");
    Path audit = server.auditFile();
    Path serverScratch = warehouse.resolve("_sql-server");
    try {
      Warehouse wh = new Warehouse(spark, warehouse);
      Map<String, String> statements = new LinkedHashMap<>();
      for (TableSpec t : Tables.ALL) {
        if (!wh.exists(t)) {
          continue;
        }
        List<String> cols = new java.util.ArrayList<>();
        for (var f : t.schema().fields()) {
          if (!(f.dataType() instanceof org.apache.spark.sql.types.ArrayType
              || f.dataType() instanceof org.apache.spark.sql.types.MapType
              || f.dataType() instanceof org.apache.spark.sql.types.StructType
              || f.dataType() instanceof org.apache.spark.sql.types.BinaryType)) {
            cols.add("`" + f.name() + "`");
          }
        }
        statements.put(
            t.name(),
            "SELECT "
                + String.join(", ", cols)
                + " FROM "
                + t.name()
                + " ORDER BY "
                + String.join(", ", cols));
      }
      assertThat(statements).hasSizeGreaterThan(15);
      statements.put(
          "literals",
          "SELECT 'a\"b,c\\\\d' AS s, CAST(NULL AS STRING) AS n, '中文 挂失' AS zh, 1.0D / 3 AS d,"
              + " CAST('NaN' AS DOUBLE) AS nan, 1e-7D AS tiny, 12345678901.5D AS big,"
              + " CAST(2.5 AS FLOAT) AS f, CAST(12.3456789 AS DECIMAL(12,7)) AS dec7,"
              + " CAST(-1.50 AS DECIMAL(5,2)) AS dec2, TIMESTAMP'2026-03-02 09:00:00.123456' AS ts,"
              + " TIMESTAMP'2026-03-02 09:00:00' AS ts0, DATE'2026-03-02' AS dt, true AS b,"
              + " CAST(7 AS TINYINT) AS ti, CAST(-3 AS SMALLINT) AS si,"
              + " 9223372036854775807L AS l, 0.8993D AS service_level, 4.88151D AS asa_s");
      statements.put(
          "kpi",
          "SELECT site, sum(offered_agent) AS offered, sum(answered_within_sl) / sum(offered_agent) AS"
              + " service_level FROM kpi_daily GROUP BY site ORDER BY site");
      int compared = 0;
      for (var e : statements.entrySet()) {
        List<String> formats =
            e.getKey().equals("literals") || e.getKey().equals("kpi")
                ? List.of("table", "csv", "json")
                : List.of("csv", "json");
        for (String format : formats) {
          assertServedAsHere(audit, e.getKey(), format, e.getValue());
          compared++;
        }
      }
      System.out.printf("CallqaCommandIT: %d outputs through the sql-server equal%n", compared);
      Result literals =
          callqa(
              "sql",
              "--warehouse",
              warehouse.toString(),
              "--format",
              "json",
              statements.get("literals"));
      assertThat(literals.out())
          .contains("\"s\":\"a\\\"b,c\\\\d\"")
          .contains("\"ts\":\"2026-03-02T09:00:00.123+08:00\"")
          .doesNotContain("\"n\"");
      // The session's time zone is the command's configuration's, not the server's (Shanghai).
      assertThat(
              assertServedAsHere(
                  audit,
                  "literals in UTC",
                  "json",
                  statements.get("literals"),
                  "--set",
                  "centre.time-zone=UTC"))
          .contains("\"ts\":\"2026-03-02T09:00:00.123Z\"");
      // Back to the default zone for this JVM's shared session.
      assertThat(callqa("sql", "--local", "--warehouse", warehouse.toString(), "select 1").code())
          .isZero();

      // A write: the endpoint refuses it, and the command runs it itself (the owner may).
      Result view =
          callqa("sql", "--warehouse", warehouse.toString(), "CREATE TEMPORARY VIEW v AS SELECT 1");
      assertThat(view.code()).as(view.err()).isZero();
      assertThat(view.err())
          .contains("refused by the callqa SQL endpoint")
          .contains("running here instead");
      // An array column: its JDBC text differs, so it is answered here.
      Result[] words =
          bothWays("json", "SELECT call_id, words FROM transcripts ORDER BY call_id LIMIT 2");
      assertThat(words[0].code()).as(words[0].err()).isZero();
      assertThat(words[0].err()).contains("has a column of type array");
      assertThat(words[0].out()).isEqualTo(words[1].out());
      // A timestamp without a time zone reads over JDBC as one with it: answered here.
      String ntz = "SELECT CAST(TIMESTAMP'2026-03-02 09:00:00' AS TIMESTAMP_NTZ) AS t";
      Result[] noZone = bothWays("json", ntz);
      assertThat(noZone[0].err()).contains("without a time zone");
      assertThat(noZone[0].out()).isEqualTo(noZone[1].out());
      // Errors are the same one line either way.
      for (String bad : List.of("selec 1", "SELECT nope FROM calls", "SELECT * FROM callz")) {
        Result[] ab = bothWays("table", bad);
        assertThat(ab[0].code()).isEqualTo(1);
        assertThat(ab[0].err()).as(bad).isEqualTo(ab[1].err());
      }

      // A file others may read is not trusted: the command runs the statement itself.
      Path file = serverScratch.resolve(io.callqa.jobs.sql.SqlEndpoint.FILE);
      java.nio.file.Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      long before = ownerStatements(audit);
      Result loose =
          callqa("sql", "--warehouse", warehouse.toString(), "SELECT count(*) FROM calls");
      assertThat(loose.code()).isZero();
      assertThat(loose.err()).contains("others may read or change it");
      assertThat(ownerStatements(audit)).isEqualTo(before);
      // A wrong token (a file put there by someone else): refused, audited, and run here.
      String text = java.nio.file.Files.readString(file);
      java.nio.file.Files.writeString(file, text.replaceAll("token=.*", "token=" + "A".repeat(43)));
      java.nio.file.Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      Result forged =
          callqa("sql", "--warehouse", warehouse.toString(), "SELECT count(*) FROM calls");
      assertThat(forged.code()).isZero();
      assertThat(forged.err()).contains("did not let this command in");
      assertThat(java.nio.file.Files.readString(audit)).contains("\"LOGIN_FAILED\"");
      java.nio.file.Files.writeString(file, text);
    } finally {
      server.close();
    }
    // Stopped: the file is gone and the command runs the statement itself, quietly.
    assertThat(serverScratch.resolve(io.callqa.jobs.sql.SqlEndpoint.FILE)).doesNotExist();
    Result after = callqa("sql", "--warehouse", warehouse.toString(), "SELECT count(*) FROM calls");
    assertThat(after.code()).isZero();
    assertThat(after.err()).isEmpty();
    io.callqa.warehouse.LocalFolders.deleteTree(serverScratch);
  }

  /**
   * The launcher's {@code ./callqa sql} through a running sql-server's owner's door (HTTP on
   * 127.0.0.1, no JVM of its own): the real script and curl, against a real server in this JVM. It
   * prints exactly what {@code sql --local} prints (tables, CSV, JSON, errors and their exit code);
   * what the server will not answer is left to the command's own process ({@code
   * CALLQA_SQL_SERVER=require} makes that exit 3 here instead of starting one). Then the door as a
   * hostile user of the same host finds it: no token, a wrong one, a web page's request, a
   * rebinding Host name, another method or path, a body too large, bytes that are not arguments, a
   * write with the right token, and the token in a command line.
   */
  @Test
  @Order(6)
  void sqlThroughTheLauncherUsesTheOwnersDoorAndTheDoorHoldsAgainstOtherUsers() throws Exception {
    io.callqa.jobs.sql.SqlServer server = startSqlServer("door");
    Path audit = server.auditFile();
    Path serverScratch = warehouse.resolve("_sql-server");
    try {
      server.openOwnerDoor(new OwnerSql());
      Path file = serverScratch.resolve(io.callqa.jobs.sql.SqlEndpoint.FILE);
      int door = server.endpoint().httpPort();
      assertThat(door).isPositive();
      assertThat(java.nio.file.Files.readString(file)).contains("http.port=" + door);
      String token = server.endpoint().token();

      // Through the launcher: the same bytes as the command's own process, and one more statement
      // of the owner in the audit log each time.
      List<String[]> cases =
          List.of(
              new String[] {"--format", "csv", "SELECT * FROM kpi_daily ORDER BY day, site, queue"},
              new String[] {"--format", "json", "SELECT * FROM calls ORDER BY call_id LIMIT 50"},
              new String[] {"SELECT site, count(*) AS n FROM calls GROUP BY site ORDER BY site"},
              new String[] {
                "--format",
                "json",
                "SELECT call_id, words FROM transcripts ORDER BY call_id LIMIT 2"
              },
              new String[] {
                "--max-rows", "3", "SELECT call_id, day FROM calls ORDER BY call_id LIMIT 10"
              },
              new String[] {
                "--query", "kpi_by_site", "--param", "from=2026-03-02", "--param", "to=2026-03-04"
              },
              new String[] {
                "--format",
                "json",
                "SELECT TIMESTAMP'2026-03-02 09:00:00.123456' AS ts, '中文 \"q\"' AS zh,"
                    + " CAST('NaN' AS DOUBLE) AS nan, CAST(NULL AS INT) AS n"
              });
      for (String[] c : cases) {
        long before = ownerStatements(audit);
        Launched served = launcher("require", c);
        List<String> local = new java.util.ArrayList<>(List.of("sql", "--local", "--warehouse"));
        local.add(warehouse.toString());
        local.addAll(List.of(c));
        Result here = callqa(local.toArray(String[]::new));
        assertThat(here.code()).as(here.err()).isZero();
        assertThat(served.code()).as(String.join(" ", c) + ": " + served.err()).isZero();
        assertThat(served.err()).isEmpty();
        assertThat(served.out()).as(String.join(" ", c)).isEqualTo(here.out());
        assertThat(ownerStatements(audit)).isEqualTo(before + 1);
      }
      assertThat(java.nio.file.Files.readString(audit))
          .contains("\"remote\":\"127.0.0.1 (owner's door)\"");
      // Errors: the same line and exit code as the command's own process.
      for (String bad : List.of("selec 1", "SELECT nope FROM calls", "SELECT * FROM callz")) {
        Launched served = launcher("require", bad);
        Result here = callqa("sql", "--local", "--warehouse", warehouse.toString(), bad);
        assertThat(served.code()).as(bad).isEqualTo(here.code()).isEqualTo(1);
        assertThat(served.err()).as(bad).isEqualTo(here.err());
        assertThat(served.out()).isEmpty();
      }
      // The audit line of a syntax error says which (Spark's message starts with a line break).
      assertThat(java.nio.file.Files.readString(audit))
          .contains("\"failed\":\"[PARSE_SYNTAX_ERROR]");
      // Not answered by the server: left to the command's own process (exit 3 under require).
      String calls = String.valueOf(new Warehouse(spark, warehouse).versions().get("calls"));
      Launched write = launcher("require", "DROP TABLE calls");
      assertThat(write.code()).isEqualTo(3);
      assertThat(write.err()).contains("read-only");
      assertThat(String.valueOf(new Warehouse(spark, warehouse).versions().get("calls")))
          .isEqualTo(calls);
      assertThat(launcher("require", "--local", "SELECT 1").err()).contains("--local");
      assertThat(launcher("require", "--set", "centre.time-zone=UTC", "SELECT 1").code())
          .isEqualTo(3);
      Launched bogus = launcher("sometimes", "SELECT 1");
      assertThat(bogus.code()).isEqualTo(2);
      assertThat(bogus.err()).contains("CALLQA_SQL_SERVER is auto, off or require");

      // The token never on a command line: curl, as the launcher runs it, logs its arguments.
      Path shim = scratch.resolve("curl-shim");
      java.nio.file.Files.createDirectories(shim);
      Path argv = scratch.resolve("curl-argv.txt");
      String realCurl =
          new String(
                  new ProcessBuilder("bash", "-c", "command -v curl")
                      .start()
                      .getInputStream()
                      .readAllBytes(),
                  StandardCharsets.UTF_8)
              .strip();
      java.nio.file.Files.writeString(
          shim.resolve("curl"),
          "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '" + argv + "'\nexec '" + realCurl + "' \"$@\"\n");
      shim.resolve("curl").toFile().setExecutable(true);
      Launched shimmed =
          launcher(
              "require", Map.of("PATH", shim + ":" + System.getenv("PATH")), "SELECT 1 AS one");
      assertThat(shimmed.code()).as(shimmed.err()).isZero();
      assertThat(java.nio.file.Files.readString(argv))
          .contains("127.0.0.1:" + door)
          .doesNotContain(token);

      // The door as another user of this host sees it.
      byte[] select = "SELECT count(*) FROM calls\0".getBytes(StandardCharsets.UTF_8);
      String hostHeader = "127.0.0.1:" + door;
      long failedBefore = count(audit, "LOGIN_FAILED");
      assertThat(raw(door, "POST", "/sql", hostHeader, null, null, select).status()).isEqualTo(401);
      assertThat(
              raw(door, "POST", "/sql", hostHeader, "Bearer " + "A".repeat(43), null, select)
                  .status())
          .isEqualTo(401);
      assertThat(count(audit, "LOGIN_FAILED")).isEqualTo(failedBefore + 2);
      long statements = ownerStatements(audit);
      String bearer = "Bearer " + token;
      assertThat(
              raw(door, "POST", "/sql", hostHeader, bearer, "http://evil.example", select).status())
          .isEqualTo(403);
      assertThat(raw(door, "POST", "/sql", "evil.example:" + door, bearer, null, select).status())
          .isEqualTo(403);
      assertThat(raw(door, "GET", "/sql", hostHeader, bearer, null, new byte[0]).status())
          .isEqualTo(405);
      assertThat(raw(door, "POST", "/", hostHeader, bearer, null, select).status()).isEqualTo(404);
      assertThat(
              raw(
                      door,
                      "POST",
                      "/sql",
                      hostHeader,
                      bearer,
                      null,
                      new byte[io.callqa.jobs.sql.OwnerDoor.MAX_BODY_BYTES + 1])
                  .status())
          .isEqualTo(413);
      assertThat(
              raw(
                      door,
                      "POST",
                      "/sql",
                      hostHeader,
                      bearer,
                      null,
                      "SELECT 1".getBytes(StandardCharsets.UTF_8))
                  .status())
          .isEqualTo(400);
      assertThat(
              raw(door, "POST", "/sql", hostHeader, bearer, null, new byte[] {(byte) 0xC3, 0x28, 0})
                  .status())
          .isEqualTo(400);
      assertThat(ownerStatements(audit)).as("nothing of those ran").isEqualTo(statements);
      Raw ok = raw(door, "POST", "/sql", hostHeader, bearer, null, select);
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body()).contains("(1 row)");
      // Writes with the right token: refused by the endpoint's check, audited, nothing changed.
      for (String w :
          List.of(
              "DROP TABLE calls",
              "INSERT INTO calls SELECT * FROM calls",
              "CREATE TABLE x USING parquet LOCATION '/tmp/x' AS SELECT 1",
              "SELECT * FROM parquet.`" + warehouse.resolve("calls") + "`",
              "SET spark.sql.runSQLOnFiles=true")) {
        Raw r =
            raw(
                door,
                "POST",
                "/sql",
                hostHeader,
                bearer,
                null,
                (w + "\0").getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(w).isEqualTo(409);
      }
      assertThat(String.valueOf(new Warehouse(spark, warehouse).versions().get("calls")))
          .isEqualTo(calls);
      // Loopback only: on any other address of this host the port is closed.
      for (var ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        for (var a : java.util.Collections.list(ni.getInetAddresses())) {
          if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
            continue;
          }
          try (java.net.Socket sock = new java.net.Socket()) {
            sock.connect(new java.net.InetSocketAddress(a, door), 500);
            org.assertj.core.api.Assertions.fail("the owner's door answers on " + a);
          } catch (java.io.IOException expected) {
            // refused
          }
        }
      }

      // A file others may read is not trusted.
      java.nio.file.Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      Launched loose = launcher("require", "SELECT 1");
      assertThat(loose.code()).isEqualTo(3);
      assertThat(loose.err()).contains("others may read or change it (rw-r--r--)");
      java.nio.file.Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } finally {
      server.close();
    }
    // Stopped: the door is closed with the file gone.
    Launched after = launcher("require", "SELECT 1");
    assertThat(after.code()).isEqualTo(3);
    assertThat(after.err()).contains("no sql-server runs");

    // A file left behind by a server killed outright, whose process id is in use again (this JVM's)
    // and whose port nobody of this user holds: nothing is sent there. First nobody listens; then,
    // where this test may start a process as another user (root, runuser, python3), that user.
    int stale;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      stale = s.getLocalPort();
    }
    java.nio.file.Files.createDirectories(serverScratch);
    Path leftBehind = serverScratch.resolve(io.callqa.jobs.sql.SqlEndpoint.FILE);
    java.nio.file.Files.writeString(
        leftBehind,
        "host=127.0.0.1\nport=1\npid="
            + ProcessHandle.current().pid()
            + "\ntoken="
            + "B".repeat(43)
            + "\ntables=calls\nhttp.port="
            + stale
            + "\n");
    java.nio.file.Files.setPosixFilePermissions(
        leftBehind, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Launched nobody = launcher("require", "SELECT 1");
    assertThat(nobody.code()).isEqualTo(3);
    assertThat(nobody.err()).contains("no process of this user listens on 127.0.0.1:" + stale);
    boolean canSwitchUser =
        "root".equals(System.getProperty("user.name"))
            && new ProcessBuilder("bash", "-c", "command -v runuser && command -v python3")
                    .start()
                    .waitFor()
                == 0;
    if (canSwitchUser) {
      Process other =
          new ProcessBuilder(
                  "runuser",
                  "-u",
                  "nobody",
                  "--",
                  "python3",
                  "-c",
                  "import socket\n"
                      + "s=socket.socket(); s.bind(('127.0.0.1',"
                      + stale
                      + ")); s.listen(); print('listening', flush=True)\n"
                      + "s.settimeout(3)\n"
                      + "try:\n  s.accept(); print('a request', flush=True)\n"
                      + "except socket.timeout:\n  print('no request', flush=True)\n")
              .redirectErrorStream(true)
              .start();
      try {
        var lines =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("listening");
        Launched foreign = launcher("require", "SELECT 1");
        assertThat(foreign.code()).isEqualTo(3);
        assertThat(foreign.err()).contains("no process of this user listens on 127.0.0.1:" + stale);
        assertThat(lines.readLine()).as("the other user's listener").isEqualTo("no request");
      } finally {
        other.destroyForcibly();
      }
    } else {
      System.out.println("CallqaCommandIT: no listener of another user tried (not root)");
    }
    io.callqa.warehouse.LocalFolders.deleteTree(serverScratch);
  }

  /**
   * A sql-server of the test warehouse on a free port of 127.0.0.1, with one analyst in its users
   * file; its files named after {@code name} under the scratch folder.
   */
  private io.callqa.jobs.sql.SqlServer startSqlServer(String name) throws java.io.IOException {
    Path users = scratch.resolve(name + "-users.conf");
    io.callqa.access.Users.add(
        users, "ana", io.callqa.access.Role.ANALYST, "pw-ana-123456".toCharArray(), 1000);
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return io.callqa.jobs.sql.SqlServer.start(
        spark,
        warehouse,
        new io.callqa.jobs.sql.SqlServer.Settings(
            "127.0.0.1",
            port,
            users,
            scratch.resolve(name + "-audit.jsonl"),
            warehouse.resolve("_sql-server"),
            null,
            null));
  }

  record Launched(int code, String out, String err) {}

  /** {@code ./callqa sql --warehouse W ARGS} through the repository's launcher script. */
  private Launched launcher(String mode, String... args) throws Exception {
    return launcher(mode, Map.of(), args);
  }

  private Launched launcher(String mode, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add("bash");
    cmd.add(Path.of("..", "callqa").toAbsolutePath().normalize().toString());
    cmd.addAll(List.of("sql", "--warehouse", warehouse.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("CALLQA_SQL_SERVER", mode);
    pb.environment().putAll(env);
    Path out = java.nio.file.Files.createTempFile(scratch, "out", ".txt");
    Path err = java.nio.file.Files.createTempFile(scratch, "err", ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return new Launched(
        p.exitValue(),
        java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
        java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
  }

  record Raw(int status, String body) {}

  /** One HTTP/1.1 request written by hand (Java's client will not send every header asked). */
  private static Raw raw(
      int port, String method, String path, String host, String auth, String origin, byte[] body)
      throws java.io.IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(60_000);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(host).append("\r\n");
      if (auth != null) {
        head.append("Authorization: ").append(auth).append("\r\n");
      }
      if (origin != null) {
        head.append("Origin: ").append(origin).append("\r\n");
      }
      head.append("Content-Length: ").append(body.length).append("\r\n");
      head.append("Connection: close\r\n\r\n");
      var out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // The server may answer (413) and close before the whole body is sent.
      }
      String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      int split = text.indexOf("\r\n\r\n");
      return new Raw(status, split < 0 ? "" : text.substring(split + 4));
    }
  }

  private static long count(Path audit, String action) throws java.io.IOException {
    return java.nio.file.Files.readAllLines(audit).stream()
        .filter(l -> l.contains("\"action\":\"" + action + "\""))
        .count();
  }

  /**
   * {@code sql} with these arguments (and {@code --format}) without and with {@code --local}: the
   * first may go through a running sql-server, the second never does.
   */
  private Result[] bothWays(String format, String statement, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("sql", "--warehouse", warehouse.toString(), "--format", format));
    args.addAll(List.of(extra));
    args.add(statement);
    Result served = callqa(args.toArray(String[]::new));
    args.add(1, "--local");
    return new Result[] {served, callqa(args.toArray(String[]::new))};
  }

  /**
   * Runs {@code statement} both ways, checks that the first went through the server (one more
   * statement of the owner in its audit log) and printed exactly what the second printed; returns
   * that output.
   */
  private String assertServedAsHere(
      Path audit, String what, String format, String statement, String... extra)
      throws java.io.IOException {
    long before = ownerStatements(audit);
    Result[] r = bothWays(format, statement, extra);
    assertThat(r[1].code()).as(what + " " + r[1].err()).isZero();
    assertThat(r[0].code()).as(what + " " + r[0].err()).isZero();
    assertThat(r[0].err()).as(what).isEmpty();
    assertThat(ownerStatements(audit)).as(what + " went through the server").isEqualTo(before + 1);
    assertThat(r[0].out()).as(what + " " + format).isEqualTo(r[1].out());
    return r[0].out();
  }

  private static long ownerStatements(Path audit) throws java.io.IOException {
    if (!java.nio.file.Files.exists(audit)) {
      return 0;
    }
    return java.nio.file.Files.readAllLines(audit).stream()
        .filter(
            l ->
                l.contains("\"user\":\"" + io.callqa.jobs.sql.SqlEndpoint.OWNER + "\"")
                    && l.contains("\"statement\""))
        .count();
  }

  private Map<String, Long> versions() {
    return new Warehouse(spark, warehouse).versions();
  }
}
