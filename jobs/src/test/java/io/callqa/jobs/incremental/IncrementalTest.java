package io.callqa.jobs.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.warehouse.storage.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalTest {
  @TempDir Path dir;

  static StageInputs inputs(long calls, String rules) {
    return StageInputs.builder().put("version.calls", calls).put("rules", rules).build();
  }

  @Test
  void aStageRunsOnceThenOnlyWhenAnInputChangesAndSaysWhich() {
    InputsRecord record =
        InputsRecord.stateFile(Location.local(dir.resolve("_state/x.properties")), "test");
    List<String> progress = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    Optional<Integer> first =
        Incremental.runIfChanged(
            "x",
            inputs(3, "r1"),
            record,
            () -> true,
            "x: up to date",
            progress::add,
            last -> {
              assertThat(last.isEmpty()).isTrue();
              return runs.incrementAndGet();
            });
    assertThat(first).contains(1);
    assertThat(progress).isEmpty();

    assertThat(
            Incremental.runIfChanged(
                "x",
                inputs(3, "r1"),
                record,
                () -> true,
                "x: up to date",
                progress::add,
                last -> runs.incrementAndGet()))
        .isEmpty();
    assertThat(progress).containsExactly("x: up to date");

    progress.clear();
    Optional<Integer> again =
        Incremental.runIfChanged(
            "x",
            inputs(4, "r1"),
            record,
            () -> true,
            "x: up to date",
            progress::add,
            last -> {
              assertThat(last).isEqualTo(inputs(3, "r1"));
              return runs.incrementAndGet();
            });
    assertThat(again).contains(2);
    assertThat(progress).containsExactly("x: changed since the last run: version.calls 3 -> 4");
    assertThat(record.last()).isEqualTo(inputs(4, "r1"));
  }

  @Test
  void aMissingOutputMakesItRunAndAFailedRunRecordsNothing() {
    InputsRecord record =
        InputsRecord.stateFile(Location.local(dir.resolve("s.properties")), "test");
    Incremental.runIfChanged("x", inputs(1, "r"), record, () -> true, "skip", p -> {}, l -> 1);
    List<String> progress = new ArrayList<>();
    assertThat(
            Incremental.runIfChanged(
                "x", inputs(1, "r"), record, () -> false, "skip", progress::add, l -> 2))
        .contains(2);
    assertThat(progress).containsExactly("x: an output is missing");

    assertThatThrownBy(
            () ->
                Incremental.runIfChanged(
                    "x",
                    inputs(2, "r2"),
                    record,
                    () -> true,
                    "skip",
                    p -> {},
                    l -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(record.last()).isEqualTo(inputs(1, "r"));
  }

  @Test
  void inputsCompareByNameAndValueAndSurviveTheirTextForm() throws Exception {
    StageInputs a =
        StageInputs.builder()
            .put("days", 7)
            .put("zone", "Asia/Shanghai")
            .put("kpi_daily", 12)
            .build();
    assertThat(a.text()).isEqualTo("days=7;zone=Asia/Shanghai;kpi_daily=12");
    assertThat(StageInputs.parse(a.text())).isEqualTo(a);
    StageInputs reordered =
        StageInputs.of(Map.of("kpi_daily", "12", "zone", "Asia/Shanghai", "days", "7"));
    assertThat(reordered).isEqualTo(a);
    assertThat(StageInputs.parse("").isEmpty()).isTrue();
    // A value may hold the separator (a targets file named a;b.yaml) and still compares equal.
    StageInputs odd =
        StageInputs.builder().put("targets", "/srv/a;b\\c.yaml").put("days", 7).build();
    assertThat(odd.text()).isEqualTo("targets=/srv/a\\;b\\\\c.yaml;days=7");
    assertThat(StageInputs.parse(odd.text())).isEqualTo(odd);
    StageInputs b =
        StageInputs.builder().put("days", 7).put("kpi_daily", 13).put("new", "x").build();
    assertThat(b.changesSince(a)).containsExactly("kpi_daily 12 -> 13", "new (new)", "zone (gone)");
    assertThatThrownBy(() -> StageInputs.builder().put("a=b", 1))
        .isInstanceOf(IllegalArgumentException.class);
    // An unreadable record is no record: the stage runs and writes it again.
    Path bad = Files.createDirectories(dir.resolve("not-a-file.properties"));
    assertThat(InputsRecord.stateFile(Location.local(bad), "t").last().isEmpty()).isTrue();
  }

  record File(String deliveryName, String checksum) implements Delivery {}

  /** A record of deliveries in memory, as {@code ingested_files} keeps them. */
  static final class Ledger implements DeliveryRecord<File, Integer> {
    final List<String> rows = new ArrayList<>();

    @Override
    public java.util.Set<Delivery.Id> used() {
      java.util.Set<Delivery.Id> s = new java.util.HashSet<>();
      for (String r : rows) {
        String[] p = r.split(" ");
        s.add(new Delivery.Id(p[0], p[1]));
      }
      return s;
    }

    @Override
    public void record(List<File> used, Integer run) {
      used.forEach(f -> rows.add(f.deliveryName() + " " + f.checksum() + " run" + run));
    }
  }

  @Test
  void aDeliveryIsUsedOnceEvenWhenItGoesBackToAnEarlierContentOrLeaves() {
    Ledger ledger = new Ledger();
    List<String> progress = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    List<List<File>> given = new ArrayList<>();
    java.util.function.Function<List<File>, Integer> stage =
        fresh -> {
          given.add(fresh);
          return runs.incrementAndGet();
        };
    File a1 = new File("calls/a.csv", "1111");
    File b1 = new File("calls/b.csv", "2222");
    assertThat(Incremental.runOnNew("x", "files", List.of(a1, b1), ledger, progress::add, stage))
        .contains(1);
    assertThat(given.get(0)).containsExactly(a1, b1);
    assertThat(progress).containsExactly("x: 2 files, 2 new or changed, 0 unchanged");

    // Nothing new: skipped, nothing recorded.
    progress.clear();
    assertThat(Incremental.runOnNew("x", "files", List.of(a1, b1), ledger, progress::add, stage))
        .isEmpty();
    assertThat(progress).containsExactly("x: 2 files, 0 new or changed, 2 unchanged");
    assertThat(ledger.rows).hasSize(2);

    // a.csv changes: only it is given to the stage, in landing order; b.csv has left.
    File a2 = new File("calls/a.csv", "3333");
    File c1 = new File("calls/c.csv", "4444");
    assertThat(Incremental.runOnNew("x", "files", List.of(a2, c1), ledger, p -> {}, stage))
        .contains(2);
    assertThat(given.get(1)).containsExactly(a2, c1);

    // a.csv back to its first content: that delivery was used; not read again.
    assertThat(Incremental.runOnNew("x", "files", List.of(a1, c1), ledger, p -> {}, stage))
        .isEmpty();
    assertThat(ledger.rows)
        .containsExactly(
            "calls/a.csv 1111 run1",
            "calls/b.csv 2222 run1",
            "calls/a.csv 3333 run2",
            "calls/c.csv 4444 run2");

    // A failed run records nothing: its deliveries are new again next time.
    File d1 = new File("calls/d.csv", "5555");
    assertThatThrownBy(
            () ->
                Incremental.runOnNew(
                    "x",
                    "files",
                    List.of(d1),
                    ledger,
                    p -> {},
                    f -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(Incremental.runOnNew("x", "files", List.of(d1), ledger, p -> {}, stage)).contains(3);
  }
}
