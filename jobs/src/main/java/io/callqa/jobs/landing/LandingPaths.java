package io.callqa.jobs.landing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The landing zone's one rule for reading a file: it must be a regular file whose real path (every
 * symbolic link resolved) lies inside the landing root's real path. A link that leads outside is
 * never opened, and what is said about it names the link, never its target.
 */
public final class LandingPaths {
  private LandingPaths() {}

  /**
   * Why {@code file} may not be read, or null when it may: it is missing, resolves outside {@code
   * root}, or is not a regular file (a folder, a FIFO, a device).
   */
  public static String refusal(Path root, Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return "does not exist";
    }
    Path real;
    Path realRoot;
    try {
      realRoot = root.toRealPath();
      real = file.toRealPath();
    } catch (IOException e) {
      return Files.isSymbolicLink(file)
          ? "is a link whose target cannot be resolved; not read"
          : "cannot be resolved";
    }
    if (!real.startsWith(realRoot)) {
      return "is a link that resolves outside the landing zone; not read";
    }
    if (!Files.isRegularFile(real)) {
      return "is not a regular file; not read";
    }
    return null;
  }
}
