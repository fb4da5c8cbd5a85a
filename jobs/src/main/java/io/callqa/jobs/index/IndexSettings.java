package io.callqa.jobs.index;

import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.kpi.KpiSettings;
import io.callqa.warehouse.storage.IndexSnapshots;
import java.nio.file.Path;

/**
 * What the index stage reads of the configuration. Each value's type, default and range are its
 * {@link ConfigKey}'s.
 *
 * @param shards index shards written in parallel; 0 for one per default-parallelism slot
 * @param localCache where a remote warehouse's index is built and its snapshots fetched
 * @param kpi the KPI definitions of the facts a call's hit shows (answered within SL, FCR)
 */
public record IndexSettings(int shards, Path localCache, KpiSettings kpi) {

  /** The index stage's view of {@code c}. */
  public static IndexSettings of(CallqaConfig c) {
    String cache = c.get(ConfigKey.STORAGE_LOCAL_CACHE);
    return new IndexSettings(
        c.get(ConfigKey.INDEX_SHARDS),
        cache == null || cache.isBlank()
            ? IndexSnapshots.defaultCacheRoot()
            : Path.of(cache).toAbsolutePath().normalize(),
        KpiSettings.of(c));
  }
}
