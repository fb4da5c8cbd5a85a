package io.callqa.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A benchmark's result lines: each printed as it comes, and kept for its results file. */
final class ResultLines {
  private final Consumer<String> out;
  private final List<String> lines = new ArrayList<>();

  ResultLines(Consumer<String> out) {
    this.out = out;
  }

  /** Prints {@code line} and keeps it for the results file. */
  void say(String line) {
    out.accept(line);
    lines.add(line);
  }

  /** Writes the lines kept so far to {@code file} (UTF-8). */
  void write(Path file) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
