package io.callqa.cli;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code callqa config}: lists the configuration keys with their effective values. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "List every configuration key, its default and the value in effect. Precedence: --set > --config FILE > default.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    CallqaConfig effective = options.load();
    for (ConfigKey k : ConfigKey.values()) {
      String value = String.valueOf(valueOf(effective, k));
      System.out.printf(
          "%-32s = %-14s # %s (default %s)%n", k.key(), value, k.description(), k.defaultValue());
    }
    return 0;
  }

  private static Object valueOf(CallqaConfig c, ConfigKey k) {
    return switch (k) {
      case TIME_ZONE -> c.timeZone().getId();
      case SL_THRESHOLD_S -> c.slThresholdS();
      case SHORT_ABANDON_S -> c.shortAbandonS();
      case FCR_WINDOW_DAYS -> c.fcrWindowDays();
      case CSAT_TOP_BOX_MIN -> c.csatTopBoxMin();
      case INTERVAL_MINUTES -> c.intervalMinutes();
      case SPARK_MASTER -> c.sparkMaster();
      case SHUFFLE_PARTITIONS -> c.shufflePartitions();
      case SPEECH_ENABLED -> c.speechEnabled();
      case SPEECH_MODEL_EN -> c.speechModelEn();
      case SPEECH_MODEL_ZH -> c.speechModelZh();
      case SPEECH_THREADS -> c.speechThreads();
      case SPEECH_WORKER_HEAP_MB -> c.speechWorkerHeapMb();
      case SPEECH_TIMEOUT_BASE_S -> c.speechTimeoutBaseS();
      case SPEECH_TIMEOUT_PER_AUDIO_S -> c.speechTimeoutPerAudioS();
      case COMPLAINTS_POLICY -> c.complaintsPolicy();
      case COMPLAINTS_BUSINESS_DAYS -> c.complaintsBusinessDays();
      case COMPLAINTS_LINK_WINDOW_DAYS -> c.complaintsLinkWindowDays();
      case COMPLAINTS_AS_OF -> c.complaintsAsOf().map(Object::toString).orElse("");
      case ANALYTICS_CATEGORIES -> c.analyticsCategories();
      case ANALYTICS_SCORECARDS -> c.analyticsScorecards();
      case ANALYTICS_GAP_S -> c.analyticsGapS();
      case REPORT_ENABLED -> c.reportEnabled();
      case REPORT_DAYS -> c.reportDays();
      case REPORT_TARGETS -> c.reportTargets();
      case INDEX_SHARDS -> c.indexShards();
      case STORAGE_LOG_STORE -> c.storageLogStore();
      case STORAGE_LOG_STORE_SCHEMES -> c.storageLogStoreSchemes();
      case STORAGE_DYNAMODB_TABLE -> c.storageDynamodbTable();
      case STORAGE_DYNAMODB_REGION -> c.storageDynamodbRegion();
      case STORAGE_AUDIT_WINDOW_DAYS -> c.storageAuditWindowDays();
    };
  }
}
