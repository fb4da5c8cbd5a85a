package io.callqa.nlp.index;

import io.callqa.nlp.index.Conversation.Speaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Lucene's classic query syntax over conversations. A bare word searches what anybody said or
 * wrote; {@code agent:}, {@code customer:}, {@code unknown:} (mono recordings) and {@code ticket:}
 * restrict it to one speaker. Each word is looked up in the English and the Chinese field of that
 * speaker, each analysed by its own analyzer, so {@code customer:挂失} and {@code customer:"lost
 * card"} both work. Keyword fields ({@link IndexSchema#KEYWORD_FIELDS}, e.g. {@code site:SHANGHAI})
 * match exact values. Words are ANDed unless OR is written.
 *
 * <pre>
 * lost card                       both words, anyone
 * customer:"card stolen"~5        within 5 words, said by the customer
 * (fee OR charge) AND NOT waive   boolean
 * dispu* refun~                   prefix, fuzzy
 * </pre>
 */
final class ConversationQueryParser extends QueryParser {

  /** The field a bare word searches. */
  static final String ANY = "text";

  ConversationQueryParser(Analyzer analyzer) {
    super(ANY, analyzer);
    setDefaultOperator(QueryParser.AND_OPERATOR);
    setSplitOnWhitespace(true);
    // The first letter must match: keeps fuzzy terms to a few hundred candidates (p99 latency).
    setFuzzyPrefixLength(1);
    setAutoGeneratePhraseQueries(true);
  }

  @Override
  protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
    if (IndexSchema.KEYWORD_FIELDS.contains(field)) {
      return new TermQuery(new Term(field, text));
    }
    List<Query> parts = new ArrayList<>();
    for (String f : physical(field)) {
      add(parts, super.getFieldQuery(f, text, quoted));
    }
    return any(parts);
  }

  @Override
  protected Query getFieldQuery(String field, String text, int slop) throws ParseException {
    List<Query> parts = new ArrayList<>();
    for (String f : physical(field)) {
      add(parts, super.getFieldQuery(f, text, slop));
    }
    return any(parts);
  }

  @Override
  protected Query getPrefixQuery(String field, String text) throws ParseException {
    List<Query> parts = new ArrayList<>();
    for (String f : sameScript(physical(field), text)) {
      add(parts, super.getPrefixQuery(f, text));
    }
    return any(parts);
  }

  @Override
  protected Query getWildcardQuery(String field, String text) throws ParseException {
    List<Query> parts = new ArrayList<>();
    for (String f : sameScript(physical(field), text)) {
      add(parts, super.getWildcardQuery(f, text));
    }
    return any(parts);
  }

  @Override
  protected Query getFuzzyQuery(String field, String text, float similarity) throws ParseException {
    List<Query> parts = new ArrayList<>();
    for (String f : sameScript(physical(field), text)) {
      add(parts, super.getFuzzyQuery(f, text, similarity));
    }
    return any(parts);
  }

  @Override
  protected Query getRegexpQuery(String field, String text) throws ParseException {
    throw new QueryMistakes.Plain(
        "regular expressions (/" + text + "/) are not supported; use prefix* or fuzzy~");
  }

  @Override
  protected Query getRangeQuery(
      String field, String a, String b, boolean startIncl, boolean endIncl) throws ParseException {
    throw new QueryMistakes.Plain(
        "ranges (["
            + a
            + " TO "
            + b
            + "]) are not supported in the query; use the day, CSAT and handle-time"
            + " filters");
  }

  /** The text fields a query field stands for; a physical field stands for itself. */
  private static List<String> physical(String field) throws ParseException {
    if (IndexSchema.isTextField(field)) {
      return List.of(field);
    }
    if (ANY.equals(field)) {
      return IndexSchema.textFields();
    }
    for (Speaker s : Speaker.values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(field)) {
        return IndexSchema.textFields(s);
      }
    }
    throw new QueryMistakes.Plain(
        "unknown field '"
            + field
            + ":'; use agent:, customer:, unknown: or ticket: for who said it, or one of "
            + IndexSchema.KEYWORD_FIELDS.stream().sorted().toList()
            + " for an exact value");
  }

  /**
   * The fields a term left unanalysed (prefix, wildcard, fuzzy) can match: Chinese fields for a
   * term in Han characters, the others otherwise. Halves the terms enumerated.
   */
  private static List<String> sameScript(List<String> fields, String text) {
    boolean han =
        text.codePoints()
            .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      if (f.endsWith("_zh") == han) {
        out.add(f);
      }
    }
    return out.isEmpty() ? fields : out;
  }

  private static void add(List<Query> parts, Query q) {
    if (q != null) {
      parts.add(q);
    }
  }

  private static Query any(List<Query> parts) {
    if (parts.isEmpty()) {
      return null;
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Query q : parts) {
      b.add(q, BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }
}
