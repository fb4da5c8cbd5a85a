package io.callqa.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint file: written owner-only, and trusted only as written. */
class SqlEndpointTest {
  @TempDir Path dir;

  final List<String> notes = new ArrayList<>();

  @Test
  void writtenOwnerOnlyAndFoundWhileItsProcessLives() throws IOException {
    SqlEndpoint e = SqlEndpoint.create("0.0.0.0", 10123, List.of("calls", "kpi_daily"));
    e.write(dir);
    Path file = dir.resolve(SqlEndpoint.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SqlEndpoint.find(dir, notes::add)).contains(e);
    assertThat(e.connectHost()).isEqualTo("127.0.0.1");
    assertThat(e.token()).hasSize(43);
    assertThat(e.accepts(e.token())).isTrue();
    assertThat(e.accepts(e.token().substring(1))).isFalse();
    assertThat(e.accepts(null)).isFalse();
    assertThat(SqlEndpoint.create("h", 1, List.of()).token()).isNotEqualTo(e.token());
    assertThat(notes).isEmpty();
    // A second server's file replaces it; the first one's shutdown leaves the second's alone.
    SqlEndpoint later = SqlEndpoint.create("127.0.0.1", 10124, List.of("calls"));
    later.write(dir);
    e.remove(dir);
    assertThat(SqlEndpoint.find(dir, notes::add)).contains(later);
    later.remove(dir);
    assertThat(file).doesNotExist();
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void theOwnersDoorPortIsWrittenAndReadBackAndItsTokenStillRemovesTheFile() throws IOException {
    SqlEndpoint e = SqlEndpoint.create("127.0.0.1", 10123, List.of("calls"));
    assertThat(e.httpPort()).isZero();
    assertThat(Files.readString(writeAndGet(e))).doesNotContain("http.port");
    SqlEndpoint withDoor = e.withHttpPort(40123);
    assertThat(Files.readString(writeAndGet(withDoor))).contains("http.port=40123");
    assertThat(SqlEndpoint.find(dir, notes::add)).contains(withDoor);
    assertThat(withDoor.toString()).contains("40123").doesNotContain(e.token());
    // The server removes the file with the endpoint it started with: the same token.
    e.remove(dir);
    assertThat(dir.resolve(SqlEndpoint.FILE)).doesNotExist();
  }

  private Path writeAndGet(SqlEndpoint e) {
    e.write(dir);
    return dir.resolve(SqlEndpoint.FILE);
  }

  @Test
  void theDoorsArgumentsAreNulEndedUtf8() {
    assertThat(OwnerDoor.args("--format\0csv\0SELECT '中'\0".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("--format", "csv", "SELECT '中'");
    assertThat(OwnerDoor.args(new byte[0])).isEmpty();
    assertThat(OwnerDoor.args("\0".getBytes(StandardCharsets.UTF_8))).containsExactly("");
    assertThat(OwnerDoor.args("SELECT 1".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(OwnerDoor.args(new byte[] {(byte) 0xC3, 0x28, 0})).isNull();
  }

  @Test
  void aFileOthersMayReadOrChangeIsNotTrusted() throws IOException {
    SqlEndpoint.create("127.0.0.1", 10123, List.of("calls")).write(dir);
    Path file = dir.resolve(SqlEndpoint.FILE);
    for (String perms : List.of("rw-r--r--", "rw--w----", "rw-rw-rw-")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
      notes.clear();
      assertThat(SqlEndpoint.find(dir, notes::add)).as(perms).isEmpty();
      assertThat(notes).singleElement().asString().contains("others may read or change it");
    }
  }

  @Test
  void aFileOfAnotherUserIsNotTrusted() throws IOException {
    // Only root may give a file away.
    assumeThat(SqlEndpoint.currentUid()).isZero();
    SqlEndpoint.create("127.0.0.1", 10123, List.of("calls")).write(dir);
    Path file = dir.resolve(SqlEndpoint.FILE);
    Files.setAttribute(file, "unix:uid", 65534);
    assertThat(SqlEndpoint.find(dir, notes::add)).isEmpty();
    assertThat(notes).singleElement().asString().contains("not owned by this user");
  }

  @Test
  void aServerThatDiedOrAFileThatIsNotOneIsIgnored() throws IOException {
    Process gone = new ProcessBuilder("true").start();
    long pid = gone.pid();
    try {
      gone.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SqlEndpoint dead = new SqlEndpoint("127.0.0.1", 10123, pid, "t".repeat(43), List.of(), 0);
    dead.write(dir);
    assertThat(SqlEndpoint.find(dir, notes::add)).isEmpty();
    assertThat(notes).isEmpty();

    Path file = dir.resolve(SqlEndpoint.FILE);
    Files.writeString(file, "host=127.0.0.1\nport=x\n", StandardCharsets.ISO_8859_1);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(SqlEndpoint.find(dir, notes::add)).isEmpty();
    assertThat(notes).singleElement().asString().contains("not an endpoint file");
    // A link to someone else's file is not followed.
    Files.delete(file);
    Path real = dir.resolve("real");
    SqlEndpoint.create("127.0.0.1", 1, List.of()).write(dir.resolve(""));
    Files.move(file, real);
    Files.createSymbolicLink(file, real);
    notes.clear();
    assertThat(SqlEndpoint.find(dir, notes::add)).isEmpty();
    assertThat(SqlEndpoint.find(dir.resolve("nowhere"), notes::add)).isEmpty();
  }
}
