package io.callqa.jobs.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StageProgressTest {
  @Test
  void eachStepIsAnnouncedALongOneSaysItIsStillRunningAndNothingFollowsTheEnd() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (StageProgress p = StageProgress.start("kpi", 2, lines::add, 100)) {
      p.step("kpi_daily");
      Thread.sleep(350);
      p.step("ivr_daily");
    }
    int atClose = lines.size();
    Thread.sleep(250);
    assertThat(lines).hasSize(atClose);
    assertThat(lines.get(0)).matches("kpi: step 1/2, kpi_daily \\(0\\.\\d s elapsed\\)");
    assertThat(lines)
        .anyMatch(l -> l.matches("kpi: step 1/2, kpi_daily still running \\(\\d+ s elapsed\\)"));
    assertThat(lines.get(lines.size() - 1)).startsWith("kpi: step 2/2, ivr_daily (");
  }

  @Test
  void aStageThatCountsItsOwnWorkGivesTheLineItself() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    try (StageProgress p =
        StageProgress.status(
            "transcribe", lines::add, () -> "transcribe: " + done.get() + " done", 100)) {
      done.set(3);
      Thread.sleep(250);
    }
    assertThat(lines).isNotEmpty().allMatch(l -> l.equals("transcribe: 3 done"));
  }
}
