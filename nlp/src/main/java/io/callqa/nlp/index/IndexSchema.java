package io.callqa.nlp.index;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.callqa.nlp.Checksums;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * The one place for the index's field names, the analyzer of each field (shared by {@link
 * TranscriptIndex} and the query parser of {@link TranscriptSearcher}) and {@link #toDocument}.
 *
 * <p>Text goes to one field per speaker and language, {@code text_<speaker>_<language>}: English
 * through {@link EnglishAnalyzer} with no stop words (so "not" and "no" stay searchable), Chinese
 * through smartcn's word segmentation, so 挂失 and "lost card" are both words. Each line is its own
 * value of its field, with a position gap of {@value #LINE_GAP} between lines, so a phrase or a
 * proximity query never spans two utterances; a highlighted passage is exactly one line. Offsets
 * are in the postings (no re-analysis when highlighting). The whole conversation is stored as JSON
 * in {@link #SOURCE}.
 *
 * <p>For ranking, every line of a conversation is also indexed, in order and whoever said it, in
 * one field per language, {@code together_<language>} ({@link #togetherField}): consecutive lines
 * are {@value #NEAR_GAP} positions apart when the next starts within {@value #NEAR_S} s of the end
 * of the one before (a question and its answer), {@value #LINE_GAP} otherwise (and always between
 * written lines). A sloppy phrase over it finds query words said together, in one utterance or
 * across a quick exchange of the two speakers; {@link TranscriptSearcher} adds it to a query's
 * score and never uses it to decide what matches.
 */
public final class IndexSchema {

  /**
   * Version of the document layout: an index committed under another version is rebuilt, not
   * updated. Raise it when {@link #toDocument} or the analyzers change.
   */
  public static final String VERSION = "6";

  public static final String ID = "id";
  public static final String KIND = "kind";
  public static final String DAY = "day";
  public static final String STARTED_AT = "started_at";
  public static final String LANGUAGE = "language";
  public static final String SITE = "site";
  public static final String QUEUE = "queue";
  public static final String SEGMENT = "segment";
  public static final String AGENT_ID = "agent_id";
  public static final String CHANNEL = "channel";
  public static final String CSAT = "csat";
  public static final String HANDLE_S = "handle_s";
  public static final String HAS_COMPLAINT = "has_complaint";
  public static final String CONFIDENCE = "confidence";
  public static final String CATEGORY = "category";
  public static final String FINGERPRINT = "fingerprint";
  public static final String SOURCE = "source";

  /**
   * The key of the index's commit data holding the centre's time zone (an id such as
   * Asia/Shanghai): the review page shows times in it.
   */
  public static final String COMMIT_TIME_ZONE = "centre.time-zone";

  /** Facet dimensions counted for every query (day: the local day, yyyy-mm-dd). */
  public static final List<String> FACETS =
      List.of(SITE, QUEUE, AGENT_ID, CATEGORY, KIND, LANGUAGE, DAY);

  /** Fields a query may name for an exact value, e.g. {@code site:SHANGHAI}. */
  public static final Set<String> KEYWORD_FIELDS =
      Set.of(ID, KIND, LANGUAGE, SITE, QUEUE, SEGMENT, AGENT_ID, CHANNEL, HAS_COMPLAINT, CATEGORY);

  /** Languages with an analyzer of their own; any other language is analysed as English. */
  public static final List<String> LANGUAGES = List.of("en", "zh");

  /**
   * Character between lines of one field when the highlighter joins them (a paragraph separator).
   */
  public static final char LINE_SEPARATOR = '\u2029';

  static final int LINE_GAP = 100;

  /** Positions between two lines said within {@link #NEAR_S} of each other. */
  static final int NEAR_GAP = 5;

  /** Seconds between one line's end and the next one's start that still count as together. */
  static final double NEAR_S = 3.0;

  private static final String TEXT_PREFIX = "text_";

  private static final String TOGETHER_PREFIX = "together_";

  /** Positions only: the together fields are for scoring, never highlighted or shown. */
  private static final FieldType TOGETHER_TYPE = togetherType();

  private static final FieldType TEXT_TYPE = textType();

  private static final ObjectMapper JSON = json();

  private static final FacetsConfig FACETS_CONFIG = facets();

  /** Analyses the together fields' lines as they are added (analyzers are thread-safe). */
  private static final Analyzer ANALYZER = analyzer();

  private IndexSchema() {}

  /** The text field of a speaker's lines in a language, e.g. {@code text_customer_zh}. */
  public static String textField(Speaker speaker, String language) {
    return TEXT_PREFIX + speaker.name().toLowerCase(Locale.ROOT) + "_" + analyzedLanguage(language);
  }

  /** The field of all lines of a conversation in a language, for proximity scoring. */
  static String togetherField(String language) {
    return TOGETHER_PREFIX + analyzedLanguage(language);
  }

  /** The language of a text field, e.g. zh for {@code text_customer_zh}. */
  static String languageOf(String textField) {
    return textField.substring(textField.lastIndexOf('_') + 1);
  }

  /** Every text field of a speaker (one per language). */
  public static List<String> textFields(Speaker speaker) {
    List<String> out = new ArrayList<>();
    for (String lang : LANGUAGES) {
      out.add(textField(speaker, lang));
    }
    return out;
  }

  /** Every text field. */
  public static List<String> textFields() {
    List<String> out = new ArrayList<>();
    for (Speaker s : Speaker.values()) {
      out.addAll(textFields(s));
    }
    return out;
  }

  /** The speaker whose lines a text field holds. */
  public static Speaker speakerOf(String textField) {
    String rest = textField.substring(TEXT_PREFIX.length());
    return Speaker.valueOf(rest.substring(0, rest.lastIndexOf('_')).toUpperCase(Locale.ROOT));
  }

  static boolean isTextField(String field) {
    return field.startsWith(TEXT_PREFIX);
  }

  private static String analyzedLanguage(String language) {
    return "zh".equals(language) ? "zh" : "en";
  }

  /** Per-field analysis: English or smartcn on text fields, keyword fields untouched. */
  public static Analyzer analyzer() {
    Analyzer english = new EnglishAnalyzer(CharArraySet.EMPTY_SET);
    Analyzer chinese = new SmartChineseAnalyzer();
    Analyzer keyword = new StandardAnalyzer(CharArraySet.EMPTY_SET);
    Map<String, Analyzer> byField = new HashMap<>();
    for (String f : textFields()) {
      byField.put(f, f.endsWith("_zh") ? chinese : english);
    }
    for (String lang : LANGUAGES) {
      byField.put(togetherField(lang), "zh".equals(lang) ? chinese : english);
    }
    return new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
      @Override
      protected Analyzer getWrappedAnalyzer(String fieldName) {
        return byField.getOrDefault(fieldName, keyword);
      }

      @Override
      public int getPositionIncrementGap(String fieldName) {
        return isTextField(fieldName) ? LINE_GAP : 0;
      }
    };
  }

  static FacetsConfig facetsConfig() {
    return FACETS_CONFIG;
  }

  /** The Lucene document of a conversation. */
  public static Document toDocument(Conversation c) {
    Document d = new Document();
    d.add(new StringField(ID, c.id(), Field.Store.YES));
    // Ties in score or time are broken by id, so results do not depend on how the index was built
    // (one
    // writer or shards merged) or on its segments' order.
    d.add(new SortedDocValuesField(ID, new BytesRef(c.id())));
    keyword(d, KIND, c.kind().name());
    // Which hits are chats, read below a page without the stored source (same-line groups).
    d.add(new SortedDocValuesField(KIND, new BytesRef(c.kind().name())));
    d.add(new LongPoint(DAY, c.day().toEpochDay()));
    d.add(new NumericDocValuesField(STARTED_AT, c.startedAt().toEpochMilli()));
    keyword(d, LANGUAGE, c.language());
    keyword(d, SITE, c.site());
    keyword(d, QUEUE, c.queue());
    keyword(d, SEGMENT, c.segment());
    keyword(d, AGENT_ID, c.agentId());
    keyword(d, CHANNEL, c.channel());
    keyword(d, HAS_COMPLAINT, Boolean.toString(c.hasComplaint()));
    for (String category : c.categoryNames()) {
      keyword(d, CATEGORY, category);
    }
    if (c.csat() != null) {
      d.add(new IntPoint(CSAT, c.csat()));
    }
    if (c.handleS() != null) {
      d.add(new DoublePoint(HANDLE_S, c.handleS()));
    }
    if (c.confidence() != null) {
      d.add(new DoublePoint(CONFIDENCE, c.confidence()));
    }
    for (String dim : FACETS) {
      for (String value : facetValues(c, dim)) {
        d.add(new SortedSetDocValuesFacetField(dim, value));
      }
    }
    for (Line line : c.lines()) {
      d.add(new Field(textField(line.speaker(), c.language()), line.text(), TEXT_TYPE));
    }
    if (!c.lines().isEmpty()) {
      String together = togetherField(c.language());
      d.add(new Field(together, TogetherTokens.of(ANALYZER, together, c.lines()), TOGETHER_TYPE));
    }
    String json = toJson(c);
    d.add(new StoredField(FINGERPRINT, digest(json)));
    d.add(new StoredField(SOURCE, json));
    try {
      return FACETS_CONFIG.build(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> facetValues(Conversation c, String dim) {
    if (CATEGORY.equals(dim)) {
      return List.copyOf(c.categoryNames());
    }
    String one =
        switch (dim) {
          case SITE -> c.site();
          case QUEUE -> c.queue();
          case AGENT_ID -> c.agentId();
          case KIND -> c.kind().name();
          case LANGUAGE -> c.language();
          case DAY -> c.day().toString();
          default -> throw new IllegalArgumentException("not a facet: " + dim);
        };
    return one == null || one.isEmpty() ? List.of() : List.of(one);
  }

  private static FacetsConfig facets() {
    FacetsConfig config = new FacetsConfig();
    config.setMultiValued(CATEGORY, true);
    return config;
  }

  private static void keyword(Document d, String field, String value) {
    if (value != null) {
      d.add(new StringField(field, value, Field.Store.NO));
    }
  }

  /**
   * The lines of one text field in order, as the highlighter joins them: line {@code k} of the
   * returned list starts after the k-th {@link #LINE_SEPARATOR}.
   */
  static List<Line> linesOf(Conversation c, String textField) {
    Speaker speaker = speakerOf(textField);
    List<Line> out = new ArrayList<>();
    for (Line l : c.lines()) {
      if (l.speaker() == speaker) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * A digest of everything indexed about a conversation: equal digests mean there is nothing to
   * re-index.
   */
  public static String fingerprint(Conversation c) {
    return digest(toJson(c));
  }

  private static String digest(String json) {
    return Checksums.sha256Hex(json.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  /**
   * The stored JSON form of a conversation (map keys sorted, so equal conversations give equal
   * JSON).
   */
  public static String toJson(Conversation c) {
    try {
      return JSON.writeValueAsString(c);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write conversation " + c.id() + " as JSON", e);
    }
  }

  /** Reads {@link #toJson}'s form back. */
  public static Conversation fromJson(String json) {
    try {
      return JSON.readValue(json, Conversation.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "stored conversation is not readable JSON: " + e.getMessage(), e);
    }
  }

  private static FieldType togetherType() {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setOmitNorms(true);
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    t.freeze();
    return t;
  }

  private static FieldType textType() {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setStored(true);
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    t.freeze();
    return t;
  }

  private static ObjectMapper json() {
    SimpleModule time = new SimpleModule("callqa-time");
    time.addSerializer(LocalDate.class, new ToStringSerializer<>());
    time.addSerializer(Instant.class, new ToStringSerializer<>());
    time.addDeserializer(
        LocalDate.class,
        new JsonDeserializer<>() {
          @Override
          public LocalDate deserialize(JsonParser p, DeserializationContext ctx)
              throws IOException {
            return LocalDate.parse(p.getValueAsString());
          }
        });
    time.addDeserializer(
        Instant.class,
        new JsonDeserializer<>() {
          @Override
          public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return Instant.parse(p.getValueAsString());
          }
        });
    return new ObjectMapper()
        .registerModule(time)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  private static final class ToStringSerializer<T> extends JsonSerializer<T> {
    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }
}
