package io.callqa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A --warehouse or --landing URI callqa cannot serve is one clear line, and never a local folder
 * named after the scheme (before, {@code --warehouse hdfs://host:port/wh} wrote every table under
 * {@code ./hdfs:}); a NameNode that is down is said before Spark starts.
 */
class StorageUriTest {
  @TempDir Path dir;

  record Result(int code, String err) {}

  static Result callqa(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var cl = CallqaCommand.commandLine();
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setOut(new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    int code = cl.execute(args);
    return new Result(code, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUnservedSchemeIsRefused() throws Exception {
    Files.createDirectories(dir.resolve("landing"));
    Result r =
        callqa(
            "run", "--landing", dir.resolve("landing").toString(), "--warehouse", "s3://bank/wh");
    assertThat(r.code()).isNotZero();
    assertThat(r.err())
        .contains(
            "warehouse 's3://bank/wh' has the URI scheme 's3:', which callqa does not serve;"
                + " for Amazon S3, MinIO or Ceph use s3a://BUCKET/PATH");
    assertThat(Path.of("s3:")).doesNotExist();

    Result search = callqa("search", "--warehouse", "gs://bank/wh", "card");
    assertThat(search.code()).isNotZero();
    assertThat(search.err()).contains("has the URI scheme 'gs:'");
    assertThat(Path.of("gs:")).doesNotExist();
  }

  @Test
  void aNameNodeThatIsDownIsOneLineBeforeSparkStarts() throws Exception {
    Files.createDirectories(dir.resolve("landing"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String uri = "hdfs://127.0.0.1:" + port + "/callqa/warehouse";
    long t0 = System.nanoTime();
    Result r =
        callqa(
            "run",
            "--landing",
            dir.resolve("landing").toString(),
            "--warehouse",
            uri,
            "--set",
            "storage.local-cache=" + dir.resolve("cache"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("callqa: cannot reach the warehouse " + uri + ": connection refused")
        .doesNotContain("\n");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
    assertThat(Path.of("hdfs:")).doesNotExist();
  }
}
