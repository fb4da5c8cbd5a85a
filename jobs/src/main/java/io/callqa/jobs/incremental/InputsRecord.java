package io.callqa.jobs.incremental;

import io.callqa.warehouse.storage.Location;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

  /**
   * A properties file (sorted keys) at {@code file}, local or on HDFS or S3, written whole ({@link
   * Location#write}).
   */
  static InputsRecord stateFile(Location file, String comment) {
    return new InputsRecord() {
      @Override
      public StageInputs last() {
        Map<String, String> out = new TreeMap<>();
        byte[] bytes = file.readAllBytesOrNull();
        if (bytes != null) {
          Properties props = new Properties();
          try (var in = new StringReader(new String(bytes, StandardCharsets.UTF_8))) {
            props.load(in);
          } catch (IOException | IllegalArgumentException e) {
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
        StringWriter text = new StringWriter();
        try {
          props.store(text, comment);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + file, e);
        }
        file.write(text.toString().getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
