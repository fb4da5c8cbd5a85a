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
 * scripts ran ({@code --dump-dom}) and a screenshot. {@code ./test} installs it when missing.
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
    List<String> cmd = command(scratch.resolve("chromium-profile-dom"), width);
    cmd.add("--dump-dom");
    cmd.add(page.toUri().toString());
    Process p =
        new ProcessBuilder(cmd).redirectError(scratch.resolve("chromium-dom.err").toFile()).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("chromium finished").isTrue();
    assertThat(dom)
        .as("DOM from chromium; stderr in " + scratch.resolve("chromium-dom.err"))
        .contains("</body>");
    return dom;
  }

  /** Saves a screenshot of the page as a PNG, 1400 px wide. */
  static void screenshot(Path page, Path png, Path scratch)
      throws IOException, InterruptedException {
    screenshot(page, png, scratch, 1400);
  }

  /** Saves a screenshot of the page as a PNG, {@code width} px wide. */
  static void screenshot(Path page, Path png, Path scratch, int width)
      throws IOException, InterruptedException {
    Files.createDirectories(png.getParent());
    List<String> cmd = command(scratch.resolve("chromium-profile-shot"), width);
    cmd.add("--screenshot=" + png.toAbsolutePath());
    cmd.add(page.toUri().toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(scratch.resolve("chromium-shot.log").toFile())
            .start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("chromium finished").isTrue();
    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(50_000);
  }
}
