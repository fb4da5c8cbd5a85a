package io.callqa.warehouse.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  @Test
  void stepsRunInOrderOnADaemonThreadAndAFailingStepStopsNoOther() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Thread t =
        WarmUp.start(
            "test",
            () -> ran.add("first " + Thread.currentThread().getName()),
            () -> {
              throw new IllegalStateException("a step that fails");
            },
            () -> {
              throw new NoClassDefFoundError("a class missing");
            },
            () -> ran.add("last"));
    assertThat(t).isNotNull();
    assertThat(t.isDaemon()).isTrue();
    t.join(10_000);
    assertThat(ran).containsExactly("first callqa-warm-up-test", "last");
  }

  @Test
  void offRunsNothing() {
    String was = System.getProperty(WarmUp.SWITCH);
    System.setProperty(WarmUp.SWITCH, "off");
    try {
      List<String> ran = new CopyOnWriteArrayList<>();
      assertThat(WarmUp.start("test", () -> ran.add("ran"))).isNull();
      assertThat(ran).isEmpty();
    } finally {
      if (was == null) {
        System.clearProperty(WarmUp.SWITCH);
      } else {
        System.setProperty(WarmUp.SWITCH, was);
      }
    }
  }
}
