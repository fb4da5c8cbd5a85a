package io.callqa.cli;

import io.callqa.dashboards.superset.BundleException;
import io.callqa.dashboards.superset.BundleValidator;
import io.callqa.dashboards.superset.SupersetBundle;
import io.callqa.dashboards.superset.SupersetClient;
import io.callqa.dashboards.superset.SupersetException;
import io.callqa.warehouse.CallqaException;
import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callqa dashboards}: the Superset bundle as a ZIP, or published to a Superset server. */
@Command(
    name = "dashboards",
    mixinStandardHelpOptions = true,
    description =
        "The Superset dashboards (dashboards/superset/): export the import bundle or publish it.",
    subcommands = {DashboardsCommand.Export.class, DashboardsCommand.Publish.class})
final class DashboardsCommand implements Runnable {
  static final String SUPERSET_PASSWORD_ENV = "SUPERSET_PASSWORD";

  /** The password of Superset's service account on the SQL endpoint (a user of role service). */
  static final String SQL_PASSWORD_ENV = "CALLQA_SQL_PASSWORD";

  static final String DEFAULT_DATABASE_URI = "hive://superset@localhost:10000/default";

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static SupersetBundle bundle(String databaseUri) {
    try {
      return SupersetBundle.bundled().withDatabaseUri(databaseUri);
    } catch (BundleException e) {
      throw CallqaException.of(e);
    }
  }

  /** {@code dashboards export}: write the bundle ZIP. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write the Superset import bundle (a ZIP for Dashboards > Import, or the import API).")
  static final class Export implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE.zip")
    Path out;

    @Option(
        names = "--database-uri",
        defaultValue = DEFAULT_DATABASE_URI,
        paramLabel = "URI",
        description =
            "the SQL endpoint as Superset reaches it, without a password (default: ${DEFAULT-VALUE})")
    String databaseUri;

    @Override
    public Integer call() throws IOException {
      SupersetBundle b = bundle(databaseUri);
      List<String> problems = BundleValidator.validate(b);
      if (!problems.isEmpty()) {
        throw new CallqaException(
            "the dashboards bundle is not valid: " + String.join("; ", problems));
      }
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      try (OutputStream o = Files.newOutputStream(out)) {
        b.writeZip(o, Instant.now());
      }
      System.out.printf(
          "wrote %s: %d dashboards, %d charts, %d datasets, database %s%n",
          out,
          b.files("dashboards").size(),
          b.files("charts").size(),
          b.files("datasets").size(),
          databaseUri);
      return 0;
    }
  }

  /** {@code dashboards publish}: log in, import with overwrite, confirm. */
  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Import the dashboards into a running Superset (overwrite: re-publishing updates in place), then list them.",
        "The Superset password comes from "
            + SUPERSET_PASSWORD_ENV
            + ", the SQL endpoint's from "
            + SQL_PASSWORD_ENV
            + "; when unset each is asked for on the terminal."
      })
  static final class Publish implements Callable<Integer> {
    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description = "Superset, e.g. http://localhost:8088")
    URI url;

    @Option(
        names = "--user",
        required = true,
        paramLabel = "USER",
        description = "a Superset user allowed to import")
    String user;

    @Option(
        names = "--database-uri",
        defaultValue = DEFAULT_DATABASE_URI,
        paramLabel = "URI",
        description =
            "the SQL endpoint as Superset reaches it, without a password (default: ${DEFAULT-VALUE})")
    String databaseUri;

    @Option(
        names = "--timeout-s",
        defaultValue = "60",
        description = "per request (default: ${DEFAULT-VALUE})")
    int timeoutS;

    @Override
    public Integer call() {
      if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
        throw new CallqaException("--url " + url + " is not an http(s) URL");
      }
      SupersetBundle b = bundle(databaseUri);
      String password = secret(SUPERSET_PASSWORD_ENV, "Superset password for " + user + ": ");
      String sqlPassword =
          secret(SQL_PASSWORD_ENV, "SQL endpoint password (for Superset's connection): ");
      List<SupersetClient.Published> shown;
      try {
        shown =
            new SupersetClient(url, Duration.ofSeconds(timeoutS))
                .publish(
                    b, user, password, sqlPassword, line -> System.out.println("publish: " + line));
      } catch (SupersetException e) {
        throw CallqaException.of(e);
      }
      for (SupersetClient.Published p : shown) {
        System.out.printf("published: %s (id %d) %s%n", p.title(), p.id(), p.url());
      }
      return 0;
    }
  }

  /**
   * A secret from the environment or, failing that, typed on the terminal; never from the command
   * line.
   */
  static String secret(String env, String prompt) {
    String v = System.getenv(env);
    if (v != null && !v.isEmpty()) {
      return v;
    }
    Console console = System.console();
    if (console == null) {
      throw new CallqaException(
          "no value for "
              + env
              + ": set the environment variable or run in a terminal to be asked");
    }
    char[] typed = console.readPassword(prompt);
    if (typed == null || typed.length == 0) {
      throw new CallqaException("no value typed for " + env);
    }
    return new String(typed);
  }
}
