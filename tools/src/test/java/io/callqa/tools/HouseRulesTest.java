package io.callqa.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure read from the sources of every module (this module's tests run last but one in the
 * reactor and see the whole tree at {@code ..}): each main package says what it is for in a {@code
 * package-info.java}, and no two packages import each other, directly or round a loop. A package
 * named {@code internal} may use its parent's API types (the parent's facade starts it): that pair
 * is the one allowed.
 */
class HouseRulesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?(io\\.callqa(?:\\.[a-z]\\w*)+)\\.[A-Z]", Pattern.MULTILINE);
  private static final Pattern QUALIFIED =
      Pattern.compile("\\b(io\\.callqa(?:\\.[a-z]\\w*)+)\\.[A-Z]");

  private static final Map<String, Set<String>> uses = new TreeMap<>();
  private static final Map<String, Path> folders = new TreeMap<>();
  private static final List<String> configReaders = new ArrayList<>();

  @BeforeAll
  static void readSources() throws IOException {
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          files.filter(f -> f.toString().endsWith(".java")).forEach(HouseRulesTest::read);
        }
      }
    }
    assertThat(folders).as("packages found under " + ROOT).hasSizeGreaterThan(30);
  }

  private static void read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    Matcher p = PACKAGE.matcher(code);
    if (!p.find()) {
      return;
    }
    String pkg = p.group(1);
    folders.put(pkg, file.getParent());
    if (pkg.startsWith("io.callqa.jobs.") && code.matches("(?s).*\\bCallqaConfig\\b.*")) {
      configReaders.add(pkg + "." + file.getFileName().toString().replace(".java", ""));
    }
    Set<String> to = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
    for (Pattern pattern : List.of(IMPORT, QUALIFIED)) {
      Matcher m = pattern.matcher(code);
      while (m.find()) {
        if (!m.group(1).equals(pkg)) {
          to.add(m.group(1));
        }
      }
    }
  }

  @Test
  void everyPackageSaysWhatItIsFor() {
    List<String> missing = new ArrayList<>();
    folders.forEach(
        (pkg, dir) -> {
          if (!Files.isRegularFile(dir.resolve("package-info.java"))) {
            missing.add(ROOT.relativize(dir).toString());
          }
        });
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }

  @Test
  void noPackagesImportEachOtherRoundALoop() {
    List<List<String>> cycles = new Tarjan(uses).cycles();
    cycles.removeIf(
        c ->
            c.size() == 2
                && (isInternalOf(c.get(0), c.get(1)) || isInternalOf(c.get(1), c.get(0))));
    assertThat(cycles).as("package cycles").isEmpty();
  }

  /**
   * The pipeline's stages read the configuration through small typed views ({@code KpiSettings},
   * {@code AnalyseSettings}, ...), each made by a {@code *Settings.of(CallqaConfig)}: in the jobs
   * module only those views, the configuration itself and the pipeline that makes the views name
   * {@code CallqaConfig}.
   */
  @Test
  void stagesReadTheirOwnViewOfTheConfiguration() {
    List<String> others =
        configReaders.stream()
            .filter(c -> !c.endsWith("Settings"))
            .filter(c -> !c.startsWith("io.callqa.jobs.config."))
            .filter(c -> !c.equals("io.callqa.jobs.pipeline.PipelineJob"))
            .toList();
    assertThat(configReaders).as("views found").hasSizeGreaterThanOrEqualTo(8);
    assertThat(others).as("jobs classes that read the whole configuration").isEmpty();
  }

  private static boolean isInternalOf(String child, String parent) {
    return child.equals(parent + ".internal");
  }

  /** Strongly connected components of more than one package. */
  private static final class Tarjan {
    private final Map<String, Set<String>> g;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final List<String> stack = new ArrayList<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<List<String>> out = new ArrayList<>();

    Tarjan(Map<String, Set<String>> g) {
      this.g = g;
    }

    List<List<String>> cycles() {
      for (String v : g.keySet()) {
        if (!index.containsKey(v)) {
          visit(v);
        }
      }
      return out;
    }

    private void visit(String v) {
      index.put(v, index.size());
      low.put(v, index.get(v));
      stack.add(v);
      onStack.add(v);
      for (String w : g.getOrDefault(v, Set.of())) {
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        List<String> component = new ArrayList<>();
        String w;
        do {
          w = stack.remove(stack.size() - 1);
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        if (component.size() > 1) {
          out.add(component);
        }
      }
    }
  }
}
