package io.callqa.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What a deployment ships: the cli module's {@code callqa.jar} holds the pipeline and the command
 * line but no DuckDB, no sample audio, no generator and no tools; {@code callqa-tools.jar} holds
 * only what the tools add. Runs after both modules are packaged (the reactor builds cli before
 * tools).
 */
class ProductionJarIT {
  private static List<String> entries(Path jar) throws IOException {
    assertThat(jar).exists();
    List<String> names = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      j.stream().forEach(e -> names.add(e.getName()));
    }
    return names;
  }

  @Test
  void theProductionJarCarriesNoDuckDbNoSampleAudioAndNoTools() throws IOException {
    List<String> names = entries(Path.of("../cli/target/callqa.jar"));
    assertThat(names)
        .contains("io/callqa/cli/CallqaCommand.class", "io/callqa/jobs/kpi/KpiJob.class");
    assertThat(names)
        .filteredOn(n -> n.startsWith("org/duckdb/") || n.contains("duckdb_java"))
        .isEmpty();
    assertThat(names).filteredOn(n -> n.endsWith(".wav") || n.endsWith(".mp3")).isEmpty();
    assertThat(names)
        .filteredOn(n -> n.startsWith("io/callqa/samples/") || n.startsWith("io/callqa/tools/"))
        .isEmpty();
    assertThat(Files.size(Path.of("../cli/target/callqa.jar"))).isPositive();
  }

  @Test
  void theToolsJarCarriesOnlyTheToolsTheSamplesAndDuckDb() throws IOException {
    List<String> names = entries(Path.of("target/callqa-tools.jar"));
    assertThat(names)
        .contains("io/callqa/tools/CallqaTools.class", "io/callqa/samples/LandingGenerator.class");
    assertThat(names).anyMatch(n -> n.startsWith("org/duckdb/"));
    assertThat(names).anyMatch(n -> n.endsWith(".wav"));
    assertThat(names)
        .filteredOn(
            n ->
                n.startsWith("io/callqa/jobs/")
                    || n.startsWith("io/callqa/cli/")
                    || n.startsWith("org/apache/spark/"))
        .isEmpty();
  }
}
