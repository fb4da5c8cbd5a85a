package io.callqa.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.access.Role;
import io.callqa.access.Users;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.samples.SampleRecordings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as the launcher runs it: {@code ReviewCommand} in a JVM of its own over a warehouse
 * folder, signed in to and played from over HTTP. (The other tests build the server in-process;
 * this one caught that {@code serve} stopped at start-up on the scorecards it names.)
 */
class ServeCommandIT {
  @TempDir Path dir;

  @Test
  void serveStartsOnAWarehouseFolderAndPlaysTheRedactedCopy() throws Exception {
    SampleRecordings.Call call = SampleRecordings.calls().get(0);
    ReviewFixture.writeIndex(
        TranscriptIndex.dirUnder(dir), call, ReviewFixture.redactedCopy(dir, call).toString());
    Path users = dir.resolve("review-users.conf");
    Users.add(users, "anna", Role.REVIEWER, ReviewFixture.PASSWORD.toCharArray(), 1000);
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.callqa.review.ReviewCommand",
                    "serve",
                    "--warehouse",
                    dir.toString(),
                    "--port",
                    "0"))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      Pattern started = Pattern.compile("review server on http://127\\.0\\.0\\.1:(\\d+)/");
      String line;
      int port = -1;
      StringBuilder seen = new StringBuilder();
      while (port < 0 && (line = out.readLine()) != null) {
        seen.append(line).append('\n');
        Matcher m = started.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertThat(port).as("serve's output:\n%s", seen).isPositive();
      String base = "http://127.0.0.1:" + port;
      HttpClient c = ReviewFixture.signIn(base, "anna");
      HttpResponse<byte[]> wav =
          c.send(
              HttpRequest.newBuilder(
                      URI.create(base + "/api/calls/" + ReviewFixture.RECORDED + "/audio"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(wav.statusCode()).isEqualTo(200);
      assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
