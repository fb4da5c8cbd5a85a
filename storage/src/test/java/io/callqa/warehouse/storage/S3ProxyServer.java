package io.callqa.warehouse.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * S3Proxy (an S3 API server, keeping its objects in memory) in a JVM of its own, for the tests that
 * check callqa against a real S3 API: its Jetty, Guava and Jackson would clash with Spark's or
 * Javalin's on one class path. The jar is {@code org.gaul:s3proxy:jar-with-dependencies}, copied by
 * the testing module's pom and named by the system property {@code callqa.s3proxy.jar}.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "callqa-test-identity";
  public static final String SECRET_KEY = "callqa-test-credential";

  private final Process process;
  private final int port;

  private S3ProxyServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts S3Proxy with its settings and log under {@code dir}, the given buckets made. */
  public static S3ProxyServer start(Path dir, String... buckets)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            // The in-memory backend: keys in one flat name space, as in S3. The file-system
            // backends map a key's slashes to folders, unlike S3: filesystem-nio2 answers HEAD of
            // a folder's key without its slash as if an object were there (S3A then refuses mkdirs
            // under it: Delta's _delta_log/_commits), and filesystem deletes a directory marker
            // (the folder) while it holds objects by trying ten times a second apart, then
            // failing: every S3A delete of a tree waited 10 s or more (measured: 28 s of the
            // pipeline's 103 s on S3, in the transcribe stage's and the index stage's clean-up).
            "jclouds.provider=transient",
            ""));
    String jar = System.getProperty("callqa.s3proxy.jar");
    if (jar == null) {
      throw new IllegalStateException("callqa.s3proxy.jar is not set (the module's pom sets it)");
    }
    Path log = dir.resolve("s3proxy.log");
    Process p =
        new ProcessBuilder(
                ChildJvm.concat(
                    ChildJvm.java("512m"), "-jar", jar, "--properties", props.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("S3Proxy did not start: " + Files.readString(log));
        }
        Thread.sleep(200);
      }
    }
    S3ProxyServer server = new S3ProxyServer(p, port);
    for (String bucket : buckets) {
      server.createBucket(bucket);
    }
    return server;
  }

  /**
   * Creates a bucket with S3's PUT Bucket, signed with AWS signature version 2 (S3Proxy accepts it,
   * and it needs no SDK on this module's class path).
   */
  void createBucket(String bucket) throws IOException, InterruptedException {
    String date =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    String signature;
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      signature =
          Base64.getEncoder()
              .encodeToString(
                  mac.doFinal(
                      ("PUT\n\n\n" + date + "\n/" + bucket).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + bucket))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .header("Date", date)
                    .header("Authorization", "AWS " + ACCESS_KEY + ":" + signature)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "S3Proxy did not create bucket " + bucket + ": " + r.statusCode() + " " + r.body());
    }
  }

  public int port() {
    return port;
  }

  /**
   * What a deployment puts in {@code core-site.xml} for this store (Hadoop keys): endpoint,
   * path-style access, the standard credentials provider's keys (never a callqa argument), and
   * directory markers kept (Hadoop 3.3's advice when every client is 3.3: no DELETE per write).
   */
  public Map<String, String> hadoopSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    m.put("fs.s3a.endpoint.region", "us-east-1");
    m.put("fs.s3a.path.style.access", "true");
    m.put("fs.s3a.connection.ssl.enabled", "false");
    m.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    m.put("fs.s3a.access.key", ACCESS_KEY);
    m.put("fs.s3a.secret.key", SECRET_KEY);
    m.put("fs.s3a.directory.marker.retention", "keep");
    return m;
  }

  /** Stops the server (as a crash would: the test that needs a store down calls it too). */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }
}
