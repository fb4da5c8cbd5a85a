package io.callqa.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.jobs.analyse.AnalyseSettings;
import io.callqa.jobs.complaints.ComplaintSettings;
import io.callqa.jobs.config.CallqaConfig;
import io.callqa.jobs.config.ConfigKey;
import io.callqa.jobs.index.IndexSettings;
import io.callqa.jobs.ingest.IngestSettings;
import io.callqa.jobs.kpi.KpiSettings;
import io.callqa.jobs.report.ReportSettings;
import io.callqa.jobs.transcribe.TranscribeSettings;
import io.callqa.warehouse.CallqaException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each stage's view of the configuration carries what its keys say, with the key's type. */
class StageSettingsTest {
  private static final CallqaConfig SET =
      CallqaConfig.load(
          null,
          Map.ofEntries(
              Map.entry("centre.time-zone", "Europe/London"),
              Map.entry("kpi.service-level.threshold-s", "30"),
              Map.entry("kpi.short-abandon.threshold-s", "7"),
              Map.entry("kpi.fcr.window-days", "3"),
              Map.entry("kpi.csat.top-box-min", "5"),
              Map.entry("kpi.interval-minutes", "15"),
              Map.entry("complaints.policy", "uk-fca-disp"),
              Map.entry("complaints.business-days", "true"),
              Map.entry("complaints.link-window-days", "2"),
              Map.entry("complaints.as-of", "2026-03-20"),
              Map.entry("analytics.categories", "/rules/cat.yaml"),
              Map.entry("analytics.scorecards", "/rules/cards.yaml"),
              Map.entry("analytics.gap-s", "4.5"),
              Map.entry("report.days", "14"),
              Map.entry("report.targets", "/rules/targets.yaml"),
              Map.entry("index.shards", "3"),
              Map.entry("storage.local-cache", "/var/cache/callqa"),
              Map.entry("speech.model.en", "/models/en"),
              Map.entry("speech.model.zh", ""),
              Map.entry("speech.threads", "2"),
              Map.entry("speech.worker-heap-mb", "768"),
              Map.entry("speech.timeout.base-s", "20"),
              Map.entry("speech.timeout.per-audio-second", "1.5"),
              Map.entry("speech.transcript-cache", "/var/cache/transcripts"),
              Map.entry("speech.redaction-lead-s", "0.5"),
              Map.entry("recordings.originals", "move"),
              Map.entry("recordings.originals-archive", "/archive")));

  @Test
  void eachViewCarriesItsKeys() {
    ZoneId london = ZoneId.of("Europe/London");
    KpiSettings kpi = KpiSettings.of(SET);
    assertThat(kpi).isEqualTo(new KpiSettings(london, 30, 7, 3, 5, 15));
    assertThat(IngestSettings.of(SET)).isEqualTo(new IngestSettings(london));
    assertThat(ComplaintSettings.of(SET))
        .isEqualTo(
            new ComplaintSettings(
                london, "uk-fca-disp", true, 2, Optional.of(LocalDate.of(2026, 3, 20))));
    assertThat(AnalyseSettings.of(SET))
        .isEqualTo(new AnalyseSettings("/rules/cat.yaml", "/rules/cards.yaml", 4.5, kpi));
    assertThat(ReportSettings.of(SET))
        .isEqualTo(new ReportSettings(london, 14, "/rules/targets.yaml"));
    assertThat(IndexSettings.of(SET))
        .isEqualTo(new IndexSettings(3, Path.of("/var/cache/callqa"), kpi));
    TranscribeSettings t = TranscribeSettings.of(SET);
    assertThat(t.models()).isEqualTo(Map.of("en", "/models/en"));
    assertThat(t.threads()).isEqualTo(2);
    assertThat(t.workerHeapMb()).isEqualTo(768);
    assertThat(t.timeoutBaseS()).isEqualTo(20.0);
    assertThat(t.timeoutPerAudioS()).isEqualTo(1.5);
    assertThat(t.transcriptCache()).isEqualTo(Path.of("/var/cache/transcripts"));
    assertThat(t.audio().leadS()).isEqualTo(0.5);
    assertThat(t.audio().originals()).isEqualTo("move");
    assertThat(t.audio().archive()).isEqualTo("/archive");
  }

  @Test
  void emptyValuesMeanNoneInTheViews() {
    CallqaConfig d = CallqaConfig.defaults();
    assertThat(ComplaintSettings.of(d).asOf()).isEmpty();
    assertThat(TranscribeSettings.of(d).transcriptCache()).isNull();
    assertThat(TranscribeSettings.of(d).audio().archive()).isNull();
    assertThat(IndexSettings.of(d).localCache()).isAbsolute();
  }

  @Test
  void contradictoryAudioSettingsAreRefusedWhenTheViewIsMade() {
    CallqaConfig move = CallqaConfig.defaults().with(ConfigKey.RECORDINGS_ORIGINALS, "move");
    assertThatThrownBy(() -> TranscribeSettings.of(move))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("recordings.originals=move needs recordings.originals-archive");
    CallqaConfig deleteUnredacted =
        CallqaConfig.defaults()
            .with(ConfigKey.RECORDINGS_ORIGINALS, "delete")
            .with(ConfigKey.SPEECH_REDACT_AUDIO, "false");
    assertThatThrownBy(() -> TranscribeSettings.of(deleteUnredacted))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("needs speech.redact-audio=true");
  }
}
