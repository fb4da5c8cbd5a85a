package io.callqa.dashboards.superset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publish flow against {@link FakeSuperset}, a local HTTP server that enforces Superset's
 * contract.
 */
class SupersetClientIT {
  private final SupersetBundle bundle = SupersetBundle.bundled();
  private FakeSuperset superset;

  @BeforeEach
  void start() throws IOException {
    superset = new FakeSuperset();
  }

  @AfterEach
  void stop() {
    superset.close();
  }

  /** A client logged in to the fake, with its CSRF token: ready for a direct import. */
  private record SignedIn(SupersetClient client, String token, String csrf) {
    void importZip(byte[] zip, Map<String, String> passwords) {
      client.importZip(token, csrf, zip, passwords);
    }
  }

  private SignedIn signedIn() {
    SupersetClient client = client();
    String token = client.login(superset.user, superset.password);
    return new SignedIn(client, token, client.csrfToken(token));
  }

  private SupersetClient client() {
    return new SupersetClient(superset.url(), Duration.ofSeconds(10));
  }

  @Test
  void publishImportsEveryDashboardAndConfirmsEachOnceAndARepublishUpdatesInPlace() {
    List<String> progress = new ArrayList<>();
    List<SupersetClient.Published> first =
        client()
            .publish(
                bundle, superset.user, superset.password, superset.databasePassword, progress::add);
    assertThat(first)
        .extracting(SupersetClient.Published::title)
        .containsExactlyElementsOf(bundle.dashboardTitles());
    assertThat(first)
        .allSatisfy(
            p -> assertThat(p.url()).startsWith(superset.url() + "/superset/dashboard/callqa-"));
    assertThat(superset.dashboards).hasSize(4);
    assertThat(superset.charts).hasSize(bundle.files("charts").size());
    assertThat(progress.get(0)).isEqualTo("logging in to " + superset.url() + " as admin");
    // The SQL endpoint's password reached the database connection.
    String database = bundle.files("databases").values().iterator().next().path("uuid").asText();
    assertThat(superset.databasePasswords)
        .containsExactly(Map.entry(database, superset.databasePassword));

    List<SupersetClient.Published> second =
        client()
            .publish(bundle, superset.user, superset.password, superset.databasePassword, s -> {});
    assertThat(second).isEqualTo(first);
    assertThat(superset.dashboards).hasSize(4);
    assertThat(superset.importsAccepted).hasSize(2);
  }

  @Test
  void badCredentialsSayWhoWasRefused() {
    assertThatThrownBy(
            () -> client().publish(bundle, "admin", "wrong", superset.databasePassword, s -> {}))
        .isInstanceOf(SupersetException.class)
        .hasMessage(
            "Superset at "
                + superset.url()
                + " refused the login of admin (HTTP 401: Not authorized);"
                + " check the user and the password");
    assertThat(superset.dashboards).isEmpty();
  }

  @Test
  void aCsrfTokenWithoutItsSessionCookieIsCaughtBeforeTheImport() {
    superset.setSessionCookie = false;
    assertThatThrownBy(
            () ->
                client()
                    .publish(
                        bundle,
                        superset.user,
                        superset.password,
                        superset.databasePassword,
                        s -> {}))
        .isInstanceOf(SupersetException.class)
        .hasMessageContaining("sent a CSRF token but no session cookie")
        .hasMessageContaining("CSRF session token is missing");
    assertThat(superset.dashboards).isEmpty();
  }

  @Test
  void theFakeRefusesAWriteWithoutTheCookieAsSupersetDoes() {
    SignedIn in = signedIn();
    SupersetClient cookieless = client();
    assertThatThrownBy(
            () ->
                cookieless.importZip(
                    in.token(), in.csrf(), bundle.zipBytes(Instant.now()), Map.of()))
        .hasMessageContaining(
            "rejected the import (HTTP 400): 400 Bad Request: The CSRF session token is missing.");
  }

  @Test
  void anImportTheServerRejectsCarriesTheServersReasons() throws IOException {
    SignedIn in = signedIn();
    byte[] notADashboard =
        rewrite(
            bundle.zipBytes(Instant.now()),
            "metadata.yaml",
            text -> text.replace("type: Dashboard", "type: SqlaTable"));
    assertThatThrownBy(() -> in.importZip(notADashboard, Map.of()))
        .isInstanceOf(SupersetException.class)
        .hasMessageStartingWith(
            "Superset at "
                + superset.url()
                + " rejected the import (HTTP 422): Error importing dashboard")
        .hasMessageContaining("metadata.yaml")
        .hasMessageContaining("Must be equal to Dashboard.");
    assertThat(superset.importsAccepted).isEmpty();
  }

  @Test
  void thePasswordsMapIsKeyedAsSupersetLooksItUpWithoutTheTopFolder() {
    SignedIn in = signedIn();
    byte[] zip = bundle.zipBytes(Instant.now());
    assertThat(bundle.databasePasswordKeys()).containsExactly("databases/callqa_warehouse.yaml");
    String database = bundle.files("databases").values().iterator().next().path("uuid").asText();
    // The key publish used to send: Superset strips the top folder before looking it up, so it
    // matches nothing
    // and the import goes through with no password on the connection.
    in.importZip(
        zip,
        Map.of(
            SupersetBundle.ZIP_ROOT + "/databases/callqa_warehouse.yaml",
            superset.databasePassword));
    assertThat(superset.importsAccepted).hasSize(1);
    assertThat(superset.databasePasswords).doesNotContainKey(database);
    in.importZip(zip, Map.of("databases/callqa_warehouse.yaml", superset.databasePassword));
    assertThat(superset.databasePasswords).containsEntry(database, superset.databasePassword);
  }

  @Test
  void aTimestampWrittenWithoutQuotesOrADatabaseWithoutAllowCsvUploadIsRefusedAsSupersetRefusesIt()
      throws IOException {
    SignedIn in = signedIn();
    Map<String, String> passwords =
        Map.of("databases/callqa_warehouse.yaml", superset.databasePassword);
    byte[] unquoted =
        rewrite(
            bundle.zipBytes(Instant.parse("2026-12-01T13:13:57.346Z")),
            "metadata.yaml",
            text -> text.replace("'2026-12-01T13:13:57.346Z'", "2026-12-01T13:13:57.346Z"));
    assertThatThrownBy(() -> in.importZip(unquoted, passwords))
        .hasMessageContaining("metadata.yaml: {'timestamp': ['Not a valid datetime.']}");
    byte[] noCsvKey =
        rewrite(
            bundle.zipBytes(Instant.now()),
            "databases/callqa_warehouse.yaml",
            text -> text.replace("allow_csv_upload: false\n", ""));
    assertThatThrownBy(() -> in.importZip(noCsvKey, passwords))
        .hasMessageContaining("KeyError: 'allow_csv_upload'");
    assertThat(superset.importsAccepted).isEmpty();
  }

  /** The ZIP with one entry's text changed (and checked to have changed). */
  private static byte[] rewrite(byte[] zip, String entry, UnaryOperator<String> change)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals(SupersetBundle.ZIP_ROOT + "/" + entry)) {
          String before = new String(bytes, StandardCharsets.UTF_8);
          String after = change.apply(before);
          assertThat(after).as("the rewrite of " + entry).isNotEqualTo(before);
          bytes = after.getBytes(StandardCharsets.UTF_8);
        }
        z.putNextEntry(new ZipEntry(e.getName()));
        z.write(bytes);
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  void anUnreachableServerIsSaidPlainly() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + port);
    assertThatThrownBy(
            () ->
                new SupersetClient(nowhere, Duration.ofSeconds(5))
                    .publish(bundle, "a", "b", "c", s -> {}))
        .isInstanceOf(SupersetException.class)
        .hasMessage(
            "cannot reach Superset at "
                + nowhere
                + " to log in: connection refused; is it running, and is the URL right?");
  }

  @Test
  void risonQuotesWhatItMust() {
    assertThat(
            Rison.encode(
                java.util.Map.of(
                    "filters",
                    List.of(
                        java.util.Map.of(
                            "col",
                            "dashboard_title",
                            "opr",
                            "eq",
                            "value",
                            "Executive overview 管理层总览")))))
        .isEqualTo("(filters:!((col:dashboard_title,opr:eq,value:'Executive overview 管理层总览')))");
    assertThat(Rison.encode("it's 100%!")).isEqualTo("'it!'s 100%!!'");
    assertThat(Rison.encode(List.of(1, true, "a"))).isEqualTo("!(1,!t,a)");
  }
}
