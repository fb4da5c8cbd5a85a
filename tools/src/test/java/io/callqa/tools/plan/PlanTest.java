package io.callqa.tools.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callqa.tools.bench.Figures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {

  static Map<String, String> figures() {
    Map<String, String> f = new HashMap<>();
    f.put("speech.audio-s-per-core-s", "6");
    f.put("speech.worker-rss-mb-per-thread", "400");
    f.put("speech.utterances-per-audio-min", "12");
    f.put("ingest.rows-per-core-s", "20000");
    f.put("kpi.calls-per-core-s", "70000");
    f.put("analyse.calls-per-core-s", "1500");
    f.put("index.utterances-per-core-s", "25000");
    f.put("index.bytes-per-utterance", "140");
    f.put("storage.bytes-per-call", "150");
    f.put("storage.bytes-per-audio-min", "30000");
    f.put("storage.redacted-bytes-per-audio-min", "3840000");
    return f;
  }

  @Test
  void sizesFromTheFiguresWithTheArithmeticShown() {
    // 100,000 calls, half recorded, 6 min: 300,000 audio min = 5,000 h a day.
    Plan.Result r = new Plan(100_000, 6, 0.5, 20, 1.0, 1536).compute(figures());
    assertThat(r.audioHoursPerDay()).isCloseTo(5000, within(1e-6));
    // transcription: 18,000,000 audio s / 6 per core-s = 3,000,000 core-s = 833.3 core-hours
    assertThat(r.coreHoursByStage().get("transcribe")).isCloseTo(833.333, within(0.01));
    // index: 3.6 M utterances / 25,000 per core-s / 3600
    assertThat(r.coreHoursByStage().get("index"))
        .isCloseTo(3_600_000 / 25_000.0 / 3600, within(1e-9));
    assertThat(r.cores()).isEqualTo((int) Math.ceil(r.coreHoursPerDay() / 20));
    assertThat(r.memoryMb()).isEqualTo(Math.round(r.cores() * (1536 + 400.0) + 4096));
    // storage: (100,000 x 150 + 300,000 x 30,000) bytes a day x 365
    assertThat(r.storageGbPerYear())
        .isCloseTo((100_000 * 150.0 + 300_000 * 30_000.0) * 365 / 1e9, within(1e-6));
    // redacted copies: 300,000 audio min x 3,840,000 bytes a day x 365
    assertThat(r.redactedGbPerYear()).isCloseTo(300_000 * 3_840_000.0 * 365 / 1e9, within(1e-6));
    assertThat(r.indexGbPerYear()).isCloseTo(3_600_000 * 140.0 * 365 / 1e9, within(1e-6));
    assertThat(r.assumptions()).anySatisfy(a -> assertThat(a).contains("5,000 audio hours a day"));
    // Headroom scales the cores.
    assertThat(new Plan(100_000, 6, 0.5, 20, 1.5, 1536).compute(figures()).cores())
        .isGreaterThan(r.cores());
  }

  @Test
  void aMissingOrBadFigureIsNamed() {
    Map<String, String> f = figures();
    f.remove("index.bytes-per-utterance");
    assertThatThrownBy(() -> new Plan(1000, 5, 0.5, 20, 1.3, 1536).compute(f))
        .hasMessageContaining("index.bytes-per-utterance");
    Map<String, String> g = figures();
    g.put("speech.audio-s-per-core-s", "fast");
    assertThatThrownBy(() -> new Plan(1000, 5, 0.5, 20, 1.3, 1536).compute(g))
        .hasMessageContaining("speech.audio-s-per-core-s")
        .hasMessageContaining("fast");
    assertThatThrownBy(() -> new Plan(1000, 5, 1.5, 20, 1.3, 1536))
        .hasMessageContaining("recorded share");
  }

  @Test
  void theCommittedFiguresHoldEveryKeyThePlanNeeds() {
    Map<String, String> committed = Figures.read(Path.of("../bench/results/figures.properties"));
    assertThat(committed).containsKeys(Plan.KEYS.toArray(String[]::new));
    assertThat(new Plan(180_000, 6, 0.58, 20, 1.3, 1536).compute(committed).cores()).isPositive();
  }
}
