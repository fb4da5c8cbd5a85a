package io.callqa.jobs.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;

/**
 * HiveServer2's custom password check for the SQL endpoint: one user and password, set by
 * {@link SqlServer#start} before the server starts (HiveServer2 builds this class by reflection, so the
 * credentials sit in a static holder). Only a SHA-256 of the password is kept, compared in constant time.
 */
public final class SqlServerAuthenticator implements PasswdAuthenticationProvider {
  private record Credentials(String user, byte[] passwordHash) {}

  private static final AtomicReference<Credentials> CREDENTIALS = new AtomicReference<>();

  static void configure(String user, String password) {
    CREDENTIALS.set(new Credentials(user, sha256(password)));
  }

  @Override
  public void Authenticate(String user, String password) throws AuthenticationException {
    Credentials c = CREDENTIALS.get();
    if (c == null) {
      throw new AuthenticationException("the SQL endpoint has no credentials configured");
    }
    boolean userOk = c.user().equals(user);
    boolean passwordOk = MessageDigest.isEqual(c.passwordHash(), sha256(password == null ? "" : password));
    if (!userOk || !passwordOk) {
      throw new AuthenticationException("wrong user or password for the callqa SQL endpoint");
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
