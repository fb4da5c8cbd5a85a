package io.callqa.nlp.speech.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.Transcription;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The parent's handle on one {@link WorkerMain} process: sends requests, matches answers, enforces
 * deadlines. When the process dies (Kaldi's abort() exits 134) or is killed after a deadline, every
 * request in flight fails with a {@link WorkerLostException} saying why.
 */
public final class WorkerProcess implements AutoCloseable {
  /** Settings for starting a worker. */
  public record Launch(
      Map<String, SpeechModel> models,
      int threads,
      int heapMb,
      boolean faultInjection,
      String javaOptions) {}

  /**
   * Deadlines of a request: from when a worker thread takes it, and from when its audio is decoded.
   */
  public record Deadlines(double decodeS, double baseS, double perAudioSecond) {}

  private final Process process;
  private final BufferedWriter stdin;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong();
  private final Deadlines deadlines;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile String lostReason;

  private static final class Pending {
    final CompletableFuture<Transcription> result = new CompletableFuture<>();
    final String what;
    volatile long deadlineNanos = Long.MAX_VALUE;

    Pending(String what) {
      this.what = what;
    }
  }

  public WorkerProcess(
      Launch launch, Deadlines deadlines, BiConsumer<SpeechModel, Double> modelLoaded)
      throws IOException {
    this.deadlines = deadlines;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + launch.heapMb() + "m");
    cmd.add("-XX:+UseSerialGC");
    // Kaldi's abort() would otherwise leave a core file per crash.
    cmd.add("-XX:-CreateCoredumpOnCrash");
    if (launch.javaOptions() != null && !launch.javaOptions().isBlank()) {
      cmd.addAll(List.of(launch.javaOptions().trim().split("\\s+")));
    }
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(WorkerMain.class.getName());
    cmd.add("--threads");
    cmd.add(Integer.toString(launch.threads()));
    for (SpeechModel m : launch.models().values()) {
      cmd.add("--model");
      cmd.add(m.language() + "=" + m.dir());
    }
    if (launch.faultInjection()) {
      cmd.add("--fault-injection");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    this.process = pb.start();
    this.stdin =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread out =
        new Thread(() -> readEvents(launch, modelLoaded), "speech-worker-out-" + process.pid());
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(this::drainStderr, "speech-worker-err-" + process.pid());
    err.setDaemon(true);
    err.start();
  }

  /**
   * The worker's class path: the jar or folder holding this class (on a Spark executor, the
   * application jar), then this JVM's class path (tests, where the dependencies are separate jars).
   */
  static String classPath() {
    try {
      String own =
          Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      return own + File.pathSeparator + System.getProperty("java.class.path");
    } catch (URISyntaxException | NullPointerException e) {
      return System.getProperty("java.class.path");
    }
  }

  /** Requests sent and not answered yet. */
  public int inFlight() {
    return pending.size();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return lostReason == null && process.isAlive();
  }

  /** Waits until the worker has started and said it is ready. */
  public void awaitReady(double timeoutS) throws WorkerLostException {
    try {
      ready.get((long) (timeoutS * 1000), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      kill("did not start within " + timeoutS + " s");
      throw new WorkerLostException(lostReason);
    } catch (ExecutionException e) {
      throw new WorkerLostException(e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkerLostException("interrupted while the speech worker started");
    }
  }

  /** Transcribes {@code file}, waiting for the answer within the deadlines. */
  public Transcription transcribe(Path file, String language) throws WorkerLostException {
    ObjectNode req = Protocol.JSON.createObjectNode();
    req.put(Protocol.FILE, file.toAbsolutePath().toString());
    req.put(Protocol.LANGUAGE, language);
    return call(req, file.toString());
  }

  /** Asks a worker started with fault injection to abort or hang inside the native code. */
  public Transcription injectFault(String kind) throws WorkerLostException {
    ObjectNode req = Protocol.JSON.createObjectNode();
    req.put(Protocol.FAULT, kind);
    return call(req, "fault " + kind);
  }

  private Transcription call(ObjectNode req, String what) throws WorkerLostException {
    long id = ids.incrementAndGet();
    req.put(Protocol.ID, id);
    Pending p = new Pending(what);
    pending.put(id, p);
    try {
      if (lostReason != null) {
        throw new WorkerLostException(lostReason);
      }
      synchronized (stdin) {
        stdin.write(req.toString());
        stdin.newLine();
        stdin.flush();
      }
    } catch (IOException e) {
      pending.remove(id);
      kill("its input closed: " + e.getMessage());
      throw new WorkerLostException(lostReason);
    }
    try {
      while (true) {
        try {
          return p.result.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          long now = System.nanoTime();
          if (now > p.deadlineNanos) {
            kill(
                String.format(
                    java.util.Locale.ROOT,
                    "was killed: no answer within its deadline on %s",
                    what));
          }
        }
      }
    } catch (ExecutionException e) {
      throw new WorkerLostException(e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkerLostException("interrupted while waiting for " + what);
    } finally {
      pending.remove(id);
    }
  }

  private void readEvents(Launch launch, BiConsumer<SpeechModel, Double> modelLoaded) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode e;
        try {
          e = Protocol.JSON.readTree(line);
        } catch (IOException bad) {
          synchronized (stderrTail) {
            remember("(stdout) " + line);
          }
          continue;
        }
        String event = e.path(Protocol.EVENT).asText();
        Pending p = pending.get(e.path(Protocol.ID).asLong(-1));
        switch (event) {
          case Protocol.READY -> ready.complete(null);
          case Protocol.MODEL ->
              modelLoaded.accept(
                  launch.models().get(e.path(Protocol.LANGUAGE).asText()),
                  e.path(Protocol.SECONDS).asDouble());
          case Protocol.STARTED -> {
            if (p != null) {
              p.deadlineNanos = System.nanoTime() + (long) (deadlines.decodeS() * 1e9);
            }
          }
          case Protocol.DECODED -> {
            if (p != null) {
              double audio = e.path(Protocol.AUDIO_S).asDouble();
              p.deadlineNanos =
                  System.nanoTime()
                      + (long) ((deadlines.baseS() + deadlines.perAudioSecond() * audio) * 1e9);
            }
          }
          case Protocol.DONE -> {
            if (p != null) {
              p.result.complete(
                  Protocol.JSON.treeToValue(e.get(Protocol.RESULT), Transcription.class));
            }
          }
          default -> remember("(unknown event) " + line);
        }
      }
    } catch (IOException | RuntimeException ex) {
      remember("(reader) " + ex);
    }
    // stdout closed: the process is gone or going.
    String why;
    try {
      boolean exited = process.waitFor(5, TimeUnit.SECONDS);
      why = exited ? describeExit(process.exitValue()) : "closed its output";
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      why = "closed its output";
    }
    lose(why);
  }

  private static String describeExit(int code) {
    return switch (code) {
      case 134 -> "exited with code 134 (SIGABRT: Kaldi aborted)";
      case 137 -> "exited with code 137 (SIGKILL)";
      case 139 -> "exited with code 139 (SIGSEGV)";
      case 0 -> "exited";
      default -> "exited with code " + code;
    };
  }

  private void drainStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        remember(line);
      }
    } catch (IOException ignored) {
      // The process is gone; its tail is what we kept.
    }
  }

  private void remember(String line) {
    synchronized (stderrTail) {
      stderrTail.addLast(line.length() > 300 ? line.substring(0, 300) + "..." : line);
      while (stderrTail.size() > 20) {
        stderrTail.removeFirst();
      }
    }
  }

  /** The last lines the worker wrote to stderr. */
  public List<String> stderrTail() {
    synchronized (stderrTail) {
      return List.copyOf(stderrTail);
    }
  }

  /** Kills the process; requests in flight fail saying the worker {@code why}. */
  public void kill(String why) {
    lose(why);
    process.destroyForcibly();
  }

  private synchronized void lose(String why) {
    if (lostReason == null) {
      String last = lastErrorLine();
      lostReason =
          "speech worker (pid "
              + process.pid()
              + ") "
              + why
              + (last == null ? "" : "; its last message: " + last);
    }
    ready.completeExceptionally(new WorkerLostException(lostReason));
    Collection<Pending> all = new ArrayList<>(pending.values());
    for (Pending p : all) {
      p.result.completeExceptionally(new WorkerLostException(lostReason));
    }
  }

  private String lastErrorLine() {
    synchronized (stderrTail) {
      for (var it = stderrTail.descendingIterator(); it.hasNext(); ) {
        String l = it.next();
        if (!l.isBlank() && !l.startsWith("WARNING (VoskAPI") && !l.startsWith("LOG (VoskAPI")) {
          return l.strip();
        }
      }
      return null;
    }
  }

  /**
   * Closes the worker's input so it finishes and frees its models; kills it if it does not exit.
   */
  @Override
  public void close() {
    try {
      synchronized (stdin) {
        stdin.close();
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
