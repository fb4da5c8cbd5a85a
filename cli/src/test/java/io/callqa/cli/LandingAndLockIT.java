package io.callqa.cli;

import static io.callqa.cli.CallqaCommandIT.callqa;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.cli.CallqaCommandIT.Result;
import io.callqa.jobs.landing.LandingPaths;
import io.callqa.jobs.transcribe.TranscribeJob;
import io.callqa.warehouse.tables.Rejects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing zone and the warehouse as an attacker with write access to the landing zone, or a
 * second operator, would try them: links leading out of the landing zone are never read, raw
 * rejects are capped, a landing zone with only some feeds runs, and only one writer holds a
 * warehouse at a time.
 */
class LandingAndLockIT extends io.callqa.warehouse.SparkTestBase {
  @TempDir Path dir;

  @Test
  void linksOutOfTheLandingZoneAreNotReadAndRawRejectsAreCapped() throws Exception {
    Path landing = dir.resolve("landing");
    Path warehouse = dir.resolve("warehouse");
    CallqaCommandIT.generate(landing, 1, 50, 42);
    Path secret = dir.resolve("outside-secret.csv");
    Files.writeString(secret, "root:SECRET-HASH:19000:0:99999:7:::\n");
    Files.createSymbolicLink(landing.resolve("calls/zz-shadow.csv"), secret);
    Path header =
        Files.list(landing.resolve("calls"))
            .filter(p -> !Files.isSymbolicLink(p))
            .findFirst()
            .orElseThrow();
    String columns;
    try (var r = Files.newBufferedReader(header, StandardCharsets.ISO_8859_1)) {
      columns = r.readLine();
    }
    Files.writeString(
        landing.resolve("calls/zz-long-line.csv"), columns + "\n" + "x".repeat(200_000) + "\n");
    // The ingest stage alone (the rest of the pipeline reads no landing file).
    io.callqa.jobs.ingest.IngestJob.run(
        new io.callqa.warehouse.delta.Warehouse(spark, warehouse),
        io.callqa.jobs.ingest.IngestSettings.of(
            io.callqa.jobs.config.CallqaConfig.load(null, java.util.Map.of())),
        landing,
        line -> {});
    Result rejects =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT source_file, reason, raw, length(raw) AS n FROM rejects ORDER BY source_file");
    assertThat(rejects.out())
        .contains("calls/zz-shadow.csv")
        .contains(
            "landing file calls/zz-shadow.csv is a link that resolves outside the landing zone; not read")
        .doesNotContain("SECRET-HASH")
        .doesNotContain(secret.toString());
    assertThat(rejects.out()).contains("[cut: 200000 characters in all]");
    assertThat(rejects.out()).doesNotContain("x".repeat(Rejects.MAX_RAW_CHARS + 1));
  }

  @Test
  void aRecordingLinkedOutOfTheRecordingsFolderIsNeitherTranscribedNorServed() throws Exception {
    Path landing = dir.resolve("rec-landing");
    Path recordings = Files.createDirectories(landing.resolve("recordings"));
    Path outside = dir.resolve("elsewhere.wav");
    Files.write(outside, new byte[] {'R', 'I', 'F', 'F', 1, 2, 3, 4});
    Files.createSymbolicLink(recordings.resolve("linked.wav"), outside);
    Files.write(recordings.resolve("inside.wav"), new byte[] {'R', 'I', 'F', 'F'});
    Files.createSymbolicLink(recordings.resolve("alias.wav"), recordings.resolve("inside.wav"));
    assertThat(LandingPaths.refusal(recordings, recordings.resolve("linked.wav")))
        .isEqualTo("is a link that resolves outside the landing zone; not read");
    assertThat(LandingPaths.refusal(recordings, recordings.resolve("alias.wav"))).isNull();
    assertThat(LandingPaths.refusal(recordings, recordings))
        .isEqualTo("is not a regular file; not read");
    assertThat(TranscribeJob.recordingFile(landing, "linked.wav"))
        .as("served by the review server")
        .isNull();
    assertThat(TranscribeJob.recordingFile(landing, "../../etc/passwd")).isNull();
    assertThat(TranscribeJob.recordingFile(landing, "alias.wav")).isNotNull();
  }

  @Test
  void aLandingZoneWithOnlyTicketsRuns() throws Exception {
    Path landing = Files.createDirectories(dir.resolve("tickets-only/tickets"));
    Files.writeString(
        landing.resolve("tickets-1.csv"),
        "ticket_id,event_at,event,channel,category,severity,customer_id,call_id,text\n"
            + "T-1,2026-03-02T10:00:00+08:00,OPENED,PHONE,FEES,LOW,C1,,annual fee charged twice\n"
            + "T-1,2026-03-02T12:00:00+08:00,ACKNOWLEDGED,PHONE,FEES,LOW,C1,,\n"
            + "T-2,2026-03-02T11:00:00+08:00,OPENED,WEB,DISPUTE,HIGH,,,unknown merchant\n");
    assertThat(runAndCount(landing.getParent(), dir.resolve("tickets-wh"))).contains("\n2,0,0,0");
  }

  @Test
  void aLandingZoneWithOnlySurveysAndChatsRuns() throws Exception {
    Path full = dir.resolve("sc-full");
    CallqaCommandIT.generate(full, 1, 50, 42);
    Path landing = dir.resolve("surveys-and-chats");
    for (String feed : java.util.List.of("surveys", "chats")) {
      Files.createDirectories(landing.resolve(feed));
      try (var s = Files.list(full.resolve(feed))) {
        for (Path p : s.toList()) {
          Files.copy(p, landing.resolve(feed).resolve(p.getFileName()));
        }
      }
    }
    assertThat(runAndCount(landing, dir.resolve("sc-wh")))
        .matches("(?s).*\\n0,[1-9][0-9]*,[1-9][0-9]*,0\\s*");
  }

  /** Runs the pipeline (no speech) and answers "complaints,surveys,chats,calls" counts as CSV. */
  private static String runAndCount(Path landing, Path warehouse) {
    Result run =
        callqa(
            "run",
            "--landing",
            landing.toString(),
            "--warehouse",
            warehouse.toString(),
            "--set",
            "speech.enabled=false");
    assertThat(run.code()).as(run.err()).isZero();
    Result n =
        callqa(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT (SELECT count(*) FROM complaints) AS complaints, (SELECT count(*) FROM surveys) AS surveys,"
                + " (SELECT count(*) FROM chats) AS chats, (SELECT count(*) FROM calls) AS calls");
    assertThat(n.code()).as(n.err()).isZero();
    return n.out();
  }

  @Test
  void aSecondWriterIsRefusedAtOnceAndADeadHoldersLockIsTakenOver() throws Exception {
    Path warehouse = Files.createDirectories(dir.resolve("locked-wh"));
    Path landing = dir.resolve("lock-landing");
    CallqaCommandIT.generate(landing, 1, 20, 42);
    // Another process holds the lock: a child JVM that locks the file and waits.
    Path holder = dir.resolve("Holder.java");
    Files.writeString(
        holder,
        "import java.nio.channels.*; import java.nio.file.*;\n"
            + "public class Holder { public static void main(String[] a) throws Exception {\n"
            + " FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);\n"
            + " c.lock(); c.write(java.nio.ByteBuffer.wrap((\"run (pid \" + ProcessHandle.current().pid() + \", host test, since now)\").getBytes()));\n"
            // Not Files.writeString: closing another descriptor of the file would drop this
            // process's lock.
            + " System.out.println(\"locked\"); System.out.flush(); System.in.read(); } }\n",
        StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                holder.toString(),
                warehouse.resolve(WarehouseLock.FILE).toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(
              new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))
                  .readLine())
          .isEqualTo("locked");
      long t0 = System.nanoTime();
      Result second =
          callqa("run", "--landing", landing.toString(), "--warehouse", warehouse.toString());
      double s = (System.nanoTime() - t0) / 1e9;
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err())
          .contains("another callqa run (pid " + p.pid() + ", host test, since now) holds")
          .contains("the lock is already free");
      assertThat(s).as("refused at once").isLessThan(5);
    } finally {
      p.destroyForcibly().waitFor();
    }
    // The holder died (as after kill -9): its note is left, its lock is gone, and the next run goes
    // ahead.
    assertThat(Files.readString(warehouse.resolve(WarehouseLock.FILE))).contains("pid " + p.pid());
    WarehouseLock.acquire(warehouse, "run");
    try {
      assertThat(Files.readString(warehouse.resolve(WarehouseLock.FILE)))
          .startsWith("run (pid " + ProcessHandle.current().pid() + ", host ");
    } finally {
      WarehouseLock.releaseAll();
    }
  }
}
