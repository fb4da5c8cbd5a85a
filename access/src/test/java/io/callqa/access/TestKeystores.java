package io.callqa.access;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed keystore for 127.0.0.1, made with the JDK's keytool, for the servers' TLS tests.
 */
public final class TestKeystores {
  private TestKeystores() {}

  /**
   * Writes a PKCS12 keystore (key and store password {@code password}) valid two days for
   * 127.0.0.1.
   */
  public static Path selfSigned(Path keystore, String password) throws Exception {
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "callqa",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-keypass",
                password)
            .inheritIO()
            .start();
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool could not make " + keystore);
    }
    return keystore;
  }
}
