package io.callqa.jobs.config;

/**
 * Every configuration key with its default and meaning. Keys are kebab-case with dots.
 *
 * <p>Precedence, highest first: {@code --set key=value} on the command line, then the file given
 * with {@code --config FILE} (Java properties), then the default here.
 */
public enum ConfigKey {
  TIME_ZONE(
      "centre.time-zone", "Asia/Shanghai", "time zone of the centre: local days and intervals"),
  SL_THRESHOLD_S(
      "kpi.service-level.threshold-s", "15", "T: answered within T seconds counts as within SL"),
  SHORT_ABANDON_S(
      "kpi.short-abandon.threshold-s",
      "5",
      "abandons after less than this many seconds in queue are short"),
  FCR_WINDOW_DAYS(
      "kpi.fcr.window-days",
      "7",
      "a later inbound contact within this many local days is a repeat"),
  CSAT_TOP_BOX_MIN("kpi.csat.top-box-min", "4", "lowest csat answer counted as satisfied"),
  INTERVAL_MINUTES("kpi.interval-minutes", "30", "length of a kpi_interval interval (divides 60)"),
  SPARK_MASTER("spark.master", "local[*]", "Spark master; ignored when spark-submit sets one"),
  SHUFFLE_PARTITIONS("spark.shuffle-partitions", "4", "spark.sql.shuffle.partitions"),
  SPEECH_ENABLED("speech.enabled", "true", "run the transcribe stage in `callqa run`"),
  SPEECH_MODEL_EN(
      "speech.model.en",
      "bundled:en-us",
      "Vosk model folder for English calls (bundled:NAME = shipped model)"),
  SPEECH_MODEL_ZH("speech.model.zh", "", "Vosk model folder for Chinese calls; empty = skip them"),
  SPEECH_THREADS(
      "speech.threads",
      "0",
      "recogniser threads per executor; 0 = the executor's task slots (local[*]: cores)"),
  SPEECH_WORKER_HEAP_MB(
      "speech.worker-heap-mb", "1024", "heap of the speech worker process (decoded audio)"),
  SPEECH_TIMEOUT_BASE_S(
      "speech.timeout.base-s",
      "30",
      "a recording's deadline: this many seconds plus per-audio-second x audio"),
  SPEECH_TIMEOUT_PER_AUDIO_S(
      "speech.timeout.per-audio-second",
      "2.0",
      "seconds of processing allowed per second of audio before a kill"),
  COMPLAINTS_POLICY(
      "complaints.policy",
      "cn-nfra",
      "deadline policy: cn-nfra, us-cfpb, uk-fca-disp, or a policy file path"),
  COMPLAINTS_BUSINESS_DAYS(
      "complaints.business-days",
      "false",
      "true: count the policy's days as business days (its holiday calendar)"),
  COMPLAINTS_LINK_WINDOW_DAYS(
      "complaints.link-window-days",
      "7",
      "a complaint links to the caller's inbound calls this many days before it"),
  COMPLAINTS_AS_OF(
      "complaints.as-of",
      "",
      "state as of the end of this local day (YYYY-MM-DD); empty = the latest event's day"),
  ANALYTICS_CATEGORIES(
      "analytics.categories",
      "bundled",
      "category rules: bundled (categories.yaml in the jar) or a YAML file path"),
  ANALYTICS_SCORECARDS(
      "analytics.scorecards",
      "bundled",
      "QA scorecards: comma-separated bundled and/or YAML file paths"),
  ANALYTICS_GAP_S(
      "analytics.gap-s",
      "3",
      "silence between utterances at least this long counts as non-talk time"),
  REPORT_ENABLED(
      "report.enabled",
      "true",
      "write the HTML KPI report (WAREHOUSE/report) as the last stage of `callqa run`"),
  REPORT_DAYS(
      "report.days",
      "7",
      "report period in local days, ending on the last KPI day, compared with the one before"),
  REPORT_TARGETS(
      "report.targets",
      "bundled",
      "KPI targets: bundled (report-targets.yaml in the jar) or a YAML file path"),
  INDEX_SHARDS(
      "index.shards",
      "0",
      "index shards built in parallel by Spark tasks, then merged; 1 = one writer on the driver, 0 = spark.default.parallelism"),
  STORAGE_LOG_STORE(
      "storage.log-store",
      "default",
      "Delta log store: default (HDFS/local; S3: single writer), s3-single-writer, s3-multi-cluster (DynamoDB)"),
  STORAGE_LOG_STORE_SCHEMES(
      "storage.log-store.schemes",
      "s3a,s3",
      "URI schemes the s3-* log stores apply to (file: a local folder standing in for S3)"),
  STORAGE_DYNAMODB_TABLE(
      "storage.dynamodb.table",
      "callqa_delta_log",
      "s3-multi-cluster: the DynamoDB table of commits"),
  STORAGE_DYNAMODB_REGION(
      "storage.dynamodb.region", "us-east-1", "s3-multi-cluster: the DynamoDB table's region"),
  STORAGE_AUDIT_WINDOW_DAYS(
      "storage.audit-window-days",
      "90",
      "time travel kept this many days: Delta log and deleted-file retention; `callqa maintain` never vacuums younger files");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
