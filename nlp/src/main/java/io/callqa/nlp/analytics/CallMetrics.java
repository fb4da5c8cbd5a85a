package io.callqa.nlp.analytics;

import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-conversation metrics QA teams read in speech-analytics suites, from utterance times and text.
 *
 * <ul>
 *   <li>Talk time per speaker: the union of that speaker's utterance spans (overlapping utterances
 *       of one speaker count once). Call length: from 0 to the last utterance's end.
 *   <li>Non-talk: gaps between the union of everybody's speech at least {@code gapS} long (3 s by
 *       default): their count and seconds; silence share = call length minus any speech, over call
 *       length.
 *   <li>Talk-over: spans where agent and customer speak at once; count, seconds, and who
 *       interrupted (the one who started while the other was already speaking).
 *   <li>Agent/customer talk ratio; words per minute of own talk time; longest customer monologue
 *       (customer speech with no agent utterance starting in between).
 *   <li>Sentiment ({@link Sentiment}) per speaker overall, in the first and last quarter of the
 *       call (by time, or by line for chats), and the customer's shift from first to last quarter.
 * </ul>
 *
 * Time metrics are null for written conversations (no times) and speaker metrics need a stereo
 * call.
 */
public record CallMetrics(
    String language,
    Double durationS,
    Double agentTalkS,
    Double customerTalkS,
    Integer longGaps,
    Double nonTalkS,
    Double silenceShare,
    Integer overlaps,
    Double overlapS,
    Integer agentInterruptions,
    Integer customerInterruptions,
    Double talkRatio,
    Double agentWpm,
    Double customerWpm,
    Double longestCustomerMonologueS,
    double agentSentiment,
    double customerSentiment,
    double agentSentimentFirst,
    double agentSentimentLast,
    double customerSentimentFirst,
    double customerSentimentLast,
    double customerSentimentShift) {

  public static final double DEFAULT_GAP_S = 3.0;

  // The names of the metrics other classes read by name (the review page's facts and evidence).
  public static final String LONG_GAPS = "long_gaps";
  public static final String NON_TALK_S = "non_talk_s";
  public static final String SILENCE_SHARE = "silence_share";
  public static final String OVERLAPS = "overlaps";
  public static final String OVERLAP_S = "overlap_s";
  public static final String AGENT_INTERRUPTIONS = "agent_interruptions";
  public static final String CUSTOMER_INTERRUPTIONS = "customer_interruptions";
  public static final String CUSTOMER_SENTIMENT_SHIFT = "customer_sentiment_shift";

  /**
   * Every metric's name, in column order: the keys of {@link #asMap}, the metrics a scorecard may
   * test and the metric columns of the {@code call_analytics} table (described there; a test in the
   * jobs module keeps the two lists equal).
   */
  public static final List<String> NAMES =
      List.of(
          "duration_s",
          "agent_talk_s",
          "customer_talk_s",
          LONG_GAPS,
          NON_TALK_S,
          SILENCE_SHARE,
          OVERLAPS,
          OVERLAP_S,
          AGENT_INTERRUPTIONS,
          CUSTOMER_INTERRUPTIONS,
          "talk_ratio",
          "agent_wpm",
          "customer_wpm",
          "longest_customer_monologue_s",
          "agent_sentiment",
          "customer_sentiment",
          "agent_sentiment_first",
          "agent_sentiment_last",
          "customer_sentiment_first",
          "customer_sentiment_last",
          CUSTOMER_SENTIMENT_SHIFT);

  /** Names of the metrics a scorecard may test, with their values (null when not applicable). */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("duration_s", durationS);
    m.put("agent_talk_s", agentTalkS);
    m.put("customer_talk_s", customerTalkS);
    m.put(LONG_GAPS, longGaps == null ? null : longGaps.doubleValue());
    m.put(NON_TALK_S, nonTalkS);
    m.put(SILENCE_SHARE, silenceShare);
    m.put(OVERLAPS, overlaps == null ? null : overlaps.doubleValue());
    m.put(OVERLAP_S, overlapS);
    m.put(
        AGENT_INTERRUPTIONS, agentInterruptions == null ? null : agentInterruptions.doubleValue());
    m.put(
        CUSTOMER_INTERRUPTIONS,
        customerInterruptions == null ? null : customerInterruptions.doubleValue());
    m.put("talk_ratio", talkRatio);
    m.put("agent_wpm", agentWpm);
    m.put("customer_wpm", customerWpm);
    m.put("longest_customer_monologue_s", longestCustomerMonologueS);
    m.put("agent_sentiment", agentSentiment);
    m.put("customer_sentiment", customerSentiment);
    m.put("agent_sentiment_first", agentSentimentFirst);
    m.put("agent_sentiment_last", agentSentimentLast);
    m.put("customer_sentiment_first", customerSentimentFirst);
    m.put("customer_sentiment_last", customerSentimentLast);
    m.put(CUSTOMER_SENTIMENT_SHIFT, customerSentimentShift);
    return m;
  }

  /** Computes the metrics of one conversation's lines (in any order). */
  public static CallMetrics compute(List<Line> lines, String language, double gapS) {
    List<Line> ls = new ArrayList<>(lines);
    boolean timed =
        !ls.isEmpty() && ls.stream().allMatch(l -> l.startS() != null && l.endS() != null);
    if (timed) {
      ls.sort(Comparator.comparingDouble(Line::startS).thenComparingInt(Line::no));
    } else {
      ls.sort(Comparator.comparingInt(Line::no));
    }
    boolean stereo =
        ls.stream().anyMatch(l -> l.speaker() == Speaker.AGENT)
            || ls.stream().anyMatch(l -> l.speaker() == Speaker.CUSTOMER);

    Double duration = null,
        agentTalk = null,
        customerTalk = null,
        nonTalk = null,
        silence = null,
        overlapS = null;
    Integer gaps = null, overlaps = null, agentInt = null, customerInt = null;
    Double ratio = null, agentWpm = null, customerWpm = null, monologue = null;
    if (timed) {
      duration = ls.stream().mapToDouble(Line::endS).max().orElse(0);
      List<double[]> all = union(spans(ls, null));
      double speech = total(all);
      silence = duration > 0 ? Math.max(0, duration - speech) / duration : 0.0;
      gaps = 0;
      nonTalk = 0.0;
      for (int i = 1; i < all.size(); i++) {
        double g = all.get(i)[0] - all.get(i - 1)[1];
        if (g >= gapS) {
          gaps++;
          nonTalk += g;
        }
      }
      if (stereo) {
        List<double[]> a = union(spans(ls, Speaker.AGENT));
        List<double[]> c = union(spans(ls, Speaker.CUSTOMER));
        agentTalk = total(a);
        customerTalk = total(c);
        ratio = customerTalk > 0 ? agentTalk / customerTalk : null;
        agentWpm = wpm(ls, Speaker.AGENT, agentTalk);
        customerWpm = wpm(ls, Speaker.CUSTOMER, customerTalk);
        overlaps = 0;
        overlapS = 0.0;
        for (double[] x : a) {
          for (double[] y : c) {
            double o = Math.min(x[1], y[1]) - Math.max(x[0], y[0]);
            if (o > 0) {
              overlaps++;
              overlapS += o;
            }
          }
        }
        agentInt = interruptions(ls, Speaker.AGENT, Speaker.CUSTOMER);
        customerInt = interruptions(ls, Speaker.CUSTOMER, Speaker.AGENT);
        monologue = longestMonologue(ls);
      }
    }
    Quarters agent = quarters(ls, Speaker.AGENT, timed, duration);
    Quarters customer = quarters(ls, Speaker.CUSTOMER, timed, duration);
    return new CallMetrics(
        language,
        duration,
        agentTalk,
        customerTalk,
        gaps,
        nonTalk,
        silence,
        overlaps,
        overlapS,
        agentInt,
        customerInt,
        ratio,
        agentWpm,
        customerWpm,
        monologue,
        agent.all,
        customer.all,
        agent.first,
        agent.last,
        customer.first,
        customer.last,
        customer.last - customer.first);
  }

  private record Quarters(double all, double first, double last) {}

  private static Quarters quarters(List<Line> ls, Speaker who, boolean timed, Double duration) {
    Sentiment.Tally all = Sentiment.Tally.NONE;
    Sentiment.Tally first = Sentiment.Tally.NONE;
    Sentiment.Tally last = Sentiment.Tally.NONE;
    int n = ls.size();
    for (int i = 0; i < n; i++) {
      Line l = ls.get(i);
      if (l.speaker() != who) {
        continue;
      }
      Sentiment.Tally t = Sentiment.tally(l.text());
      all = all.plus(t);
      double pos =
          timed && duration != null && duration > 0 ? l.startS() / duration : (double) i / n;
      if (pos < 0.25) {
        first = first.plus(t);
      }
      double end =
          timed && duration != null && duration > 0 ? l.endS() / duration : (double) (i + 1) / n;
      if (end > 0.75) {
        last = last.plus(t);
      }
    }
    return new Quarters(round(all.score()), round(first.score()), round(last.score()));
  }

  static List<double[]> spans(List<Line> ls, Speaker who) {
    List<double[]> out = new ArrayList<>();
    for (Line l : ls) {
      if (who == null || l.speaker() == who) {
        out.add(new double[] {l.startS(), Math.max(l.startS(), l.endS())});
      }
    }
    return out;
  }

  /** Merges overlapping spans; input sorted by start. */
  static List<double[]> union(List<double[]> spans) {
    List<double[]> out = new ArrayList<>();
    spans.sort(Comparator.comparingDouble(s -> s[0]));
    for (double[] s : spans) {
      if (!out.isEmpty() && s[0] <= out.get(out.size() - 1)[1]) {
        double[] last = out.get(out.size() - 1);
        last[1] = Math.max(last[1], s[1]);
      } else {
        out.add(new double[] {s[0], s[1]});
      }
    }
    return out;
  }

  private static double total(List<double[]> spans) {
    return round(spans.stream().mapToDouble(s -> s[1] - s[0]).sum());
  }

  private static Double wpm(List<Line> ls, Speaker who, double talkS) {
    if (talkS <= 0) {
      return null;
    }
    long words =
        ls.stream()
            .filter(l -> l.speaker() == who)
            .mapToLong(l -> Tokens.of(l.text()).size())
            .sum();
    return round(words / (talkS / 60));
  }

  /** Utterances of {@code who} that start while an utterance of {@code other} is still going. */
  private static int interruptions(List<Line> ls, Speaker who, Speaker other) {
    int n = 0;
    for (Line l : ls) {
      if (l.speaker() != who) {
        continue;
      }
      for (Line o : ls) {
        if (o.speaker() == other && o.startS() < l.startS() && o.endS() > l.startS() + 0.25) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private static Double longestMonologue(List<Line> ls) {
    double best = 0;
    Double start = null;
    double end = 0;
    for (Line l : ls) {
      if (l.speaker() == Speaker.CUSTOMER) {
        if (start == null) {
          start = l.startS();
        }
        end = Math.max(end, l.endS());
        best = Math.max(best, end - start);
      } else if (l.speaker() == Speaker.AGENT) {
        start = null;
        end = 0;
      }
    }
    return round(best);
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
