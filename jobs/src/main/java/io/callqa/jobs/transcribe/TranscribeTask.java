package io.callqa.jobs.transcribe;

import io.callqa.nlp.redact.Redactor;
import io.callqa.nlp.speech.SpeechModel;
import io.callqa.nlp.speech.SpeechService;
import io.callqa.nlp.speech.SpeechSettings;
import io.callqa.nlp.speech.Transcription;
import io.callqa.nlp.speech.TranscriptionStatus;
import io.callqa.nlp.speech.Utterance;
import io.callqa.nlp.speech.Word;
import io.callqa.warehouse.tables.TranscriptionRuns;
import io.callqa.warehouse.tables.Transcripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * What each Spark task does with its calls: stat the recording, skip it when the last run of the same
 * model saw the same file, else transcribe it through the executor's shared {@link SpeechService} and mask
 * the text. Emits one row per call transcribed: the {@link TranscriptionRuns} columns plus its utterances.
 */
final class TranscribeTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final String UTTERANCE_LIST = "utterance_list";

  /** An utterance as the transcripts table stores it, without the call's columns. */
  static final StructType UTTERANCE_SCHEMA =
      new StructType(
          java.util.Arrays.stream(Transcripts.SCHEMA.fields())
              .filter(f -> !List.of(Transcripts.CALL_ID, Transcripts.DAY, Transcripts.MODEL_ID).contains(f.name()))
              .toArray(StructField[]::new));

  static final StructType RESULT_SCHEMA =
      TranscriptionRuns.SCHEMA.add(UTTERANCE_LIST, DataTypes.createArrayType(UTTERANCE_SCHEMA, false), false);

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
  private final String runId;
  private final Map<String, String[]> models;
  private final Counters counters;

  TranscribeTask(SpeechSettings settings, String landing, String runId, Map<String, SpeechModel> models, Counters counters) {
    this.settings = settings;
    this.landing = landing;
    this.runId = runId;
    // Name and version per language; SpeechModel holds a Path, which is not serializable.
    this.models = new java.util.HashMap<>();
    models.forEach((lang, m) -> this.models.put(lang, new String[] {m.name(), m.version()}));
    this.counters = counters;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> calls) {
    SpeechService speech = SpeechService.shared(settings);
    Path recordings = Path.of(landing).resolve("recordings").normalize();
    List<Row> out = new ArrayList<>();
    while (calls.hasNext()) {
      Row c = calls.next();
      String callId = c.getString(0);
      String language = c.getString(2);
      String recording = c.getString(3);
      String modelId = c.getString(4);
      String prevRecording = c.isNullAt(5) ? null : c.getString(5);
      Long prevBytes = c.isNullAt(6) ? null : c.getLong(6);

      Path file = recordings.resolve(recording).normalize();
      long bytes = size(file);
      if (prevBytes != null && prevBytes == bytes && recording.equals(prevRecording)) {
        counters.unchanged.add(1);
        continue;
      }
      Transcription t;
      if (!file.startsWith(recordings)) {
        t = Transcription.without(TranscriptionStatus.FAILED,
            "recording path '" + recording + "' points outside the landing zone's recordings/ folder", 0);
      } else {
        t = speech.transcribe(file, language);
      }
      out.add(toRow(c, bytes, modelId, t));
      counters.calls.add(1);
      counters.audioMillis.add(Math.round(t.audioS() * 1000));
      counters.processingMillis.add(Math.round(t.processingS() * 1000));
    }
    return out.iterator();
  }

  private Row toRow(Row c, long bytes, String modelId, Transcription t) {
    String language = c.getString(2);
    String[] model = models.get(language);
    List<Row> utterances = new ArrayList<>();
    int words = 0;
    int masked = 0;
    for (Utterance u : t.utterances()) {
      Row r = maskedUtterance(utterances.size(), u);
      masked += r.getInt(r.size() - 1);
      words += u.words().size();
      utterances.add(r);
    }
    return RowFactory.create(
        c.getString(0), modelId, c.get(1), language, c.getString(3), bytes,
        model == null ? null : model[0], model == null ? null : model[1],
        t.status().name(), t.reason(), t.audioS(), t.processingS(), t.encoding(),
        t.sourceRate() == 0 ? null : t.sourceRate(), t.channels() == 0 ? null : t.channels(),
        utterances.size(), words, masked, Instant.now(), runId, utterances.toArray(Row[]::new));
  }

  /** An utterance row with its text and words masked; the last column counts the masked spans. */
  static Row maskedUtterance(int no, Utterance u) {
    List<String> texts = u.words().stream().map(Word::text).toList();
    Redactor.Result r = Redactor.redactWords(texts);
    StringBuilder text = new StringBuilder();
    int i = 0;
    int span = 0;
    while (i < texts.size()) {
      if (text.length() > 0) {
        text.append(' ');
      }
      if (span < r.spans().size() && r.spans().get(span).from() == i) {
        text.append(r.spans().get(span).mask());
        i = r.spans().get(span).to();
        span++;
      } else {
        text.append(texts.get(i));
        i++;
      }
    }
    List<Row> words = new ArrayList<>(texts.size());
    for (int k = 0; k < texts.size(); k++) {
      Word w = u.words().get(k);
      words.add(RowFactory.create(r.words().get(k), w.startS(), w.endS(), w.confidence()));
    }
    return RowFactory.create(
        no, u.speaker().name(), u.startS(), u.endS(), text.toString(), u.confidence(), words.toArray(Row[]::new),
        r.spans().size());
  }

  private static long size(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
