package io.callqa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signal a command gives the launcher when the archive being written holds too little. */
class LauncherArchiveTest {

  @AfterEach
  void clear() {
    System.clearProperty(LauncherArchive.DUMP);
  }

  @Test
  void aCommandThatLoadedLittleMarksTheArchiveTheLauncherIsWriting(@TempDir Path dir) {
    Path dump = dir.resolve("callqa-cli-1.jsa.42.tmp");
    System.setProperty(LauncherArchive.DUMP, dump.toString());
    LauncherArchive.partial();
    assertThat(dir.resolve("callqa-cli-1.jsa.42.tmp.partial")).exists();
  }

  @Test
  void withoutAnArchiveBeingWrittenNothingIsWritten(@TempDir Path dir) throws Exception {
    LauncherArchive.partial();
    System.setProperty(LauncherArchive.DUMP, "");
    LauncherArchive.partial();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
