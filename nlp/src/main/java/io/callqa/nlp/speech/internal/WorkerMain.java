package io.callqa.nlp.speech.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.Transcription;
import io.callqa.nlp.speech.TranscriptionStatus;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The speech worker process: reads requests on stdin, recognises them on its threads, writes events
 * on stdout (see {@link Protocol}). Anything else that prints goes to stderr, so stdout stays the
 * protocol.
 *
 * <pre>
 * java -cp callqa.jar io.callqa.nlp.speech.internal.WorkerMain --threads 2 --model en=/models/en-us
 * </pre>
 */
public final class WorkerMain {
  private static final JsonNode POISON = Protocol.JSON.createObjectNode();

  private final PrintStream out;
  private final RecognitionEngine engine;
  private final boolean faultInjection;

  private WorkerMain(PrintStream out, Map<String, SpeechModel> models, boolean faultInjection) {
    this.out = out;
    this.faultInjection = faultInjection;
    this.engine =
        new RecognitionEngine(
            models,
            (m, s) -> {
              ObjectNode e = event(Protocol.MODEL);
              e.put(Protocol.LANGUAGE, m.language());
              e.put(Protocol.SECONDS, s);
              send(e);
            });
  }

  public static void main(String[] args) throws Exception {
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    int threads = 1;
    boolean faults = false;
    Map<String, SpeechModel> models = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--fault-injection" -> faults = true;
        case "--model" -> {
          String[] kv = args[++i].split("=", 2);
          models.put(kv[0], SpeechModel.locate(kv[0], kv[1]));
        }
        default -> throw new IllegalArgumentException("unknown worker argument " + args[i]);
      }
    }
    new WorkerMain(protocol, models, faults).serve(threads);
  }

  private void serve(int threads) throws IOException, InterruptedException {
    BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    List<Thread> pool = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> work(queue), "recogniser-" + i);
      t.start();
      pool.add(t);
    }
    send(event(Protocol.READY));
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          queue.put(Protocol.JSON.readTree(line));
        }
      }
    }
    // The parent closed our stdin: finish what is queued, then free the native objects once, in
    // order.
    for (int i = 0; i < threads; i++) {
      queue.put(POISON);
    }
    for (Thread t : pool) {
      t.join();
    }
    engine.close();
  }

  private void work(BlockingQueue<JsonNode> queue) {
    try (RecognitionEngine.PerThread state = engine.forThisThread()) {
      while (true) {
        JsonNode req = queue.take();
        if (req == POISON) {
          return;
        }
        long id = req.path(Protocol.ID).asLong();
        ObjectNode started = event(Protocol.STARTED);
        started.put(Protocol.ID, id);
        send(started);
        Transcription t;
        try {
          if (req.has(Protocol.FAULT)) {
            t = fault(state, req.path(Protocol.FAULT).asText());
          } else {
            t =
                state.transcribe(
                    Path.of(req.path(Protocol.FILE).asText()),
                    req.path(Protocol.LANGUAGE).asText(),
                    audioS -> {
                      ObjectNode d = event(Protocol.DECODED);
                      d.put(Protocol.ID, id);
                      d.put(Protocol.AUDIO_S, audioS);
                      send(d);
                    });
          }
        } catch (RuntimeException | IOException e) {
          t = Transcription.without(TranscriptionStatus.FAILED, "speech engine error: " + e, 0);
        }
        ObjectNode done = event(Protocol.DONE);
        done.put(Protocol.ID, id);
        done.set(Protocol.RESULT, Protocol.JSON.valueToTree(t));
        send(done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Transcription fault(RecognitionEngine.PerThread state, String kind) throws IOException {
    if (!faultInjection) {
      throw new IllegalStateException("fault injection is off in this worker");
    }
    switch (kind) {
      case "abort" -> state.abortNatively();
      case "hang" -> state.hangNatively();
      default -> throw new IllegalArgumentException("unknown fault " + kind);
    }
    return Transcription.without(
        TranscriptionStatus.FAILED, "fault " + kind + " did not take effect", 0);
  }

  private static ObjectNode event(String name) {
    ObjectNode n = Protocol.JSON.createObjectNode();
    n.put(Protocol.EVENT, name);
    return n;
  }

  private void send(JsonNode n) {
    String line = n.toString();
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
