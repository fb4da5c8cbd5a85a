package io.callqa.dashboards;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads every file under a classpath folder, whether the classes sit in a folder (the build, tests)
 * or in a jar (the shaded {@code callqa.jar}), into memory: relative path to bytes. The jar's file
 * system is opened only for the read (or borrowed when another reader has it open).
 */
public final class ClasspathFolder {
  private ClasspathFolder() {}

  /**
   * The files under {@code root}.
   *
   * @param marker a file known to be directly under {@code root}, to find it on the classpath
   */
  public static Map<String, byte[]> read(String root, String marker) {
    URL url = ClasspathFolder.class.getClassLoader().getResource(root + "/" + marker);
    if (url == null) {
      throw new IllegalStateException(root + "/" + marker + " is missing from the classpath");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return readTree(Path.of(uri).getParent());
      }
      FileSystem fs;
      boolean mine = true;
      try {
        fs = FileSystems.newFileSystem(uri, Map.of());
      } catch (FileSystemAlreadyExistsException e) {
        fs = FileSystems.getFileSystem(uri);
        mine = false;
      }
      try {
        return readTree(fs.provider().getPath(uri).getParent());
      } finally {
        if (mine) {
          fs.close();
        }
      }
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read the classpath folder " + root + " at " + url, e);
    }
  }

  /** The files under a folder of the file system. */
  public static Map<String, byte[]> readTree(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
