package io.callqa.jobs.transcribe;

import io.callqa.nlp.Checksums;
import io.callqa.nlp.audio.AudioDecoder;
import io.callqa.nlp.audio.AudioRedaction;
import io.callqa.nlp.audio.DecodedAudio;
import io.callqa.nlp.redact.Redactor;
import io.callqa.nlp.speech.Speaker;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.SpeechService;
import io.callqa.nlp.speech.SpeechSettings;
import io.callqa.nlp.speech.TranscriptCache;
import io.callqa.nlp.speech.Transcription;
import io.callqa.nlp.speech.TranscriptionStatus;
import io.callqa.nlp.speech.Utterance;
import io.callqa.nlp.speech.Word;
import io.callqa.warehouse.LocalFolders;
import io.callqa.warehouse.storage.Location;
import io.callqa.warehouse.storage.RedactedRecordings;
import io.callqa.warehouse.tables.RowBuilder;
import io.callqa.warehouse.tables.TranscriptionRuns;
import io.callqa.warehouse.tables.Transcripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * What each Spark task does with its calls: stat the recording, skip it when the last run of the
 * same model saw the same file, else transcribe it through the executor's shared {@link
 * SpeechService} and mask the text; then write the recording's redacted copy (the masked spans
 * silenced on their speaker's channel) under the warehouse and, as {@code recordings.originals}
 * says, keep, move or delete the original once the copy reads back whole. Emits one row per call
 * transcribed: the {@link TranscriptionRuns} columns plus its utterances.
 */
final class TranscribeTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final String UTTERANCE_LIST = "utterance_list";

  /** An utterance as the transcripts table stores it, without the call's columns. */
  static final StructType UTTERANCE_SCHEMA =
      new StructType(
          java.util.Arrays.stream(Transcripts.SCHEMA.fields())
              .filter(
                  f ->
                      !List.of(Transcripts.CALL_ID, Transcripts.DAY, Transcripts.MODEL_ID)
                          .contains(f.name()))
              .toArray(StructField[]::new));

  static final StructType RESULT_SCHEMA =
      TranscriptionRuns.SCHEMA.add(
          UTTERANCE_LIST, DataTypes.createArrayType(UTTERANCE_SCHEMA, false), false);

  /** Driver-side totals that tasks add to. */
  static final class Counters implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final LongAccumulator calls;
    final LongAccumulator unchanged;
    final LongAccumulator audioMillis;
    final LongAccumulator processingMillis;

    private Counters(SparkSession spark) {
      var sc = spark.sparkContext();
      calls = sc.longAccumulator("transcribe.calls");
      unchanged = sc.longAccumulator("transcribe.unchanged");
      audioMillis = sc.longAccumulator("transcribe.audio-ms");
      processingMillis = sc.longAccumulator("transcribe.processing-ms");
    }

    static Counters register(SparkSession spark) {
      return new Counters(spark);
    }
  }

  private final SpeechSettings settings;
  private final String landing;
  private final String transcriptCache;
  private final String runId;
  private final Map<String, String[]> models;
  private final Counters counters;
  private final AudioPolicy audio;

  /** {@link TranscribeJob.AudioSettings} with the warehouse the copies go under. */
  record AudioPolicy(
      boolean redact,
      double leadS,
      double trailS,
      String originals,
      String warehouse,
      String archive)
      implements java.io.Serializable {}

  /** The masked utterance rows of a transcription and the spans of audio they came from. */
  record Masked(Row[] rows, List<AudioRedaction.Span> audioSpans) {}

  /** The redacted copy written for a call, or why there is none. */
  private record Copy(
      String path,
      String sha256,
      List<AudioRedaction.Span> spans,
      String original,
      String problem) {
    static final Copy NONE = new Copy(null, null, null, null, null);
  }

  TranscribeTask(
      SpeechSettings settings,
      String landing,
      String transcriptCache,
      String runId,
      Map<String, SpeechModel> models,
      Counters counters,
      AudioPolicy audio) {
    this.settings = settings;
    this.landing = landing;
    this.transcriptCache = transcriptCache;
    this.runId = runId;
    // Name and version per language; SpeechModel holds a Path, which is not serializable.
    this.models = new java.util.HashMap<>();
    models.forEach((lang, m) -> this.models.put(lang, new String[] {m.name(), m.version()}));
    this.counters = counters;
    this.audio = audio;
  }

  /**
   * Whether a candidate row ({@link TranscribeJob#candidates}) needs no work: the same delivery of
   * the recording (name and size) was done with this model and has its redacted copy, or its
   * original was retired after the copy was verified.
   *
   * @param bytes the recording's size now, -1 when it is missing or may not be read
   */
  static boolean unchanged(Row c, long bytes, boolean redact) {
    String recording = c.getString(3);
    String prevRecording = c.isNullAt(5) ? null : c.getString(5);
    Long prevBytes = c.isNullAt(6) ? null : c.getLong(6);
    String prevStatus = c.isNullAt(7) ? null : c.getString(7);
    String prevCopy = c.isNullAt(8) ? null : c.getString(8);
    String prevOriginal = c.isNullAt(9) ? null : c.getString(9);
    String prevReason = c.isNullAt(10) ? null : c.getString(10);
    boolean sameDelivery =
        prevBytes != null && prevBytes == bytes && recording.equals(prevRecording);
    // A transcript from before redacted copies existed (or whose copy failed) is done again.
    boolean copyMissing =
        redact
            && "TRANSCRIBED".equals(prevStatus)
            && prevCopy == null
            // Too long for the heap: tried again only with a larger one (it costs recognition).
            && (prevReason == null || !prevReason.contains(TOO_LONG) || heapGrewSince(prevReason));
    // recordings.originals moved or deleted it after its copy was verified: nothing to redo.
    boolean originalRetired =
        bytes < 0
            && prevCopy != null
            && prevOriginal != null
            && !prevOriginal.equals(KEPT)
            && recording.equals(prevRecording);
    return (sameDelivery && !copyMissing) || originalRetired;
  }

  /**
   * Whether a sized candidate ({@link TranscribeJob#sized}, passed whole as a struct) needs work
   * ({@link #unchanged} is false), from the recording's size in its {@link TranscribeJob#BYTES_NOW}
   * column: decided before the recognition stage, so that a run with nothing to do starts no
   * recogniser and writes nothing.
   */
  record NeedsWork(boolean redact) implements org.apache.spark.sql.api.java.UDF1<Row, Boolean> {
    @Override
    public Boolean call(Row c) {
      return !unchanged(c, c.getLong(c.fieldIndex(TranscribeJob.BYTES_NOW)), redact);
    }
  }

  /**
   * A recording's size now (a column to start the longest recordings first), -1 when it is missing
   * or may not be read.
   */
  record RecordingBytes(String landing)
      implements org.apache.spark.sql.api.java.UDF1<String, Long> {
    @Override
    public Long call(String recording) {
      return recordingBytes(landing, recording);
    }
  }

  private static long recordingBytes(String landing, String recording) {
    Location landingZone = Location.parse("landing zone", landing);
    // Not even the size of a file behind a link out of recordings/ is looked at.
    String refusal = TranscribeJob.recordingRefusal(landingZone, recording);
    return refusal == null ? TranscribeJob.recordingLocation(landingZone, recording).size() : -1;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> calls) {
    SpeechService speech = SpeechService.shared(settings);
    TranscriptCache cache =
        transcriptCache == null ? null : new TranscriptCache(Path.of(transcriptCache));
    Location landingZone = Location.parse("landing zone", landing);
    List<Row> out = new ArrayList<>();
    while (calls.hasNext()) {
      Row c = calls.next();
      String callId = c.getString(0);
      String language = c.getString(2);
      String recording = c.getString(3);
      String modelId = c.getString(4);

      // Not even the size of a file behind a link out of recordings/ is looked at.
      String refusal = TranscribeJob.recordingRefusal(landingZone, recording);
      Location file =
          refusal == null ? TranscribeJob.recordingLocation(landingZone, recording) : null;
      long bytes = file == null ? -1 : file.size();
      if (unchanged(c, bytes, audio.redact())) {
        counters.unchanged.add(1);
        continue;
      }
      Transcription t;
      Masked masked;
      Copy copy = Copy.NONE;
      Path local = null;
      boolean temporary = false;
      try {
        if (refusal != null) {
          t = Transcription.without(TranscriptionStatus.FAILED, refusal, 0);
        } else if (file.isLocal()) {
          local = file.localPath();
          t = transcribe(speech, cache, modelId, local, language);
        } else if (bytes < 0) {
          t =
              Transcription.without(
                  TranscriptionStatus.FAILED, "recording " + file + " does not exist", 0);
        } else {
          // On HDFS or S3: the worker reads a local copy, removed when it is done.
          try {
            local = Files.createTempFile("callqa-recording-", "-" + file.name());
            temporary = true;
            file.copyToLocal(local);
            t = transcribe(speech, cache, modelId, local, language);
          } catch (IOException | RuntimeException e) {
            t =
                Transcription.without(
                    TranscriptionStatus.FAILED,
                    "cannot copy recording " + file + " to a local file: " + e.getMessage(),
                    0);
          }
        }
        masked = masked(t.utterances());
        if (audio.redact() && t.status() == TranscriptionStatus.TRANSCRIBED && local != null) {
          copy =
              redactedCopy(
                  c,
                  file,
                  local,
                  bytes,
                  t.audioS(),
                  Math.max(1, t.channels()),
                  masked.audioSpans());
        }
      } finally {
        if (temporary) {
          LocalFolders.deleteTree(local);
        }
      }
      out.add(toRow(c, bytes, modelId, t, masked.rows(), copy));
      counters.calls.add(1);
      counters.audioMillis.add(Math.round(t.audioS() * 1000));
      counters.processingMillis.add(Math.round(t.processingS() * 1000));
    }
    return out.iterator();
  }

  static final String KEPT = "kept";

  /** What a reason says when a recording was too long to redact in the task's heap. */
  static final String TOO_LONG = "no redacted copy: too long for this JVM's heap";

  /**
   * Why a recording is too long to redact in this JVM, or null: the decoded audio and the copy's
   * bytes (16-bit samples at 16 kHz each, and the decoder's own buffers) must fit in a quarter of
   * the heap, since two tasks may redact at once. The reason names the heap, so a run with a larger
   * one tries again ({@link #heapGrewSince}).
   */
  static String tooLongToRedact(double audioS, int channels) {
    long needMb = (long) (audioS * AudioDecoder.TARGET_RATE * channels * 2 * 3 / (1 << 20));
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    if (needMb <= heapMb / 4) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "%s (%.0f min of audio needs about %d MB; heap %d MB): raise CALLQA_HEAP or"
            + " spark.executor.memory; it is not played until then",
        TOO_LONG,
        audioS / 60,
        needMb,
        heapMb);
  }

  /** Whether this JVM's heap is larger than the one a too-long reason names. */
  static boolean heapGrewSince(String reason) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("heap (\\d+) MB").matcher(reason);
    return m.find() && (Runtime.getRuntime().maxMemory() >> 20) > Long.parseLong(m.group(1));
  }

  /** Seconds between two utterances of a speaker that end a number read out. */
  static final double PAUSE_S = 2.0;

  /**
   * Writes the redacted copy of a transcribed recording under the warehouse, then retires the
   * original as the policy says, only after the copy read back whole (same SHA-256, same length of
   * audio). A failure leaves no copy recorded and the original where it was; the next run tries
   * again.
   */
  private Copy redactedCopy(
      Row c,
      Location original,
      Path local,
      long bytes,
      double audioS,
      int channels,
      List<AudioRedaction.Span> spans) {
    String callId = c.getString(0);
    Object d = c.get(1);
    LocalDate day = d instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) d;
    String path = RedactedRecordings.relativePath(callId, day);
    try {
      String tooLong = tooLongToRedact(audioS, channels);
      if (tooLong != null) {
        return new Copy(null, null, null, null, tooLong);
      }
      // At the recording's own rate up to 16 kHz: an 8 kHz call's copy is half the bytes, and the
      // task does not resample it again (the worker did, for the recogniser).
      DecodedAudio decoded = AudioDecoder.decodeForCopy(local);
      AudioRedaction.Wav r = AudioRedaction.wav(decoded, spans, audio.leadS(), audio.trailS());
      byte[] wav = r.bytes();
      String sha = Checksums.sha256Hex(wav);
      Location target = Location.parse("warehouse", audio.warehouse()).resolve(path);
      target.write(wav);
      String fate = KEPT;
      if (!audio.originals().equals("keep")) {
        byte[] back = target.readAllBytesOrNull();
        if (back == null
            || !Checksums.sha256Hex(back).equals(sha)
            || AudioDecoder.decodeForCopy(back, target.name()).frames() != decoded.frames()) {
          return new Copy(
              path,
              sha,
              r.silenced(),
              KEPT,
              "the redacted copy did not read back whole; original kept");
        }
        if (audio.originals().equals("move")) {
          String rel = Path.of(c.getString(3)).normalize().toString().replace('\\', '/');
          Location dest =
              Location.parse("recordings.originals-archive", audio.archive()).resolve(rel);
          dest.write(Files.readAllBytes(local));
          if (dest.size() != bytes) {
            return new Copy(
                path, sha, r.silenced(), KEPT, "the moved original did not arrive whole; kept");
          }
          original.deleteTree();
          fate = "moved to " + dest;
        } else {
          original.deleteTree();
          fate = "deleted";
        }
      }
      return new Copy(path, sha, r.silenced(), fate, null);
    } catch (Exception e) {
      return new Copy(null, null, null, null, "no redacted copy: " + e.getMessage());
    }
  }

  private Transcription transcribe(
      SpeechService speech, TranscriptCache cache, String modelId, Path file, String language) {
    if (cache != null && models.containsKey(language)) {
      return cache.get(modelId, file, () -> speech.transcribe(file, language));
    }
    return speech.transcribe(file, language);
  }

  private Row toRow(
      Row c, long bytes, String modelId, Transcription t, Row[] utterances, Copy copy) {
    String language = c.getString(2);
    String[] model = models.get(language);
    int words = t.wordCount();
    int masked = 0;
    for (Row r : utterances) {
      masked += r.<Integer>getAs(Transcripts.MASKED);
    }
    return RowBuilder.of("transcription result", RESULT_SCHEMA)
        .set(TranscriptionRuns.CALL_ID, c.getString(0))
        .set(TranscriptionRuns.MODEL_ID, modelId)
        .set(TranscriptionRuns.DAY, c.get(1))
        .set(TranscriptionRuns.LANGUAGE, language)
        .set(TranscriptionRuns.RECORDING, c.getString(3))
        .set(TranscriptionRuns.RECORDING_BYTES, bytes)
        .set(TranscriptionRuns.MODEL_NAME, model == null ? null : model[0])
        .set(TranscriptionRuns.MODEL_VERSION, model == null ? null : model[1])
        .set(TranscriptionRuns.STATUS, t.status().name())
        .set(
            TranscriptionRuns.REASON,
            copy.problem() == null
                ? t.reason()
                : t.reason() == null ? copy.problem() : t.reason() + "; " + copy.problem())
        .set(TranscriptionRuns.AUDIO_S, t.audioS())
        .set(TranscriptionRuns.PROCESSING_S, t.processingS())
        .set(TranscriptionRuns.ENCODING, t.encoding())
        .set(TranscriptionRuns.SAMPLE_RATE, t.sourceRate() == 0 ? null : t.sourceRate())
        .set(TranscriptionRuns.CHANNELS, t.channels() == 0 ? null : t.channels())
        .set(TranscriptionRuns.UTTERANCES, utterances.length)
        .set(TranscriptionRuns.WORDS, words)
        .set(TranscriptionRuns.MASKED, masked)
        .set(TranscriptionRuns.TRANSCRIBED_AT, Instant.now())
        .set(TranscriptionRuns.RUN_ID, runId)
        .set(TranscriptionRuns.REDACTED_RECORDING, copy.path())
        .set(TranscriptionRuns.REDACTED_SHA256, copy.sha256())
        .set(TranscriptionRuns.REDACTED_SPANS, copy.spans() == null ? null : spanRows(copy.spans()))
        .set(TranscriptionRuns.ORIGINAL, copy.original())
        .set(UTTERANCE_LIST, utterances)
        .build();
  }

  private static Row[] spanRows(List<AudioRedaction.Span> spans) {
    return spans.stream()
        .map(
            sp ->
                RowBuilder.of("redacted span", TranscriptionRuns.SPAN_SCHEMA)
                    .set(TranscriptionRuns.CHANNEL, sp.channel())
                    .set(TranscriptionRuns.FROM_S, sp.fromS())
                    .set(TranscriptionRuns.TO_S, sp.toS())
                    .build())
        .toArray(Row[]::new);
  }

  /**
   * Whether the last utterance of another speaker that started before utterance {@code u}, ending
   * at most {@value #ASKED_WITHIN_S} s before it starts, asks for a date of birth.
   */
  static boolean askedForDateOfBirth(List<Utterance> utterances, int u) {
    Utterance answer = utterances.get(u);
    Utterance question = null;
    for (Utterance o : utterances) {
      if (o.speaker() != answer.speaker()
          && o.startS() < answer.startS()
          && (question == null || o.startS() > question.startS())) {
        question = o;
      }
    }
    return question != null
        && answer.startS() - question.endS() <= ASKED_WITHIN_S
        && Redactor.mentionsDateOfBirth(question.words().stream().map(Word::text).toList());
  }

  /** Seconds between a question for a date of birth and the answer it opens. */
  static final double ASKED_WITHIN_S = 15;

  /** The utterance rows of {@link #masked}. */
  static Row[] maskedUtterances(List<Utterance> utterances) {
    return masked(utterances).rows();
  }

  /**
   * Utterance rows (in order) with text and words masked, and the time span of each masked run on
   * its speaker's channel (agent or mono: 0, customer: 1), from its first word's start to its last
   * word's end. Masking runs over each speaker's whole word stream, not utterance by utterance: the
   * recogniser's endpointing may cut a number read out in two, and the second half would lose the
   * "card number" before it. The last column of each row counts the masked spans that start in that
   * utterance.
   */
  static Masked masked(List<Utterance> utterances) {
    int n = utterances.size();
    List<AudioRedaction.Span> audioSpans = new ArrayList<>();
    String[][] maskedWords = new String[n][];
    String[] texts = new String[n];
    int[] spansStarting = new int[n];
    for (Speaker speaker : Speaker.values()) {
      // The speaker's words in time order, with the utterance and position each came from.
      List<int[]> where = new ArrayList<>();
      List<String> stream = new ArrayList<>();
      for (int u = 0; u < n; u++) {
        if (utterances.get(u).speaker() == speaker) {
          List<Word> ws = utterances.get(u).words();
          for (int w = 0; w < ws.size(); w++) {
            where.add(new int[] {u, w});
            stream.add(ws.get(w).text());
          }
        }
      }
      if (stream.isEmpty()) {
        continue;
      }
      // A pause of PAUSE_S or more between two of the speaker's utterances ends a read-out: what
      // the speaker says in their next turn is not read into the number.
      java.util.Set<Integer> pauses = new java.util.HashSet<>();
      for (int k = 1; k < stream.size(); k++) {
        int[] a = where.get(k - 1);
        int[] b = where.get(k);
        if (a[0] != b[0]
            && utterances.get(b[0]).words().get(b[1]).startS()
                    - utterances.get(a[0]).words().get(a[1]).endS()
                >= PAUSE_S) {
          pauses.add(k);
        }
      }
      // The other party asked for a date of birth just before an utterance of this speaker:
      // "can you confirm your date of birth" - "the fourth of july nineteen eighty two".
      java.util.Set<Integer> asked = new java.util.HashSet<>();
      for (int k = 0; k < stream.size(); k++) {
        int[] at = where.get(k);
        if (at[1] == 0 && askedForDateOfBirth(utterances, at[0])) {
          asked.add(k);
        }
      }
      Redactor.Result r = Redactor.redactWords(stream, pauses, asked);
      Redactor.Span[] spanAt = new Redactor.Span[stream.size()];
      int channel = speaker == Speaker.CUSTOMER ? 1 : 0;
      for (Redactor.Span sp : r.spans()) {
        int[] first = where.get(sp.from());
        int[] last = where.get(sp.to() - 1);
        double from = Math.max(0, utterances.get(first[0]).words().get(first[1]).startS());
        double to = utterances.get(last[0]).words().get(last[1]).endS();
        audioSpans.add(new AudioRedaction.Span(channel, from, Math.max(from, to)));
        for (int k = sp.from(); k < sp.to(); k++) {
          spanAt[k] = sp;
        }
        spansStarting[where.get(sp.from())[0]]++;
      }
      for (int k = 0; k < stream.size(); k++) {
        int u = where.get(k)[0];
        if (maskedWords[u] == null) {
          maskedWords[u] = new String[utterances.get(u).words().size()];
        }
        maskedWords[u][where.get(k)[1]] = r.words().get(k);
      }
      // Text per utterance: a masked span reads as its mask where it starts, as **** where it
      // carries on
      // from the utterance before.
      StringBuilder[] text = new StringBuilder[n];
      for (int k = 0; k < stream.size(); k++) {
        int u = where.get(k)[0];
        boolean firstInUtterance = where.get(k)[1] == 0;
        if (text[u] == null) {
          text[u] = new StringBuilder();
        }
        Redactor.Span sp = spanAt[k];
        String piece;
        if (sp == null) {
          piece = stream.get(k);
        } else if (k == sp.from()) {
          piece = sp.mask();
        } else if (firstInUtterance) {
          piece = "****";
        } else {
          continue;
        }
        if (text[u].length() > 0) {
          text[u].append(' ');
        }
        text[u].append(piece);
      }
      for (int u = 0; u < n; u++) {
        if (text[u] != null) {
          texts[u] = text[u].toString();
        }
      }
    }
    Row[] rows = new Row[n];
    for (int u = 0; u < n; u++) {
      Utterance utt = utterances.get(u);
      Row[] words = new Row[utt.words().size()];
      for (int w = 0; w < words.length; w++) {
        Word word = utt.words().get(w);
        words[w] =
            RowBuilder.of("transcript word", Transcripts.WORD_SCHEMA)
                .set(Transcripts.WORD, maskedWords[u][w])
                .set(Transcripts.START_S, word.startS())
                .set(Transcripts.END_S, word.endS())
                .set(Transcripts.CONFIDENCE, word.confidence())
                .build();
      }
      rows[u] =
          RowBuilder.of("utterance", UTTERANCE_SCHEMA)
              .set(Transcripts.UTTERANCE_NO, u)
              .set(Transcripts.SPEAKER, utt.speaker().name())
              .set(Transcripts.START_S, utt.startS())
              .set(Transcripts.END_S, utt.endS())
              .set(Transcripts.TEXT, texts[u])
              .set(Transcripts.CONFIDENCE, utt.confidence())
              .set(Transcripts.WORDS, words)
              .set(Transcripts.MASKED, spansStarting[u])
              .build();
    }
    return new Masked(rows, List.copyOf(audioSpans));
  }
}
