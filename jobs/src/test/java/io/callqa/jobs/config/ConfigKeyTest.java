package io.callqa.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one table of configuration keys, and everything derived from it. */
class ConfigKeyTest {
  private static final Path README = Path.of("../README.md");

  @Test
  void theReadmesConfigurationTableIsTheGeneratedOne() throws IOException {
    String expected = ConfigKey.markdownTable();
    String readme = Files.readString(README);
    int start = readme.indexOf("| key | default | allowed | meaning |");
    String found = start < 0 ? "" : readme.substring(start, readme.indexOf("\n\n", start) + 1);
    if (!found.equals(expected)) {
      Path out = Path.of("target/README-configuration.md");
      Files.writeString(out, expected);
      throw new AssertionError(
          "README.md's configuration table differs from ConfigKey; the generated one is in "
              + out.toAbsolutePath()
              + " (or run ./callqa config --markdown)");
    }
  }

  @Test
  void everyKeyRoundTripsThroughTextAndKeepsANonDefaultValue() {
    CallqaConfig defaults = CallqaConfig.defaults();
    Map<ConfigKey<?>, String> texts = defaults.asText();
    assertThat(texts.keySet()).containsExactlyElementsOf(ConfigKey.ALL);
    Set<String> names = new HashSet<>();
    for (ConfigKey<?> k : ConfigKey.ALL) {
      assertThat(names.add(k.key())).as(k.key()).isTrue();
      assertThat(k.key()).matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
      assertThat(k.description()).as(k.key()).isNotBlank();
      // The default as written parses to the value the default configuration holds.
      assertThat(texts.get(k))
          .as(k.key())
          .isEqualTo(cast(k).format(cast(k).parse(k.defaultValue())));
    }
    // A value other than the default, for every key, survives load -> asText -> load.
    Map<String, String> changed = new HashMap<>();
    for (ConfigKey<?> k : ConfigKey.ALL) {
      changed.put(k.key(), other(k));
    }
    CallqaConfig c = CallqaConfig.load(null, changed);
    Map<String, String> back = new HashMap<>();
    c.asText().forEach((k, v) -> back.put(k.key(), v));
    for (ConfigKey<?> k : ConfigKey.ALL) {
      assertThat(back.get(k.key())).as(k.key()).isNotEqualTo(texts.get(k));
      assertThat(CallqaConfig.load(null, back).get(k)).as(k.key()).isEqualTo(c.get(k));
    }
    assertThat(CallqaConfig.load(null, back)).isEqualTo(c);
  }

  @Test
  void aValueOutOfItsRangeNamesTheKeyTheValueAndTheRange() {
    assertThatThrownBy(() -> CallqaConfig.defaults().with(ConfigKey.FCR_WINDOW_DAYS, "0"))
        .hasMessage(
            "configuration kpi.fcr.window-days = 0 is out of range: at least 1 (a later inbound"
                + " contact within this many local days is a repeat)");
    assertThatThrownBy(() -> CallqaConfig.defaults().with(ConfigKey.REPORT_ENABLED, "yes"))
        .hasMessage("configuration report.enabled = 'yes' is not true or false");
    assertThatThrownBy(() -> CallqaConfig.defaults().with(ConfigKey.COMPLAINTS_AS_OF, "3/4"))
        .hasMessage("configuration complaints.as-of = '3/4' is not a date (YYYY-MM-DD) or empty");
  }

  @SuppressWarnings("unchecked")
  private static <T> ConfigKey<Object> cast(ConfigKey<T> k) {
    return (ConfigKey<Object>) k;
  }

  /** A valid value other than the key's default. */
  private static String other(ConfigKey<?> k) {
    Map<String, String> special =
        Map.ofEntries(
            Map.entry("spark.codegen", "on"),
            Map.entry("spark.adaptive", "off"),
            Map.entry("recordings.originals", "delete"),
            Map.entry("centre.time-zone", "Europe/London"),
            Map.entry("kpi.csat.top-box-min", "5"),
            Map.entry("kpi.interval-minutes", "15"),
            Map.entry("complaints.as-of", "2026-03-04"),
            Map.entry("storage.log-store", "s3-single-writer"),
            Map.entry("storage.audit-window-days", "30"),
            Map.entry("speech.worker-heap-mb", "2048"));
    if (special.containsKey(k.key())) {
      return special.get(k.key());
    }
    String d = k.defaultValue();
    if (List.of("true", "false").contains(d)) {
      return d.equals("true") ? "false" : "true";
    }
    if (d.matches("\\d+")) {
      return String.valueOf(Integer.parseInt(d) + 2);
    }
    if (d.matches("\\d+\\.\\d+")) {
      return String.valueOf(Double.parseDouble(d) + 0.5);
    }
    return d + "-other";
  }
}
