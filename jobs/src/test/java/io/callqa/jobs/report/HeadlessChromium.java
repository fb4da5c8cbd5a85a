package io.callqa.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium in headless mode, driven from its command line: the DOM after the page's
 * scripts ran ({@code --dump-dom}) and a screenshot of the same rendering. {@code ./test} installs
 * it when missing.
 */
final class HeadlessChromium {
  private HeadlessChromium() {}

  private static List<String> command(Path profile, int width) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=10000",
                "--window-size=" + width + ",4400"));
    return cmd;
  }

  /** The page's DOM once its scripts ran, in a window 1400 px wide. */
  static String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
    return dumpDom(page, scratch, 1400);
  }

  /** The page's DOM once its scripts ran, in a window {@code width} px wide. */
  static String dumpDom(Path page, Path scratch, int width)
      throws IOException, InterruptedException {
    return dumpDom(page, null, scratch, width);
  }

  /**
   * The page's DOM once its scripts ran, in a window {@code width} px wide, and, when {@code png}
   * is not null, a screenshot of the same rendering (one browser start for both: each start costs
   * about 3 s on 2 cores).
   */
  static String dumpDom(Path page, Path png, Path scratch, int width)
      throws IOException, InterruptedException {
    List<String> cmd = command(scratch.resolve("chromium-profile-dom"), width);
    cmd.add("--dump-dom");
    if (png != null) {
      Files.createDirectories(png.getParent());
      Files.deleteIfExists(png);
      cmd.add("--screenshot=" + png.toAbsolutePath());
    }
    cmd.add(page.toUri().toString());
    Process p =
        new ProcessBuilder(cmd).redirectError(scratch.resolve("chromium-dom.err").toFile()).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("chromium finished").isTrue();
    assertThat(dom)
        .as("DOM from chromium; stderr in " + scratch.resolve("chromium-dom.err"))
        .contains("</body>");
    if (png != null) {
      assertThat(png).exists();
      assertThat(Files.size(png)).isGreaterThan(50_000);
    }
    return dom;
  }
}
