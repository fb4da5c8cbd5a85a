package io.callqa.jobs.config;

import io.callqa.warehouse.CallqaException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The pipeline's configuration, parsed once at the entry point and immutable after: a value for
 * every key of {@link ConfigKey} (the one table of keys, types, defaults, ranges and meanings),
 * read with {@link #get}. Each stage reads its own small view of it (e.g. {@code
 * KpiSettings.of(c)}).
 *
 * <pre>{@code
 * CallqaConfig c = CallqaConfig.load(Path.of("callqa.properties"), Map.of("kpi.service-level.threshold-s", "20"));
 * int t = c.get(ConfigKey.SL_THRESHOLD_S);
 * }</pre>
 */
public final class CallqaConfig {
  private final Map<ConfigKey<?>, Object> values;

  private CallqaConfig(Map<ConfigKey<?>, String> texts) {
    Map<ConfigKey<?>, Object> v = new LinkedHashMap<>();
    for (ConfigKey<?> k : ConfigKey.ALL) {
      v.put(k, k.parse(texts.getOrDefault(k, k.defaultValue()).trim()));
    }
    this.values = v;
  }

  /** All defaults. */
  public static CallqaConfig defaults() {
    return new CallqaConfig(Map.of());
  }

  /**
   * Loads the configuration: {@code overrides} (from {@code --set}) win over {@code file} (may be
   * null), which wins over defaults. Unknown keys are an error naming the key.
   */
  public static CallqaConfig load(Path file, Map<String, String> overrides) {
    Map<ConfigKey<?>, String> texts = new LinkedHashMap<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw CallqaException.cannotRead("config file " + file, e);
      }
      for (String name : p.stringPropertyNames()) {
        texts.put(keyOf(name, "config file " + file), p.getProperty(name));
      }
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      texts.put(keyOf(e.getKey(), "--set"), e.getValue());
    }
    return new CallqaConfig(texts);
  }

  /** This configuration with one value changed, for tests and benchmarks. */
  public CallqaConfig with(ConfigKey<?> key, String value) {
    Map<ConfigKey<?>, String> texts = asText();
    texts.put(key, value);
    return new CallqaConfig(texts);
  }

  /** The value of {@code key}. */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key);
  }

  /**
   * Every key's value as text, in table order ({@code callqa config}; the inverse of {@link
   * #load}).
   */
  public Map<ConfigKey<?>, String> asText() {
    Map<ConfigKey<?>, String> m = new LinkedHashMap<>();
    for (ConfigKey<?> k : ConfigKey.ALL) {
      m.put(k, text(k));
    }
    return m;
  }

  private <T> String text(ConfigKey<T> k) {
    return k.format(get(k));
  }

  private static ConfigKey<?> keyOf(String name, String where) {
    for (ConfigKey<?> k : ConfigKey.ALL) {
      if (k.key().equals(name.trim())) {
        return k;
      }
    }
    throw new CallqaException(
        "unknown configuration key '"
            + name
            + "' in "
            + where
            + "; run `callqa config` for the list");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallqaConfig c && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return asText().toString();
  }
}
