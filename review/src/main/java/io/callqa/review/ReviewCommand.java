package io.callqa.review;

import io.callqa.access.Role;
import io.callqa.access.Users;
import io.callqa.nlp.analytics.ManualScoreJournal;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.nlp.index.TranscriptSearcher;
import io.callqa.warehouse.storage.IndexSnapshots;
import io.callqa.warehouse.storage.Location;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The review server's command line, reached through the {@code ./callqa} launcher:
 *
 * <pre>
 * ./callqa users add anna --role reviewer --users demo/warehouse/review-users.conf
 * ./callqa serve --warehouse demo/warehouse --port 8080
 * </pre>
 *
 * <p>Errors print one line, {@code callqa: <reason>}, and exit 1.
 */
@Command(
    name = "callqa",
    mixinStandardHelpOptions = true,
    subcommands = {ReviewCommand.Serve.class, ReviewCommand.UsersCommand.class},
    description = "The review web server for QA reviewers and its users.")
public final class ReviewCommand implements Runnable {

  /** Default users file and audit log, inside the warehouse folder. */
  static final String USERS_FILE = "review-users.conf";

  static final String AUDIT_FILE = "review-audit.jsonl";

  static final String KEYSTORE_PASSWORD_ENV = "CALLQA_REVIEW_KEYSTORE_PASSWORD";

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (error handling, exit codes), for main and tests. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ReviewCommand());
    // A usage error is one line naming the command and the mistake, then where its help is (as in
    // callqa.jar).
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          String name = ex.getCommandLine().getCommandSpec().qualifiedName();
          err.println(name + ": " + ex.getMessage().replace('\n', ' ').strip());
          err.println("see './" + name + " --help'");
          err.flush();
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println("callqa: " + ex.getMessage());
          if (System.getenv("CALLQA_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    return cl;
  }

  /** {@code serve}: the web server, until interrupted. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Serve the review pages and API over WAREHOUSE/index to signed-in users.")
  static final class Serve implements Callable<Integer> {
    @Option(
        names = "--warehouse",
        required = true,
        paramLabel = "DIR|URI",
        description =
            "warehouse folder, or hdfs://HOST:PORT/PATH or s3a://BUCKET/PATH (its index snapshot is"
                + " fetched to --cache; --users and --audit are then required)")
    String warehouse;

    @Option(
        names = "--cache",
        paramLabel = "DIR",
        description =
            "local folder for a remote warehouse's index snapshots and this server's journal"
                + " (default ~/.cache/callqa)")
    Path cache;

    @Option(
        names = "--refresh-s",
        paramLabel = "S",
        description = "seconds between checks for a newer index snapshot (remote; default 30)")
    int refreshS = 30;

    @Option(
        names = "--port",
        paramLabel = "P",
        description = "port (default 8080; 0 picks a free one)")
    int port = 8080;

    @Option(
        names = "--host",
        paramLabel = "ADDR",
        description = "address to bind (default 127.0.0.1, this machine only)")
    String host = "127.0.0.1";

    @Option(
        names = "--users",
        paramLabel = "FILE",
        description = "users file (default WAREHOUSE/" + USERS_FILE + ")")
    Path usersFile;

    @Option(
        names = "--audit",
        paramLabel = "FILE",
        description = "audit log (default WAREHOUSE/" + AUDIT_FILE + ")")
    Path auditFile;

    @Option(
        names = "--keystore",
        paramLabel = "FILE",
        description =
            "JKS or PKCS12 keystore: HTTPS only, Secure cookies (password from "
                + KEYSTORE_PASSWORD_ENV
                + ")")
    Path keystore;

    @Option(
        names = "--behind-tls-proxy",
        description =
            "plain HTTP here, TLS at a reverse proxy in front: cookies get the Secure flag")
    boolean behindTlsProxy;

    @Option(
        names = "--scorecards",
        paramLabel = "LIST",
        description =
            "scorecards a manual score may name: bundled and/or YAML files, as analytics.scorecards (default bundled)")
    String scorecards = "bundled";

    @Override
    public Integer call() throws InterruptedException {
      Location where = Location.parse("warehouse", warehouse);
      ServedWarehouse files;
      Path folder;
      if (where.isLocal()) {
        folder = where.localPath();
        files =
            ServedWarehouse.local(
                TranscriptSearcher.open(
                    TranscriptIndex.dirUnder(folder), TranscriptSearcher.Snippets.HTML),
                ManualScoreJournal.reviewPageFile(folder));
      } else {
        // Password hashes and an append-only log stay on this machine: a shared store is read by
        // every cluster job, and S3 cannot append.
        if (usersFile == null || auditFile == null) {
          throw new IllegalArgumentException(
              "a warehouse on "
                  + where.scheme()
                  + " needs --users FILE and --audit FILE on this machine (the users file holds"
                  + " password hashes and the audit log is appended line by line: neither belongs"
                  + " in a shared store)");
        }
        if (refreshS < 1) {
          throw new IllegalArgumentException("--refresh-s must be at least 1, got " + refreshS);
        }
        folder = null;
        files =
            ServedWarehouse.remote(
                where,
                cache != null ? cache : IndexSnapshots.defaultCacheRoot(),
                Duration.ofSeconds(refreshS),
                System.err::println);
      }
      Users users = Users.load(usersFile != null ? usersFile : folder.resolve(USERS_FILE));
      AuditLog audit =
          new AuditLog(
              auditFile != null ? auditFile : folder.resolve(AUDIT_FILE), Clock.systemUTC());
      ReviewServer server =
          new ReviewServer(files, users, audit, Clock.systemUTC())
              .scorecards(
                  io.callqa.nlp.analytics.Scorecard.load(scorecards, null).stream()
                      .map(io.callqa.nlp.analytics.Scorecard::name)
                      .collect(java.util.stream.Collectors.toSet()))
              .behindTlsProxy(behindTlsProxy);
      if (keystore != null) {
        if (!java.nio.file.Files.isReadable(keystore)) {
          throw new IllegalArgumentException("cannot read the keystore " + keystore);
        }
        String pw = System.getenv(KEYSTORE_PASSWORD_ENV);
        if (pw == null && System.console() != null) {
          pw = new String(System.console().readPassword("password of the keystore %s: ", keystore));
        }
        if (pw == null) {
          throw new IllegalArgumentException(
              "set " + KEYSTORE_PASSWORD_ENV + " to the keystore's password");
        }
        server.tls(keystore, pw);
      }
      server.start(host, port);
      System.out.printf(
          "review server on %s://%s:%d/ (%d conversations from %s; audit log %s); Ctrl-C stops"
              + " it%n",
          keystore != null ? "https" : "http",
          host,
          server.port(),
          files.searcher().size(),
          where.isLocal() ? where : files.describe(),
          audit.file());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    files.close();
                    stopped.countDown();
                  }));
      stopped.await();
      return 0;
    }
  }

  /** {@code users}: manage the users file. */
  @Command(
      name = "users",
      mixinStandardHelpOptions = true,
      description = "Manage the users files of the review server and the SQL endpoint.",
      subcommands = {AddUser.class})
  static final class UsersCommand implements Runnable {
    @Override
    public void run() {
      new CommandLine(this).usage(System.out);
    }
  }

  /** {@code users add}: add or replace a user, the password read from the terminal or stdin. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add (or replace) a user; the password is read from the terminal, or from stdin when piped.")
  static final class AddUser implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description =
            "reviewer or analyst (review server and SQL endpoint), service or operator (SQL endpoint only)")
    String role;

    @Option(
        names = "--users",
        required = true,
        paramLabel = "FILE",
        description = "users file, e.g. WAREHOUSE/" + USERS_FILE)
    Path file;

    @Option(names = "--iterations", hidden = true)
    int iterations = Users.DEFAULT_ITERATIONS;

    @Override
    public Integer call() throws IOException {
      char[] password;
      Console console = System.console();
      if (console != null) {
        password = console.readPassword("password for %s: ", name);
      } else {
        String line =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
          throw new IllegalArgumentException("no password on stdin");
        }
        password = line.toCharArray();
      }
      Users.add(file, name, Role.parse(role), password, iterations);
      System.out.println("user " + name + " (" + Role.parse(role).label() + ") written to " + file);
      return 0;
    }
  }
}
