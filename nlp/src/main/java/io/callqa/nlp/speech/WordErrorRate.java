package io.callqa.nlp.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by Levenshtein
 * alignment of normalised words (lower case, punctuation dropped, apostrophes kept).
 */
public final class WordErrorRate {
  /** Edit counts of one comparison; sums over many comparisons give a corpus WER. */
  public record Counts(int referenceWords, int errors) {
    public Counts plus(Counts o) {
      return new Counts(referenceWords + o.referenceWords, errors + o.errors);
    }

    /** errors / reference words; 0 for an empty reference with no errors. */
    public double rate() {
      return referenceWords == 0 ? (errors == 0 ? 0 : 1) : errors / (double) referenceWords;
    }
  }

  private WordErrorRate() {}

  /** Compares a hypothesis with a reference. */
  public static Counts of(String reference, String hypothesis) {
    List<String> r = words(reference);
    List<String> h = words(hypothesis);
    int[] prev = new int[h.size() + 1];
    int[] cur = new int[h.size() + 1];
    for (int j = 0; j <= h.size(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= r.size(); i++) {
      cur[0] = i;
      for (int j = 1; j <= h.size(); j++) {
        int sub = prev[j - 1] + (r.get(i - 1).equals(h.get(j - 1)) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return new Counts(r.size(), prev[h.size()]);
  }

  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (String w : s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]", " ").split("\\s+")) {
      if (!w.isBlank()) {
        out.add(w);
      }
    }
    return out;
  }
}
