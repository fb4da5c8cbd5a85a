package io.callqa.jobs.incremental;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where a stage keeps the inputs of its last successful run. Three kinds exist, each beside the
 * output it describes: a properties file under the warehouse's {@code _state/} folder (the analyse
 * stage's tables), the search index's commit data (written in the same Lucene commit as the index,
 * so the two cannot disagree), and the report file's own header (written with the report).
 */
public interface InputsRecord {
  /** The inputs recorded last; empty when there are none. */
  StageInputs last();

  /** Records {@code inputs} after the stage succeeded. */
  void record(StageInputs inputs);

  /** A properties file (sorted keys) at {@code file}, written atomically. */
  static InputsRecord stateFile(Path file, String comment) {
    return new InputsRecord() {
      @Override
      public StageInputs last() {
        Map<String, String> out = new TreeMap<>();
        if (Files.isRegularFile(file)) {
          Properties props = new Properties();
          try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
          } catch (IOException e) {
            // Unreadable: as if nothing was recorded; the stage runs and writes it again.
            return StageInputs.of(Map.of());
          }
          props.forEach((k, v) -> out.put(k.toString(), v.toString()));
        }
        return StageInputs.of(out);
      }

      @Override
      public void record(StageInputs inputs) {
        Properties props = new Properties();
        props.putAll(inputs.asMap());
        try {
          Files.createDirectories(file.getParent());
          Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
          try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(out, comment);
          }
          Files.move(
              tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + file, e);
        }
      }
    };
  }
}
