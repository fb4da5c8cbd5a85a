package io.callqa.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInGateTest {
  /** A clock the test moves. */
  static final class Manual extends Clock {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void delaysDoubleAfterTheFreeFailuresAndASuccessClearsTheName() {
    Manual clock = new Manual();
    SignInGate gate = new SignInGate(clock);
    for (int i = 0; i < SignInGate.FREE_FAILURES_PER_USER; i++) {
      assertThat(gate.waitFor("anna", "10.0.0.1")).isZero();
      gate.failed("anna", "10.0.0." + i);
    }
    assertThat(gate.waitFor("anna", "10.0.0.9")).isZero();
    gate.failed("anna", "10.0.0.9");
    assertThat(gate.waitFor("anna", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
    clock.now = clock.now.plusSeconds(1);
    gate.failed("anna", "10.0.0.9");
    assertThat(gate.waitFor("anna", "10.0.0.8")).isEqualTo(Duration.ofSeconds(2));
    assertThat(gate.waitFor("bob", "10.0.0.8")).as("another name, another address").isZero();
    clock.now = clock.now.plusSeconds(2);
    gate.succeeded("anna", "10.0.0.9");
    assertThat(gate.waitFor("anna", "10.0.0.7")).isZero();
    // Forgotten an hour after the last failure.
    for (int i = 0; i < 30; i++) {
      gate.failed("x" + i, "10.9.9.9");
    }
    assertThat(gate.waitFor("new", "10.9.9.9")).isPositive();
    clock.now = clock.now.plus(SignInGate.MAX_DELAY).plus(SignInGate.FORGET_AFTER).plusSeconds(1);
    assertThat(gate.waitFor("new", "10.9.9.9")).isZero();
    gate.failed("new", "10.9.9.9");
    assertThat(gate.waitFor("new2", "10.9.9.9")).as("count restarted").isZero();
  }

  @Test
  void theDelayStopsAtTheMaximum() {
    Manual clock = new Manual();
    SignInGate gate = new SignInGate(clock);
    for (int i = 0; i < 60; i++) {
      gate.failed("anna", "a");
    }
    assertThat(gate.waitFor("anna", "b")).isEqualTo(SignInGate.MAX_DELAY);
  }
}
