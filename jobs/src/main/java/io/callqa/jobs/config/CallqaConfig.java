package io.callqa.jobs.config;

import io.callqa.warehouse.CallqaException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The pipeline's configuration, parsed once at the entry point and immutable after: a value for
 * every key of {@link ConfigKey} (the one table of keys, types, defaults, ranges and meanings),
 * read with {@link #get} or the named accessors below, which only name a key.
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

  /**
   * Model location per language for the speech stage; languages with an empty location are skipped.
   */
  public Map<String, String> speechModels() {
    Map<String, String> m = new TreeMap<>();
    m.put("en", speechModelEn());
    m.put("zh", speechModelZh());
    m.values().removeIf(String::isBlank);
    return m;
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

  // Named accessors: each only names its key (type, default and range are the key's).

  public ZoneId timeZone() {
    return get(ConfigKey.TIME_ZONE);
  }

  public int slThresholdS() {
    return get(ConfigKey.SL_THRESHOLD_S);
  }

  public int shortAbandonS() {
    return get(ConfigKey.SHORT_ABANDON_S);
  }

  public int fcrWindowDays() {
    return get(ConfigKey.FCR_WINDOW_DAYS);
  }

  public int csatTopBoxMin() {
    return get(ConfigKey.CSAT_TOP_BOX_MIN);
  }

  public int intervalMinutes() {
    return get(ConfigKey.INTERVAL_MINUTES);
  }

  public String sparkMaster() {
    return get(ConfigKey.SPARK_MASTER);
  }

  public int shufflePartitions() {
    return get(ConfigKey.SHUFFLE_PARTITIONS);
  }

  public boolean speechEnabled() {
    return get(ConfigKey.SPEECH_ENABLED);
  }

  public String speechModelEn() {
    return get(ConfigKey.SPEECH_MODEL_EN);
  }

  public String speechModelZh() {
    return get(ConfigKey.SPEECH_MODEL_ZH);
  }

  public int speechThreads() {
    return get(ConfigKey.SPEECH_THREADS);
  }

  public int speechWorkerHeapMb() {
    return get(ConfigKey.SPEECH_WORKER_HEAP_MB);
  }

  public double speechTimeoutBaseS() {
    return get(ConfigKey.SPEECH_TIMEOUT_BASE_S);
  }

  public double speechTimeoutPerAudioS() {
    return get(ConfigKey.SPEECH_TIMEOUT_PER_AUDIO_S);
  }

  public String complaintsPolicy() {
    return get(ConfigKey.COMPLAINTS_POLICY);
  }

  public boolean complaintsBusinessDays() {
    return get(ConfigKey.COMPLAINTS_BUSINESS_DAYS);
  }

  public int complaintsLinkWindowDays() {
    return get(ConfigKey.COMPLAINTS_LINK_WINDOW_DAYS);
  }

  public Optional<LocalDate> complaintsAsOf() {
    String day = get(ConfigKey.COMPLAINTS_AS_OF);
    return day.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(day));
  }

  public String analyticsCategories() {
    return get(ConfigKey.ANALYTICS_CATEGORIES);
  }

  public String analyticsScorecards() {
    return get(ConfigKey.ANALYTICS_SCORECARDS);
  }

  public double analyticsGapS() {
    return get(ConfigKey.ANALYTICS_GAP_S);
  }

  public boolean reportEnabled() {
    return get(ConfigKey.REPORT_ENABLED);
  }

  public int reportDays() {
    return get(ConfigKey.REPORT_DAYS);
  }

  public String reportTargets() {
    return get(ConfigKey.REPORT_TARGETS);
  }

  public int indexShards() {
    return get(ConfigKey.INDEX_SHARDS);
  }

  public String storageLogStore() {
    return get(ConfigKey.STORAGE_LOG_STORE);
  }

  public String storageLogStoreSchemes() {
    return get(ConfigKey.STORAGE_LOG_STORE_SCHEMES);
  }

  public String storageDynamodbTable() {
    return get(ConfigKey.STORAGE_DYNAMODB_TABLE);
  }

  public String storageDynamodbRegion() {
    return get(ConfigKey.STORAGE_DYNAMODB_REGION);
  }

  public int storageAuditWindowDays() {
    return get(ConfigKey.STORAGE_AUDIT_WINDOW_DAYS);
  }
}
