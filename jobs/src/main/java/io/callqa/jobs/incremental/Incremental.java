package io.callqa.jobs.incremental;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one skip-or-run rule of the pipeline's stages: a stage runs when its outputs are missing or
 * its inputs differ from those it recorded after its last successful run; otherwise it is skipped
 * and nothing is written, so that re-running the pipeline changes nothing. After a run the new
 * inputs are recorded; a stage that fails records nothing and runs again next time.
 *
 * <p>Inputs are of two kinds. {@link StageInputs} (table versions, settings, checksums of rule
 * files) describe the state a stage's outputs are made from: they are compared with the last run's
 * ({@link #runIfChanged}). {@link Delivery deliveries} (landing files) arrive once and are used
 * once: each is compared with every delivery recorded before, and the stage is given only the new
 * ones ({@link #runOnNew}).
 *
 * <pre>{@code
 * Optional<Summary> s = Incremental.runIfChanged(
 *     "analyse", inputs, InputsRecord.stateFile(wh.root().resolve("_state/analyse.properties"), "..."),
 *     () -> tablesExist, "analyse: nothing changed; tables left as they are", progress,
 *     before -> compute());
 * }</pre>
 */
public final class Incremental {
  private Incremental() {}

  /**
   * Runs {@code stage} unless its inputs are unchanged and its outputs exist.
   *
   * @param name the stage's name, the prefix of its progress lines
   * @param now the inputs as they are now
   * @param record where the last run's inputs are kept
   * @param outputsExist whether the stage's outputs are all there (a missing one makes it run)
   * @param skipped the progress line when the stage is skipped
   * @param stage computes and writes; receives the inputs recorded last (empty on a first run)
   * @return the stage's result, or empty when it was skipped
   */
  public static <T> Optional<T> runIfChanged(
      String name,
      StageInputs now,
      InputsRecord record,
      BooleanSupplier outputsExist,
      String skipped,
      Consumer<String> progress,
      Function<StageInputs, T> stage) {
    StageInputs last = record.last();
    boolean exist = outputsExist.getAsBoolean();
    if (exist && now.equals(last)) {
      progress.accept(skipped);
      return Optional.empty();
    }
    if (!last.isEmpty()) {
      List<String> changes = now.changesSince(last);
      progress.accept(
          name
              + ": "
              + (changes.isEmpty()
                  ? "an output is missing"
                  : "changed since the last run: " + String.join(", ", changes)));
    }
    T result = stage.apply(last);
    record.record(now);
    return Optional.of(result);
  }

  /**
   * Runs {@code stage} on the deliveries of {@code now} that {@code record} has not recorded (same
   * name and checksum), and records them with the stage's result once it succeeded; skips the stage
   * when there are none.
   *
   * @param name the stage's name, the prefix of its progress lines
   * @param noun what the deliveries are, plural ("landing files")
   * @param now every delivery there is now, in the order the stage should read them
   * @param record every delivery used before, and where the new ones are recorded
   * @param stage reads the new deliveries (in the order of {@code now}) and writes
   * @return the stage's result, or empty when no delivery was new
   */
  public static <D extends Delivery, T> Optional<T> runOnNew(
      String name,
      String noun,
      List<D> now,
      DeliveryRecord<D, T> record,
      Consumer<String> progress,
      Function<List<D>, T> stage) {
    Set<Delivery.Id> used = record.used();
    List<D> fresh = new ArrayList<>();
    for (D d : now) {
      if (!used.contains(d.id())) {
        fresh.add(d);
      }
    }
    progress.accept(
        name
            + ": "
            + now.size()
            + " "
            + noun
            + ", "
            + fresh.size()
            + " new or changed, "
            + (now.size() - fresh.size())
            + " unchanged");
    if (fresh.isEmpty()) {
      return Optional.empty();
    }
    T result = stage.apply(List.copyOf(fresh));
    record.record(List.copyOf(fresh), result);
    return Optional.of(result);
  }
}
