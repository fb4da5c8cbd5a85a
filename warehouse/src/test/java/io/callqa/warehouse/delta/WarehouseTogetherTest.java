package io.callqa.warehouse.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link Warehouse#together}: writes at once, results in order, failures after every write. */
class WarehouseTogetherTest {

  @Test
  void theWritesRunAtOnceAndTheirResultsComeInOrder() {
    // Each waits for the other to have started: run one after the other, both would time out.
    CountDownLatch started = new CountDownLatch(2);
    Supplier<String> a = () -> meet(started, "a");
    Supplier<String> b = () -> meet(started, "b");
    assertThat(Warehouse.together(List.of(a, b))).containsExactly("a", "b");
  }

  @Test
  void writesWithoutAResultRunAtOnceToo() {
    CountDownLatch started = new CountDownLatch(2);
    java.util.Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Warehouse.together(() -> done.add(meet(started, "a")), () -> done.add(meet(started, "b")));
    assertThat(done).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void oneWriteRunsOnTheCallersThread() {
    Thread caller = Thread.currentThread();
    assertThat(Warehouse.together(List.<Supplier<Thread>>of(Thread::currentThread)))
        .containsExactly(caller);
  }

  @Test
  void theFirstFailureIsThrownAsItWasOnlyAfterEveryWriteHasEnded() {
    AtomicBoolean slowEnded = new AtomicBoolean();
    Supplier<String> fails =
        () -> {
          throw new IllegalArgumentException("table t: bad row");
        };
    Supplier<String> slow =
        () -> {
          sleep(300);
          slowEnded.set(true);
          return "slow";
        };
    Supplier<String> failsToo =
        () -> {
          throw new IllegalStateException("second");
        };
    assertThatThrownBy(() -> Warehouse.together(List.of(fails, slow, failsToo)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("table t: bad row");
    assertThat(slowEnded).isTrue();
  }

  @Test
  void atMostSoManyRunAtOnceAndTheirResultsAreHeardInOrder() {
    java.util.concurrent.atomic.AtomicInteger running =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Integer> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Supplier<Integer>> writes = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      writes.add(
          () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            // The first is the slowest: the others end before it, and are heard only after it.
            sleep(n == 0 ? 400 : 60);
            running.decrementAndGet();
            return n;
          });
    }
    assertThat(Warehouse.together(writes, 2, heard::add)).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(heard).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(most).hasValue(2);
  }

  @Test
  void afterAFailureNoFurtherWriteStartsAndNoLaterResultIsHeard() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicBoolean ran = new AtomicBoolean();
    Supplier<String> ok = () -> "ok";
    Supplier<String> fails =
        () -> {
          throw new IllegalStateException("table t: cannot compact");
        };
    Supplier<String> after =
        () -> {
          ran.set(true);
          return "after";
        };
    assertThatThrownBy(() -> Warehouse.together(List.of(ok, fails, after), 1, heard::add))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("table t: cannot compact");
    assertThat(heard).containsExactly("ok");
    assertThat(ran).isFalse();
  }

  @Test
  void aListenerThatThrowsFailsTheRunLikeTheWriteItHeard() {
    AtomicBoolean ran = new AtomicBoolean();
    List<Supplier<String>> writes =
        List.of(
            () -> "a",
            () -> "b",
            () -> {
              ran.set(true);
              return "c";
            });
    assertThatThrownBy(
            () ->
                Warehouse.together(
                    writes,
                    1,
                    r -> {
                      if (r.equals("b")) {
                        throw new IllegalStateException("cannot print b");
                      }
                    }))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("cannot print b");
    assertThat(ran).isFalse();
  }

  private static String meet(CountDownLatch started, String result) {
    started.countDown();
    try {
      if (!started.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other write did not start meanwhile");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return result;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
