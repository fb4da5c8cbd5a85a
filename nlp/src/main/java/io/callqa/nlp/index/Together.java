package io.callqa.nlp.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Ranks conversations where the query's words were said together above those where they are
 * scattered: the words of a query (those not under NOT, each language's analysis apart) become
 * sloppy phrases over the {@link IndexSchema#togetherField together field}, added to the query as
 * optional clauses. What matches is the query's alone; the phrases only add to the score, more the
 * closer the words are (Lucene's sloppy frequency, 1 / (1 + distance)), so the words of one
 * utterance, or of a question and its answer within {@link IndexSchema#NEAR_S} seconds, score
 * highest. A phrase counts as one word (its first); prefix, wildcard and fuzzy terms take no part;
 * a query of one word or one phrase is left as it is.
 *
 * <p>Measured on the relevance set in the tests ({@code RelevanceSetTest}): weights from 0.5 to 4
 * give the same ranking there; 2 is in the middle.
 */
final class Together {

  /** Words apart (edit distance of positions) that still count as said together. */
  static final int SLOP = 15;

  /** Boost of the all-words phrase, against the words' own score. */
  static final float WEIGHT = 2f;

  /** Above this many words only the all-words phrase is added (the pairs grow quadratically). */
  private static final int MAX_PAIRED_WORDS = 5;

  /** Words of a query beyond this are left out of the phrases. */
  private static final int MAX_WORDS = 8;

  private Together() {}

  /** {@code text} with the together clauses added, or {@code text} itself when there are none. */
  static Query boost(Query text) {
    Map<String, Set<BytesRef>> byLanguage = new LinkedHashMap<>();
    collect(text, false, byLanguage);
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(text, Occur.MUST);
    boolean added = false;
    for (Map.Entry<String, Set<BytesRef>> e : byLanguage.entrySet()) {
      List<BytesRef> words = new ArrayList<>(e.getValue());
      if (words.size() < 2) {
        continue;
      }
      words = words.subList(0, Math.min(words.size(), MAX_WORDS));
      String field = IndexSchema.togetherField(e.getKey());
      b.add(new BoostQuery(phrase(field, words), WEIGHT), Occur.SHOULD);
      if (words.size() > 2 && words.size() <= MAX_PAIRED_WORDS) {
        float pairWeight = WEIGHT / (words.size() - 1);
        for (int i = 0; i < words.size(); i++) {
          for (int j = i + 1; j < words.size(); j++) {
            b.add(
                new BoostQuery(phrase(field, List.of(words.get(i), words.get(j))), pairWeight),
                Occur.SHOULD);
          }
        }
      }
      added = true;
    }
    return added ? b.build() : text;
  }

  private static Query phrase(String field, List<BytesRef> words) {
    PhraseQuery.Builder p = new PhraseQuery.Builder().setSlop(SLOP);
    for (BytesRef w : words) {
      p.add(new Term(field, w));
    }
    return p.build();
  }

  /** The words of {@code q} on text fields, by language, outside any NOT. */
  private static void collect(Query q, boolean negated, Map<String, Set<BytesRef>> out) {
    if (negated) {
      return;
    }
    if (q instanceof BoostQuery b) {
      collect(b.getQuery(), false, out);
    } else if (q instanceof BooleanQuery b) {
      for (BooleanClause c : b.clauses()) {
        collect(c.getQuery(), c.getOccur() == Occur.MUST_NOT, out);
      }
    } else if (q instanceof TermQuery t) {
      add(t.getTerm(), out);
    } else if (q instanceof PhraseQuery p && p.getTerms().length > 0) {
      // A phrase is together already; its first word stands for it near the query's other words
      // (a phrase of common words, e.g. "did not make this purchase", would cost a sloppy match of
      // each of its words over every hit).
      add(p.getTerms()[0], out);
    }
  }

  private static void add(Term t, Map<String, Set<BytesRef>> out) {
    if (IndexSchema.isTextField(t.field())) {
      out.computeIfAbsent(IndexSchema.languageOf(t.field()), k -> new LinkedHashSet<>())
          .add(BytesRef.deepCopyOf(t.bytes()));
    }
  }
}
