package io.callqa.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in throttling, per user name and per client address: after {@link #FREE_FAILURES_PER_USER}
 * failed attempts for one name (or {@link #FREE_FAILURES_PER_ADDRESS} from one address) each
 * further failure doubles the wait before the next attempt is even checked (1 s, 2 s, 4 s, ... up
 * to {@link #MAX_DELAY}). A refused attempt costs no password hashing, so a guessing burst cannot
 * starve other users of CPU; names not in the users file are counted the same way, so throttling
 * does not tell which names exist. Counts are forgotten {@link #FORGET_AFTER} after the last
 * failure; at most one password check runs at a time per address ({@link #begin}); a success clears
 * its name's count (not its address's). Thread-safe; at most {@link #MAX_KEYS} names and addresses
 * are remembered (the oldest are dropped first).
 *
 * <pre>
 * Duration wait = gate.waitFor(user, address);
 * if (!wait.isZero()) { answer 429, Retry-After: wait; }
 * else if (users.authenticate(user, password).isPresent()) { gate.succeeded(user, address); }
 * else { gate.failed(user, address); }
 * </pre>
 */
public final class SignInGate {
  public static final int FREE_FAILURES_PER_USER = 5;
  public static final int FREE_FAILURES_PER_ADDRESS = 20;
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);
  public static final Duration FORGET_AFTER = Duration.ofHours(1);
  static final int MAX_KEYS = 100_000;

  private record Count(int failures, Instant last, Instant nextAllowed) {}

  private final Clock clock;
  private final java.util.Set<String> checking = ConcurrentHashMap.newKeySet();
  private final Map<String, Count> byUser = new ConcurrentHashMap<>();
  private final Map<String, Count> byAddress = new ConcurrentHashMap<>();

  public SignInGate(Clock clock) {
    this.clock = clock;
  }

  /**
   * How long this name or address must still wait before an attempt is checked; zero: check it now.
   */
  public Duration waitFor(String user, String address) {
    Instant now = clock.instant();
    Duration a = remaining(byUser.get(key(user)), now);
    Duration b = remaining(byAddress.get(key(address)), now);
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Starts checking a password from this address; false when one from the same address is being
   * checked already (answer 429 without checking). One check at a time per address keeps a burst
   * from one address to one core's worth of hashing, leaving the others to everyone else. Pair with
   * {@link #end}.
   */
  public boolean begin(String address) {
    return checking.add(key(address));
  }

  /** Ends the check {@link #begin} started. */
  public void end(String address) {
    checking.remove(key(address));
  }

  /** Records a failed attempt (wrong password or unknown name). */
  public void failed(String user, String address) {
    Instant now = clock.instant();
    bump(byUser, key(user), FREE_FAILURES_PER_USER, now);
    bump(byAddress, key(address), FREE_FAILURES_PER_ADDRESS, now);
  }

  /** Records a success: the name's failures are forgotten. */
  public void succeeded(String user, String address) {
    byUser.remove(key(user));
  }

  private static String key(String s) {
    return s == null ? "" : s.length() > 128 ? s.substring(0, 128) : s;
  }

  private static Duration remaining(Count c, Instant now) {
    if (c == null || !c.nextAllowed().isAfter(now)) {
      return Duration.ZERO;
    }
    return Duration.between(now, c.nextAllowed());
  }

  private static void bump(Map<String, Count> counts, String key, int free, Instant now) {
    if (counts.size() >= MAX_KEYS) {
      counts.entrySet().removeIf(e -> e.getValue().last().plus(FORGET_AFTER).isBefore(now));
      if (counts.size() >= MAX_KEYS) {
        counts.entrySet().stream()
            .min(Map.Entry.comparingByValue((x, y) -> x.last().compareTo(y.last())))
            .ifPresent(e -> counts.remove(e.getKey()));
      }
    }
    counts.compute(
        key,
        (k, c) -> {
          int failures =
              c == null || c.last().plus(FORGET_AFTER).isBefore(now) ? 1 : c.failures() + 1;
          Instant next = now;
          if (failures > free) {
            long seconds = 1L << Math.min(failures - free - 1, 20);
            next =
                now.plus(
                    Duration.ofSeconds(seconds).compareTo(MAX_DELAY) > 0
                        ? MAX_DELAY
                        : Duration.ofSeconds(seconds));
          }
          return new Count(failures, now, next);
        });
  }
}
