package io.callqa.dashboards;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads every file under a classpath folder, whether the classes sit in a folder (the build, tests)
 * or in a jar (the shaded {@code callqa.jar}), into memory: relative path to bytes. A jar is read
 * through the class loader's own open copy of it.
 */
public final class ClasspathFolder {
  private ClasspathFolder() {}

  /**
   * The files under {@code root}.
   *
   * @param marker a file known to be directly under {@code root}, to find it on the classpath
   */
  public static Map<String, byte[]> read(String root, String marker) {
    return read(ClasspathFolder.class.getClassLoader(), root, marker);
  }

  /** As {@link #read(String, String)}, on the classpath of {@code loader}. */
  static Map<String, byte[]> read(ClassLoader loader, String root, String marker) {
    URL url = loader.getResource(root + "/" + marker);
    if (url == null) {
      throw new IllegalStateException(root + "/" + marker + " is missing from the classpath");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return readTree(Path.of(uri).getParent());
      }
      // The class loader has the jar open already: its JarFile (cached by the URL connection)
      // shares the central directory it read. A zip file system over the jar would read all of
      // it again (callqa.jar holds over 100,000 entries: 0.2-0.4 s per read, twice per `sql`).
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(true);
      JarFile jar = connection.getJarFile();
      String entry = connection.getEntryName();
      String prefix = entry.substring(0, entry.lastIndexOf('/') + 1);
      Map<String, byte[]> out = new TreeMap<>();
      for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
        if (!e.isDirectory() && e.getName().startsWith(prefix)) {
          try (InputStream in = jar.getInputStream(e)) {
            out.put(e.getName().substring(prefix.length()), in.readAllBytes());
          }
        }
      }
      return out;
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
