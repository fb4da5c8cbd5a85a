package io.callqa.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same folder read from a classes folder and from a jar gives the same files. */
class ClasspathFolderTest {

  private static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put("bundle/metadata.yaml", "version: 1.0.0\n");
    FILES.put("bundle/datasets/db/calls.yaml", "table_name: calls\n");
    FILES.put("bundle/datasets/db/kpi_daily.yaml", "table_name: kpi_daily\n");
    FILES.put("bundle/charts/chart.yaml", "slice_name: 服务水平\n");
    // Beside the folder, and a folder whose name starts like it: neither is read.
    FILES.put("other/metadata.yaml", "not this\n");
    FILES.put("bundle-old/metadata.yaml", "nor this\n");
  }

  @Test
  void aJarAndAFolderGiveTheSameFiles(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("classes");
    for (Map.Entry<String, String> e : FILES.entrySet()) {
      Path p = folder.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    Path jar = dir.resolve("classes.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      // Folder entries as a jar tool writes them, unordered against the files.
      for (String d : new String[] {"bundle/", "bundle/datasets/", "bundle/datasets/db/"}) {
        out.putNextEntry(new JarEntry(d));
        out.closeEntry();
      }
      for (Map.Entry<String, String> e : FILES.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }

    Map<String, byte[]> fromFolder;
    Map<String, byte[]> fromJar;
    try (URLClassLoader l = new URLClassLoader(new URL[] {folder.toUri().toURL()}, null)) {
      fromFolder = ClasspathFolder.read(l, "bundle", "metadata.yaml");
    }
    try (URLClassLoader l = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      fromJar = ClasspathFolder.read(l, "bundle", "metadata.yaml");
      // A second read (the cached jar) gives the same again.
      assertThat(ClasspathFolder.read(l, "bundle", "metadata.yaml").keySet())
          .isEqualTo(fromJar.keySet());
    }

    assertThat(fromFolder.keySet())
        .containsExactly(
            "charts/chart.yaml",
            "datasets/db/calls.yaml",
            "datasets/db/kpi_daily.yaml",
            "metadata.yaml");
    assertThat(fromJar.keySet()).containsExactlyElementsOf(fromFolder.keySet());
    for (String k : fromFolder.keySet()) {
      assertThat(new String(fromJar.get(k), StandardCharsets.UTF_8))
          .as(k)
          .isEqualTo(new String(fromFolder.get(k), StandardCharsets.UTF_8))
          .isEqualTo(FILES.get("bundle/" + k));
    }
  }

  @Test
  void aMissingMarkerIsNamed(@TempDir Path dir) throws Exception {
    try (URLClassLoader l = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> ClasspathFolder.read(l, "bundle", "metadata.yaml"))
          .hasMessageContaining("bundle/metadata.yaml is missing from the classpath");
    }
  }
}
