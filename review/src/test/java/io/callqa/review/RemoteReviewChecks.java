package io.callqa.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.access.Role;
import io.callqa.access.Users;
import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.samples.SampleRecordings;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.storage.IndexSnapshots;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.storage.RedactedRecordings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The review server over a warehouse on a real remote store (each subclass starts one: {@link
 * RemoteReviewHdfsIT}, {@link RemoteReviewS3IT}): the index published as a snapshot by {@link
 * IndexSnapshots} (as the index stage does), the recording in the landing zone on that store, users
 * and audit log local. Search, conversation, audio and manual scores over HTTP; a newer snapshot is
 * noticed without a restart; a hostile {@code index/LATEST} leaves the served index as it is; the
 * journal survives a restart and an upload that did not happen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RemoteReviewChecks {
  @TempDir static Path dir;
  String root;
  Location warehouse;
  Location recording;
  Path publisherCache;
  Path serverCache;
  Path usersFile;
  Path localRecording;
  ServedWarehouse files;
  ReviewServer server;
  final List<String> log = new CopyOnWriteArrayList<>();
  final ObjectMapper json = new ObjectMapper();
  final SampleRecordings.Call call = SampleRecordings.calls().get(0);
  HttpClient anna;
  String csrf;

  @BeforeAll
  void start() throws Exception {
    root = startStore(dir);
    warehouse = Location.parse("warehouse", root + "/callqa/warehouse");
    localRecording = SampleRecordings.copy(call, dir.resolve("local-recordings"));
    recording =
        Location.parse(
            "recording",
            root
                + "/callqa/"
                + RedactedRecordings.relativePath(ReviewFixture.RECORDED, ReviewFixture.DAY));
    recording.copyFromLocal(localRecording);
    publisherCache = dir.resolve("publisher-cache");
    serverCache = dir.resolve("server-cache");
    publish(List.of());

    usersFile = dir.resolve("users.conf");
    Users.add(usersFile, "anna", Role.REVIEWER, ReviewFixture.PASSWORD.toCharArray(), 1000);
    files = ServedWarehouse.remote(warehouse, serverCache, Duration.ofSeconds(1), log::add);
    server =
        new ReviewServer(
                files,
                Users.load(usersFile),
                new AuditLog(dir.resolve("audit.jsonl"), Clock.systemUTC()),
                Clock.systemUTC())
            .start("127.0.0.1", 0);
    anna = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    HttpResponse<String> r =
        post(
            "/login",
            "user=anna&password="
                + URLEncoder.encode(ReviewFixture.PASSWORD, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(303);
    csrf = json.readTree(get("/api/me").body()).get("csrf").asText();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (files != null) {
      files.close();
    }
    stopStore();
  }

  /**
   * Starts the store; returns the URI of its root ({@code hdfs://host:port}, {@code s3a://bucket}).
   */
  abstract String startStore(Path dir) throws Exception;

  /** Stops it at the end. */
  abstract void stopStore();

  /** Takes the store down in the middle of the last test, as a crash would. */
  abstract void takeStoreDown() throws Exception;

  /** The fixture's index plus {@code extra}, published as the index stage publishes it. */
  String publish(List<Conversation> extra) throws Exception {
    IndexSnapshots.Working w = IndexSnapshots.checkout(warehouse, publisherCache, line -> {});
    ReviewFixture.writeIndex(w.dir(), call, recording.toString());
    try (TranscriptIndex index = TranscriptIndex.open(w.dir())) {
      extra.forEach(index::put);
      index.commit(Map.of());
    }
    // Snapshot ids are times to the millisecond: two publishes in one millisecond would collide.
    Thread.sleep(5);
    return w.publish();
  }

  HttpResponse<String> get(String path) throws Exception {
    return anna.send(
        HttpRequest.newBuilder(URI.create(url(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String form) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return anna.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  long total(String query) throws Exception {
    // WUHAN: the fixture's recorded call and the added conversation, not the hand-written sample's.
    HttpResponse<String> r =
        get("/api/search?site=WUHAN&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).get("total").asLong();
  }

  @Test
  @Order(1)
  void searchesOpensAndHearsARecordingOnTheStore() throws Exception {
    assertThat(files.snapshot()).isEqualTo(IndexSnapshots.latestId(warehouse));
    assertThat(total("customer:stolen")).isEqualTo(1);
    JsonNode c = json.readTree(get("/api/calls/" + ReviewFixture.RECORDED).body());
    assertThat(c.get("audio").asBoolean()).isTrue();

    HttpResponse<byte[]> wav =
        anna.send(
            HttpRequest.newBuilder(URI.create(url("/api/calls/S01/audio"))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(wav.statusCode()).isEqualTo(200);
    // Byte for byte what the local file decodes to: the recording came through the store whole.
    assertThat(wav.body()).isEqualTo(AudioDecoder.decode(localRecording).toWav());
    HttpResponse<byte[]> part =
        anna.send(
            HttpRequest.newBuilder(URI.create(url("/api/calls/S01/audio")))
                .header("Range", "bytes=64044-64143")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).hasSize(100);
  }

  @Test
  @Order(2)
  void aRecordingGoneFromTheStoreIsMissingNotAnError() throws Exception {
    byte[] bytes = recording.readAllBytesOrNull();
    recording.deleteTree();
    try {
      JsonNode c = json.readTree(get("/api/calls/S01").body());
      assertThat(c.get("audio").asBoolean()).isFalse();
    } finally {
      recording.write(bytes);
    }
    assertThat(json.readTree(get("/api/calls/S01").body()).get("audio").asBoolean()).isTrue();
  }

  @Test
  @Order(3)
  void aManualScoreReachesTheWarehouseJournal() throws Exception {
    HttpResponse<String> ok =
        post("/api/calls/S01/review", "scorecard=card-hotline&score=85&comment=remote");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    List<Location> journals =
        warehouse.resolve(ManualScoreJournal.DIR).list().stream()
            .filter(l -> l.name().startsWith("review-page-"))
            .toList();
    assertThat(journals).hasSize(1);
    Path copy = dir.resolve("journal-copy.jsonl");
    journals.get(0).copyToLocal(copy);
    ManualScoreJournal.Contents contents = ManualScoreJournal.read(copy);
    assertThat(contents.bad()).isEmpty();
    assertThat(contents.entries()).hasSize(1);
    assertThat(contents.entries().get(0).entry().reviewer()).isEqualTo("anna");
    assertThat(contents.entries().get(0).entry().comment()).isEqualTo("remote");
  }

  @Test
  @Order(4)
  void aNewerSnapshotIsServedWithoutARestart() throws Exception {
    String before = files.snapshot();
    assertThat(total("zebrafinch")).isZero();
    String id = publish(List.of(extraConversation()));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!id.equals(files.snapshot()) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(files.snapshot()).as(log.toString()).isEqualTo(id).isNotEqualTo(before);
    assertThat(total("zebrafinch")).isEqualTo(1);
    assertThat(total("customer:stolen")).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.contains("now serving index snapshot " + id));
  }

  @Test
  @Order(5)
  void aHostileLatestIsRefusedAndTheServedIndexStays() throws Exception {
    String served = files.snapshot();
    Location latest = warehouse.resolve(IndexSnapshots.LATEST);
    byte[] good = latest.readAllBytesOrNull();
    latest.write("../../../etc\n".getBytes(StandardCharsets.UTF_8));
    try {
      log.clear();
      files.refresh();
      assertThat(log)
          .anyMatch(
              l ->
                  l.startsWith("serve: still serving index snapshot " + served)
                      && l.contains("not a snapshot id"));
      assertThat(files.snapshot()).isEqualTo(served);
      assertThat(total("zebrafinch")).isEqualTo(1);
    } finally {
      latest.write(good);
    }
  }

  @Test
  @Order(6)
  void theJournalSurvivesARestartAndAMissedUpload() throws Exception {
    Location journal =
        warehouse.resolve(ManualScoreJournal.DIR).list().stream()
            .filter(l -> l.name().startsWith("review-page-"))
            .findFirst()
            .orElseThrow();
    byte[] written = journal.readAllBytesOrNull();
    // The upload of the last score "did not happen": the warehouse lacks the file.
    journal.deleteTree();
    try (ServedWarehouse again =
        ServedWarehouse.remote(warehouse, serverCache, Duration.ofHours(1), log::add)) {
      assertThat(journal.readAllBytesOrNull()).isEqualTo(written);
      again.appendScore(
          new ManualScoreJournal.Entry(
              "S01", "card-hotline", "anna", Instant.now(), 70, "after restart"));
    }
    Path copy = dir.resolve("journal-after.jsonl");
    journal.copyToLocal(copy);
    assertThat(ManualScoreJournal.read(copy).entries()).hasSize(2);
  }

  @Test
  @Order(7)
  void serveRefusesWhatItCannotServeInOneLine() {
    assertThat(serve("--warehouse", warehouse.toString()))
        .startsWith(
            "callqa: a warehouse on "
                + warehouse.scheme()
                + " needs --users FILE and --audit FILE");
    assertThat(serve("--warehouse", "gs://bucket/wh"))
        .startsWith("callqa: warehouse 'gs://bucket/wh' has the URI scheme 'gs:'");
    assertThat(Path.of("gs:")).doesNotExist();
    Location empty = Location.parse("warehouse", root + "/empty");
    assertThatThrownBy(
            () -> ServedWarehouse.remote(empty, serverCache, Duration.ofSeconds(1), log::add))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("has no published index");
  }

  @Test
  @Order(8)
  void withTheStoreDownSearchGoesOnAndAPageAnswersInSeconds() throws Exception {
    takeStoreDown();
    long t0 = System.nanoTime();
    HttpResponse<String> page = get("/api/calls/S01");
    double pageS = (System.nanoTime() - t0) / 1e9;
    assertThat(page.statusCode()).isEqualTo(200);
    // The recording cannot be looked at: no player, rather than a page that hangs or fails.
    assertThat(json.readTree(page.body()).get("audio").asBoolean()).isFalse();
    System.out.printf("store down: conversation page in %.2f s%n", pageS);
    assertThat(pageS).as("seconds for the conversation page").isLessThan(15);
    assertThat(total("customer:stolen")).isEqualTo(1);
    log.clear();
    files.refresh();
    // One line per refresh (the 1 s poller may add its own beside this call's).
    assertThat(log)
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).startsWith("serve: still serving index snapshot "));
  }

  String serve(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = ReviewCommand.commandLine();
    cl.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    List<String> all = new ArrayList<>(List.of("serve"));
    all.addAll(List.of(args));
    assertThat(cl.execute(all.toArray(String[]::new))).isEqualTo(1);
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  static Conversation extraConversation() {
    return new Conversation(
        "NEW1",
        Conversation.Kind.CHAT,
        LocalDate.parse("2026-03-06"),
        Instant.parse("2026-03-06T09:00:00Z"),
        "en",
        "WUHAN",
        "CARD_SERVICES",
        "MASS",
        "A301",
        "CHAT",
        5,
        60.0,
        false,
        null,
        null,
        List.of(
            new Conversation.Line(
                0, Conversation.Speaker.CUSTOMER, null, null, "my zebrafinch ate the card")),
        List.of(),
        Map.of());
  }
}
