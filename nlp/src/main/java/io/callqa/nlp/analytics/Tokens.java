package io.callqa.nlp.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tokens rules and sentiment see: lower-case Latin words (letters, digits, apostrophes, {@code
 * *} from masking), and each Han character on its own, so a Chinese phrase is a run of consecutive
 * tokens and "within N words" counts characters in Chinese. Curly apostrophes become straight ones.
 */
final class Tokens {
  /**
   * Words that negate what follows a few tokens later ("not happy", "don't want to cancel", 不满意
   * aside, which is a word of its own): shared by {@link Sentiment} and the negation check of
   * {@link CategoryRules}.
   */
  static final Set<String> NEGATORS =
      Set.of(
          "not",
          "no",
          "never",
          "don't",
          "dont",
          "didn't",
          "doesn't",
          "isn't",
          "wasn't",
          "aren't",
          "won't",
          "wouldn't",
          "haven't",
          "hasn't",
          "can't",
          "cannot",
          "hardly",
          "不",
          "没",
          "别",
          "未",
          "无");

  private Tokens() {}

  static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    String s = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
        flush(word, out);
        out.add(new String(Character.toChars(cp)));
      } else if (Character.isLetterOrDigit(cp) || cp == '\'' || cp == '*') {
        word.appendCodePoint(cp);
      } else {
        flush(word, out);
      }
    }
    flush(word, out);
    return out;
  }

  private static void flush(StringBuilder word, List<String> out) {
    if (word.length() > 0) {
      String w = word.toString();
      // "card's" -> "card's"; a lone quote is no word.
      if (!w.equals("'")) {
        out.add(w);
      }
      word.setLength(0);
    }
  }

  static boolean isHan(String token) {
    return !token.isEmpty()
        && Character.UnicodeScript.of(token.codePointAt(0)) == Character.UnicodeScript.HAN;
  }
}
