package io.callqa.nlp.analytics;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lexicon sentiment, explainable line by line: each word (English) or word of 1-4 characters
 * (Chinese, longest first) in the lexicon adds its weight to the positive or negative side; a
 * negator up to three tokens before it (not, never, don't, 不, 没, 别 ...) flips it ("not happy" is
 * negative, "not bad" positive); an intensifier just before it (very, really, 非常, 太 ...) multiplies
 * it by 1.5. A text's score is {@code (P - N) / (P + N + 1)}: 0 with no sentiment word, towards +1
 * or -1 as evidence grows; the +1 keeps a single word from reading as certainty.
 */
public final class Sentiment {

  private static final Map<String, Double> EN =
      Map.ofEntries(
          Map.entry("thank", 1.0),
          Map.entry("thanks", 1.0),
          Map.entry("great", 2.0),
          Map.entry("good", 1.0),
          Map.entry("perfect", 2.0),
          Map.entry("excellent", 2.0),
          Map.entry("appreciate", 2.0),
          Map.entry("helpful", 2.0),
          Map.entry("happy", 2.0),
          Map.entry("glad", 1.5),
          Map.entry("wonderful", 2.0),
          Map.entry("relief", 2.0),
          Map.entry("pleased", 2.0),
          Map.entry("awesome", 2.0),
          Map.entry("fantastic", 2.0),
          Map.entry("lovely", 2.0),
          Map.entry("nice", 1.0),
          Map.entry("satisfied", 2.0),
          Map.entry("brilliant", 2.0),
          Map.entry("resolved", 1.0),
          Map.entry("fixed", 1.0),
          Map.entry("easy", 1.0),
          Map.entry("acceptable", 1.0),
          Map.entry("angry", -2.0),
          Map.entry("upset", -2.0),
          Map.entry("frustrated", -2.0),
          Map.entry("frustrating", -2.0),
          Map.entry("terrible", -3.0),
          Map.entry("awful", -3.0),
          Map.entry("horrible", -3.0),
          Map.entry("ridiculous", -2.0),
          Map.entry("unacceptable", -3.0),
          Map.entry("worst", -3.0),
          Map.entry("bad", -1.5),
          Map.entry("annoyed", -2.0),
          Map.entry("disappointed", -2.0),
          Map.entry("complaint", -1.0),
          Map.entry("complain", -1.0),
          Map.entry("problem", -1.0),
          Map.entry("wrong", -1.0),
          Map.entry("unfair", -2.0),
          Map.entry("rude", -2.0),
          Map.entry("useless", -2.0),
          Map.entry("waste", -2.0),
          Map.entry("scam", -2.0),
          Map.entry("worried", -1.5),
          Map.entry("confused", -1.0),
          Map.entry("stupid", -2.0),
          Map.entry("nobody", -1.0),
          Map.entry("twice", -0.5),
          Map.entry("again", -0.5));

  private static final Map<String, Double> ZH =
      Map.ofEntries(
          Map.entry("谢谢", 1.0),
          Map.entry("感谢", 2.0),
          Map.entry("满意", 2.0),
          Map.entry("太好了", 2.0),
          Map.entry("很好", 1.5),
          Map.entry("解决了", 1.0),
          Map.entry("方便", 1.0),
          Map.entry("放心", 1.0),
          Map.entry("专业", 1.0),
          Map.entry("耐心", 1.0),
          Map.entry("不错", 1.5),
          Map.entry("不满意", -2.0),
          Map.entry("不满", -2.0),
          Map.entry("生气", -2.0),
          Map.entry("投诉", -1.0),
          Map.entry("太差", -3.0),
          Map.entry("很差", -2.0),
          Map.entry("差劲", -3.0),
          Map.entry("失望", -2.0),
          Map.entry("麻烦", -1.0),
          Map.entry("气死", -3.0),
          Map.entry("垃圾", -3.0),
          Map.entry("离谱", -2.0),
          Map.entry("无语", -2.0),
          Map.entry("着急", -1.5),
          Map.entry("担心", -1.5),
          Map.entry("骗", -2.0));

  private static final Set<String> INTENSIFIERS =
      Set.of("very", "really", "so", "extremely", "totally", "absolutely", "非", "太", "很", "特");

  private Sentiment() {}

  /** Positive and negative evidence of a text. */
  public record Tally(double positive, double negative) {
    public static final Tally NONE = new Tally(0, 0);

    public Tally plus(Tally o) {
      return new Tally(positive + o.positive, negative + o.negative);
    }

    /** {@code (P - N) / (P + N + 1)}, in (-1, 1). */
    public double score() {
      return (positive - negative) / (positive + negative + 1);
    }
  }

  public static double score(String text) {
    return tally(text).score();
  }

  public static Tally tally(String text) {
    List<String> t = Tokens.of(text);
    double p = 0;
    double n = 0;
    int lastEnd = 0; // a negator inside an earlier lexicon word (不 of 不满意) negates nothing after it
    for (int i = 0; i < t.size(); ) {
      double w = 0;
      int len = 1;
      if (Tokens.isHan(t.get(i))) {
        for (int k = Math.min(4, t.size() - i); k >= 1; k--) {
          Double v = ZH.get(String.join("", t.subList(i, i + k)));
          if (v != null) {
            w = v;
            len = k;
            break;
          }
        }
      } else {
        w = EN.getOrDefault(stem(t.get(i)), 0.0);
      }
      if (w != 0) {
        if (negated(t, Math.max(lastEnd, i - 3), i)) {
          w = -w * 0.75;
        }
        if (i > 0 && INTENSIFIERS.contains(t.get(i - 1))) {
          w *= 1.5;
        }
        if (w > 0) {
          p += w;
        } else {
          n -= w;
        }
        lastEnd = i + len;
      }
      i += len;
    }
    return new Tally(p, n);
  }

  private static boolean negated(List<String> t, int from, int i) {
    for (int k = from; k < i; k++) {
      if (Tokens.NEGATORS.contains(t.get(k))) {
        return true;
      }
    }
    return false;
  }

  /** Plural and -ed/-ing forms of lexicon words: "thanks" stays, "complaints" -> "complaint". */
  private static String stem(String w) {
    if (EN.containsKey(w)) {
      return w;
    }
    if (w.endsWith("s") && EN.containsKey(w.substring(0, w.length() - 1))) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }
}
