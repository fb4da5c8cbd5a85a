package io.callqa.jobs.sql;

import io.callqa.access.AuditTrail;
import io.callqa.access.Role;
import io.callqa.access.SignInGate;
import io.callqa.access.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;

/**
 * HiveServer2's password check for the SQL endpoint: the users file ({@link Users}, PBKDF2), with
 * sign-in throttling per user name ({@link SignInGate}; HiveServer2 does not tell the client's
 * address at this point) and every failure audited. The name {@link SqlEndpoint#OWNER} signs in
 * with the token of the endpoint file instead, as an operator. HiveServer2 builds this class by
 * reflection, so what it checks against sits in a static holder set by {@link SqlServer#start};
 * until then, and after the server stops, every sign-in is refused.
 */
public final class SqlServerAuthenticator implements PasswdAuthenticationProvider {
  record Config(Users users, SignInGate gate, AuditTrail audit) {}

  /** The endpoints of this JVM whose token signs in as {@link SqlEndpoint#OWNER}. */
  private static final java.util.List<SqlEndpoint> OWNERS =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** From now on, {@code endpoint}'s token signs in as {@link SqlEndpoint#OWNER}. */
  static void acceptOwner(SqlEndpoint endpoint) {
    OWNERS.add(endpoint);
  }

  /** {@code endpoint}'s token signs in no more (its server stopped). */
  static void forgetOwner(SqlEndpoint endpoint) {
    // By token: the endpoint may have been given its door's port since.
    OWNERS.removeIf(e -> e.token().equals(endpoint.token()));
  }

  private static final AtomicReference<Config> CONFIG = new AtomicReference<>();

  static void configure(Config config) {
    CONFIG.set(config);
  }

  /** Stops accepting sign-ins checked against this configuration (a later server's stays). */
  static void clear(Config config) {
    CONFIG.compareAndSet(config, null);
  }

  /** The role of a signed-in user; empty when the name is not (or no longer) in the users file. */
  static java.util.Optional<Role> role(String user) {
    Config c = CONFIG.get();
    if (c == null) {
      return java.util.Optional.empty();
    }
    if (SqlEndpoint.OWNER.equals(user)) {
      // The warehouse owner's own `callqa sql`, signed in with the endpoint file's token.
      return OWNERS.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Role.OPERATOR);
    }
    return c.users().get(user).map(Users.User::role);
  }

  @Override
  public void Authenticate(String user, String password) throws AuthenticationException {
    check(user, password);
  }

  /**
   * The sign-in check of both doors (JDBC, and the owner's {@link OwnerDoor}): throttled per name,
   * every failure audited.
   */
  static void check(String user, String password) throws AuthenticationException {
    Config c = CONFIG.get();
    if (c == null) {
      throw new AuthenticationException("the callqa SQL endpoint is not accepting sign-ins yet");
    }
    Duration wait = c.gate().waitFor(user, "");
    if (!wait.isZero()) {
      audit(c, user, "LOGIN_THROTTLED", "retry in " + Math.max(1, wait.toSeconds()) + " s");
      throw new AuthenticationException(
          "too many failed sign-ins for this user; retry in "
              + Math.max(1, wait.toSeconds())
              + " s");
    }
    // One check at a time per name: parallel guesses at one account cost one core at most.
    String slot = "user:" + user;
    if (!c.gate().begin(slot)) {
      audit(c, user, "LOGIN_THROTTLED", "a sign-in for this user is being checked");
      throw new AuthenticationException("a sign-in for this user is being checked; retry in 1 s");
    }
    boolean ok;
    try {
      // The owner's token is 256 random bits: compared in constant time, no hashing needed.
      ok =
          SqlEndpoint.OWNER.equals(user)
              ? OWNERS.stream().anyMatch(e -> e.accepts(password))
              : c.users().authenticate(user, password).isPresent();
    } finally {
      c.gate().end(slot);
    }
    if (!ok) {
      c.gate().failed(user, "");
      audit(c, user, "LOGIN_FAILED", null);
      throw new AuthenticationException("wrong user or password for the callqa SQL endpoint");
    }
    c.gate().succeeded(user, "");
  }

  private static void audit(Config c, String user, String action, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", Instant.now().toString());
    m.put("user", user == null ? null : user.length() > 128 ? user.substring(0, 128) : user);
    m.put("action", action);
    if (detail != null) {
      m.put("detail", detail);
    }
    c.audit().write(m);
  }
}
