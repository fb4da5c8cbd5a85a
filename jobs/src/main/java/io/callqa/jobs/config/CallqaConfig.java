package io.callqa.jobs.config;

import io.callqa.warehouse.CallqaException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The pipeline's configuration, parsed once at the entry point and immutable after. See {@link
 * ConfigKey} for keys, defaults and precedence.
 *
 * <pre>{@code
 * CallqaConfig c = CallqaConfig.load(Path.of("callqa.properties"), Map.of("kpi.service-level.threshold-s", "20"));
 * }</pre>
 */
public record CallqaConfig(
    ZoneId timeZone,
    int slThresholdS,
    int shortAbandonS,
    int fcrWindowDays,
    int csatTopBoxMin,
    int intervalMinutes,
    String sparkMaster,
    int shufflePartitions,
    boolean speechEnabled,
    String speechModelEn,
    String speechModelZh,
    int speechThreads,
    int speechWorkerHeapMb,
    double speechTimeoutBaseS,
    double speechTimeoutPerAudioS,
    String complaintsPolicy,
    boolean complaintsBusinessDays,
    int complaintsLinkWindowDays,
    Optional<LocalDate> complaintsAsOf,
    String analyticsCategories,
    String analyticsScorecards,
    double analyticsGapS,
    boolean reportEnabled,
    int reportDays,
    String reportTargets,
    int indexShards,
    String storageLogStore,
    String storageLogStoreSchemes,
    String storageDynamodbTable,
    String storageDynamodbRegion,
    int storageAuditWindowDays) {

  public CallqaConfig {
    check(slThresholdS >= 0, ConfigKey.SL_THRESHOLD_S, slThresholdS);
    check(shortAbandonS >= 0, ConfigKey.SHORT_ABANDON_S, shortAbandonS);
    check(fcrWindowDays >= 1, ConfigKey.FCR_WINDOW_DAYS, fcrWindowDays);
    check(analyticsGapS > 0, ConfigKey.ANALYTICS_GAP_S, analyticsGapS);
    check(reportDays >= 1, ConfigKey.REPORT_DAYS, reportDays);
    check(indexShards >= 0, ConfigKey.INDEX_SHARDS, indexShards);
    check(LOG_STORES.contains(storageLogStore), ConfigKey.STORAGE_LOG_STORE, storageLogStore);
    check(storageAuditWindowDays >= 7, ConfigKey.STORAGE_AUDIT_WINDOW_DAYS, storageAuditWindowDays);
    check(csatTopBoxMin >= 1 && csatTopBoxMin <= 5, ConfigKey.CSAT_TOP_BOX_MIN, csatTopBoxMin);
    check(
        intervalMinutes > 0 && 60 % intervalMinutes == 0,
        ConfigKey.INTERVAL_MINUTES,
        intervalMinutes);
    check(shufflePartitions >= 1, ConfigKey.SHUFFLE_PARTITIONS, shufflePartitions);
    check(
        complaintsLinkWindowDays >= 0,
        ConfigKey.COMPLAINTS_LINK_WINDOW_DAYS,
        complaintsLinkWindowDays);
    check(speechThreads >= 0, ConfigKey.SPEECH_THREADS, speechThreads);
    check(speechWorkerHeapMb >= 64, ConfigKey.SPEECH_WORKER_HEAP_MB, speechWorkerHeapMb);
    check(speechTimeoutBaseS > 0, ConfigKey.SPEECH_TIMEOUT_BASE_S, speechTimeoutBaseS);
    check(speechTimeoutPerAudioS > 0, ConfigKey.SPEECH_TIMEOUT_PER_AUDIO_S, speechTimeoutPerAudioS);
  }

  /** Values of {@link ConfigKey#STORAGE_LOG_STORE}. */
  public static final java.util.List<String> LOG_STORES =
      java.util.List.of("default", "s3-single-writer", "s3-multi-cluster");

  /** All defaults. */
  public static CallqaConfig defaults() {
    return fromMap(new EnumMap<>(ConfigKey.class));
  }

  /** This configuration with one value changed, for tests and benchmarks. */
  public CallqaConfig with(ConfigKey key, String value) {
    EnumMap<ConfigKey, String> m = asMap();
    m.put(key, value);
    return fromMap(m);
  }

  /**
   * Loads the configuration: {@code overrides} (from {@code --set}) win over {@code file} (may be
   * null), which wins over defaults. Unknown keys are an error naming the key.
   */
  public static CallqaConfig load(Path file, Map<String, String> overrides) {
    EnumMap<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw CallqaException.cannotRead("config file " + file, e);
      }
      for (String name : p.stringPropertyNames()) {
        values.put(keyOf(name, "config file " + file), p.getProperty(name).trim());
      }
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      values.put(keyOf(e.getKey(), "--set"), e.getValue().trim());
    }
    return fromMap(values);
  }

  private EnumMap<ConfigKey, String> asMap() {
    EnumMap<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
    m.put(ConfigKey.TIME_ZONE, timeZone.getId());
    m.put(ConfigKey.SL_THRESHOLD_S, Integer.toString(slThresholdS));
    m.put(ConfigKey.SHORT_ABANDON_S, Integer.toString(shortAbandonS));
    m.put(ConfigKey.FCR_WINDOW_DAYS, Integer.toString(fcrWindowDays));
    m.put(ConfigKey.CSAT_TOP_BOX_MIN, Integer.toString(csatTopBoxMin));
    m.put(ConfigKey.INTERVAL_MINUTES, Integer.toString(intervalMinutes));
    m.put(ConfigKey.SPARK_MASTER, sparkMaster);
    m.put(ConfigKey.SHUFFLE_PARTITIONS, Integer.toString(shufflePartitions));
    m.put(ConfigKey.SPEECH_ENABLED, Boolean.toString(speechEnabled));
    m.put(ConfigKey.SPEECH_MODEL_EN, speechModelEn);
    m.put(ConfigKey.SPEECH_MODEL_ZH, speechModelZh);
    m.put(ConfigKey.SPEECH_THREADS, Integer.toString(speechThreads));
    m.put(ConfigKey.SPEECH_WORKER_HEAP_MB, Integer.toString(speechWorkerHeapMb));
    m.put(ConfigKey.SPEECH_TIMEOUT_BASE_S, Double.toString(speechTimeoutBaseS));
    m.put(ConfigKey.SPEECH_TIMEOUT_PER_AUDIO_S, Double.toString(speechTimeoutPerAudioS));
    m.put(ConfigKey.COMPLAINTS_POLICY, complaintsPolicy);
    m.put(ConfigKey.COMPLAINTS_BUSINESS_DAYS, Boolean.toString(complaintsBusinessDays));
    m.put(ConfigKey.COMPLAINTS_LINK_WINDOW_DAYS, Integer.toString(complaintsLinkWindowDays));
    m.put(ConfigKey.COMPLAINTS_AS_OF, complaintsAsOf.map(LocalDate::toString).orElse(""));
    m.put(ConfigKey.ANALYTICS_CATEGORIES, analyticsCategories);
    m.put(ConfigKey.ANALYTICS_SCORECARDS, analyticsScorecards);
    m.put(ConfigKey.ANALYTICS_GAP_S, Double.toString(analyticsGapS));
    m.put(ConfigKey.REPORT_ENABLED, Boolean.toString(reportEnabled));
    m.put(ConfigKey.REPORT_DAYS, Integer.toString(reportDays));
    m.put(ConfigKey.REPORT_TARGETS, reportTargets);
    m.put(ConfigKey.INDEX_SHARDS, Integer.toString(indexShards));
    m.put(ConfigKey.STORAGE_LOG_STORE, storageLogStore);
    m.put(ConfigKey.STORAGE_LOG_STORE_SCHEMES, storageLogStoreSchemes);
    m.put(ConfigKey.STORAGE_DYNAMODB_TABLE, storageDynamodbTable);
    m.put(ConfigKey.STORAGE_DYNAMODB_REGION, storageDynamodbRegion);
    m.put(ConfigKey.STORAGE_AUDIT_WINDOW_DAYS, Integer.toString(storageAuditWindowDays));
    return m;
  }

  private static CallqaConfig fromMap(Map<ConfigKey, String> v) {
    return new CallqaConfig(
        zone(get(v, ConfigKey.TIME_ZONE)),
        integer(v, ConfigKey.SL_THRESHOLD_S),
        integer(v, ConfigKey.SHORT_ABANDON_S),
        integer(v, ConfigKey.FCR_WINDOW_DAYS),
        integer(v, ConfigKey.CSAT_TOP_BOX_MIN),
        integer(v, ConfigKey.INTERVAL_MINUTES),
        get(v, ConfigKey.SPARK_MASTER),
        integer(v, ConfigKey.SHUFFLE_PARTITIONS),
        bool(v, ConfigKey.SPEECH_ENABLED),
        get(v, ConfigKey.SPEECH_MODEL_EN),
        get(v, ConfigKey.SPEECH_MODEL_ZH),
        integer(v, ConfigKey.SPEECH_THREADS),
        integer(v, ConfigKey.SPEECH_WORKER_HEAP_MB),
        decimal(v, ConfigKey.SPEECH_TIMEOUT_BASE_S),
        decimal(v, ConfigKey.SPEECH_TIMEOUT_PER_AUDIO_S),
        get(v, ConfigKey.COMPLAINTS_POLICY),
        bool(v, ConfigKey.COMPLAINTS_BUSINESS_DAYS),
        integer(v, ConfigKey.COMPLAINTS_LINK_WINDOW_DAYS),
        get(v, ConfigKey.COMPLAINTS_AS_OF).isBlank()
            ? Optional.empty()
            : Optional.of(
                parse(
                    v,
                    ConfigKey.COMPLAINTS_AS_OF,
                    s -> {
                      try {
                        return LocalDate.parse(s);
                      } catch (java.time.format.DateTimeParseException e) {
                        throw new NumberFormatException(s);
                      }
                    },
                    "a date (YYYY-MM-DD)")),
        get(v, ConfigKey.ANALYTICS_CATEGORIES),
        get(v, ConfigKey.ANALYTICS_SCORECARDS),
        decimal(v, ConfigKey.ANALYTICS_GAP_S),
        bool(v, ConfigKey.REPORT_ENABLED),
        integer(v, ConfigKey.REPORT_DAYS),
        get(v, ConfigKey.REPORT_TARGETS),
        integer(v, ConfigKey.INDEX_SHARDS),
        get(v, ConfigKey.STORAGE_LOG_STORE),
        get(v, ConfigKey.STORAGE_LOG_STORE_SCHEMES),
        get(v, ConfigKey.STORAGE_DYNAMODB_TABLE),
        get(v, ConfigKey.STORAGE_DYNAMODB_REGION),
        integer(v, ConfigKey.STORAGE_AUDIT_WINDOW_DAYS));
  }

  private static ConfigKey keyOf(String name, String where) {
    for (ConfigKey k : ConfigKey.values()) {
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

  private static String get(Map<ConfigKey, String> v, ConfigKey k) {
    return v.getOrDefault(k, k.defaultValue());
  }

  private static int integer(Map<ConfigKey, String> v, ConfigKey k) {
    return parse(v, k, Integer::parseInt, "a whole number");
  }

  private static double decimal(Map<ConfigKey, String> v, ConfigKey k) {
    return parse(v, k, Double::parseDouble, "a number");
  }

  private static boolean bool(Map<ConfigKey, String> v, ConfigKey k) {
    return parse(
        v,
        k,
        s -> {
          if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
            throw new NumberFormatException(s);
          }
          return Boolean.parseBoolean(s);
        },
        "true or false");
  }

  /**
   * The value of {@code k}, parsed; a value that does not parse is an error naming the key and
   * value.
   */
  private static <T> T parse(
      Map<ConfigKey, String> v,
      ConfigKey k,
      java.util.function.Function<String, T> parser,
      String what) {
    String s = get(v, k);
    try {
      return parser.apply(s);
    } catch (NumberFormatException e) {
      throw CallqaException.badValue(k.key(), s, what);
    }
  }

  /**
   * Model location per language for the speech stage; languages with an empty location are skipped.
   */
  public java.util.Map<String, String> speechModels() {
    java.util.Map<String, String> m = new java.util.TreeMap<>();
    m.put("en", speechModelEn);
    m.put("zh", speechModelZh);
    m.values().removeIf(String::isBlank);
    return m;
  }

  private static ZoneId zone(String s) {
    try {
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      throw new CallqaException(
          "configuration "
              + ConfigKey.TIME_ZONE.key()
              + " = '"
              + s
              + "' is not a time zone id (e.g. Asia/Shanghai)");
    }
  }

  private static void check(boolean ok, ConfigKey key, Object value) {
    if (!ok) {
      throw new CallqaException(
          "configuration " + key.key() + " = " + value + " is out of range: " + key.description());
    }
  }
}
