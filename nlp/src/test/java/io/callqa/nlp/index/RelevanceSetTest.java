package io.callqa.nlp.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import io.callqa.nlp.index.SearchResult.Hit;
import io.callqa.nlp.index.TranscriptSearcher.Ranking;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranking measured on a labelled relevance set ({@code relevance/queries.tsv}): 42 reviewer
 * queries, English and Chinese, over a generated corpus where each query has two conversations that
 * say its words together (relevant) and two that hold the same words in other contexts, minutes
 * apart (distractors, e.g. "lost my job" ... "card services" for "lost card"), among 300
 * conversations of ordinary hotline talk. Every conversation is a call of 9-16 lines with real turn
 * timing; the lines and their order come from a seeded generator. MRR@10 and nDCG@10 are computed
 * with the words-only ranking (before issue 18) and with the together ranking; the figures are
 * printed and written to {@code target/relevance.txt}.
 */
class RelevanceSetTest {

  private static final List<String> FILLER_EN =
      List.of(
          "thank you for calling card services how can i help you today",
          "can i have your full name please",
          "let me check that for you",
          "please hold for a moment while i look into it",
          "is there anything else i can help you with",
          "thank you for your patience",
          "i can see your account here on my screen",
          "the system is a bit slow today sorry",
          "could you confirm the last four digits of your card",
          "yes that is correct",
          "okay great thank you",
          "one moment please",
          "i will send you a text message with the details",
          "you will get an email confirmation shortly",
          "have a nice day goodbye",
          "sure no problem at all",
          "can you confirm your date of birth for security",
          "i understand how frustrating that must be",
          "let me transfer you to the right team",
          "could you spell your surname for me",
          "i am calling about my account",
          "it should be done within two working days",
          "is the mobile number on file still yours",
          "alright i have made a note on your account");

  private static final List<String> FILLER_ZH =
      List.of(
          "您好 请问有什么可以帮您",
          "请稍等 我帮您查一下",
          "请问您的姓名是",
          "好的 没问题",
          "感谢您的来电",
          "请问还有其他问题吗",
          "系统有点慢 请您耐心等待",
          "我会给您发短信确认",
          "请核对一下您的手机号码",
          "谢谢 再见",
          "请问您的卡号后四位是多少",
          "我理解您的心情",
          "我帮您转接到相关部门",
          "这个需要两个工作日处理",
          "我已经在系统里备注了",
          "请问是本人吗");

  @TempDir static Path dir;

  /** A query of the set: its text, language and the ids of its relevant conversations. */
  record Judged(String query, String language, Set<String> relevant, Map<String, Integer> line) {}

  static final List<Judged> QUERIES = new ArrayList<>();

  /** The figures of both rankings, for the report. */
  record Figures(double mrr, double ndcg, double snippetOnTogetherLine) {}

  @BeforeAll
  static void build() throws IOException {
    Random rnd = new Random(18);
    List<Conversation> corpus = new ArrayList<>();
    int[] next = {0};
    String query = null;
    String language = null;
    List<String> together = new ArrayList<>();
    List<String[]> apart = new ArrayList<>();
    List<String> lines = readSet();
    lines.add("Q\tend\ten");
    for (String row : lines) {
      String[] f = row.split("\t");
      if (f[0].equals("Q")) {
        if (query != null) {
          Set<String> relevant = new HashSet<>();
          Map<String, Integer> at = new LinkedHashMap<>();
          for (String t : together) {
            String id = "R" + next[0]++;
            relevant.add(id);
            at.put(id, call(corpus, id, language, rnd, new String[] {t}));
          }
          for (String[] parts : apart) {
            call(corpus, "D" + next[0]++, language, rnd, parts);
          }
          QUERIES.add(new Judged(query, language, relevant, at));
        }
        query = f[1];
        language = f[2];
        together.clear();
        apart.clear();
      } else if (f[0].equals("R")) {
        together.add(f[1]);
      } else if (f[0].equals("D")) {
        apart.add(java.util.Arrays.copyOfRange(f, 1, f.length));
      }
    }
    for (int i = 0; i < 300; i++) {
      call(corpus, "B" + i, i % 3 == 0 ? "zh" : "en", rnd, new String[0]);
    }
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      corpus.forEach(index::put);
      index.commit(Map.of());
    }
  }

  private static List<String> readSet() throws IOException {
    try (InputStream in = RelevanceSetTest.class.getResourceAsStream("/relevance/queries.tsv")) {
      List<String> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) {
          out.add(l);
        }
      }
      return out;
    }
  }

  /**
   * A call of filler lines with {@code parts} said by the customer, each part at least three lines
   * after the one before; returns the line number of the first part.
   */
  private static int call(
      List<Conversation> corpus, String id, String language, Random rnd, String[] parts) {
    List<String> filler = "zh".equals(language) ? FILLER_ZH : FILLER_EN;
    int n = 9 + rnd.nextInt(8);
    int[] at = new int[parts.length];
    int pos = 1 + rnd.nextInt(3);
    for (int i = 0; i < parts.length; i++) {
      at[i] = pos | 1; // odd lines are the customer's
      pos = at[i] + 4 + 2 * rnd.nextInt(2);
    }
    n = Math.max(n, pos + 1);
    List<Line> ls = new ArrayList<>();
    double t = 0.5;
    int part = 0;
    for (int i = 0; i < n; i++) {
      String text =
          part < parts.length && i == at[part]
              ? parts[part++]
              : filler.get(rnd.nextInt(filler.size()));
      double len = 0.35 * Math.max(3, text.split(" ").length);
      Speaker speaker = i % 2 == 0 ? Speaker.AGENT : Speaker.CUSTOMER;
      ls.add(new Line(i, speaker, t, t + len, text));
      t += len + 0.3 + rnd.nextDouble() * 1.2;
    }
    corpus.add(
        new Conversation(
            id,
            Kind.CALL,
            LocalDate.of(2026, 3, 1 + corpus.size() % 28),
            Instant.parse("2026-03-01T01:00:00Z").plusSeconds(corpus.size() * 60L),
            language,
            "SHANGHAI",
            "CARD_SERVICES",
            "STANDARD",
            "A" + (corpus.size() % 17),
            "VOICE",
            null,
            t,
            false,
            0.9,
            null,
            ls,
            List.of(),
            Map.of()));
    return parts.length == 0 ? -1 : at[0];
  }

  static Figures measure(Ranking ranking, String language, StringBuilder detail) throws Exception {
    double mrr = 0;
    double ndcg = 0;
    int relevantShown = 0;
    int onLine = 0;
    int n = 0;
    try (TranscriptSearcher s =
        TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.PLAIN, ranking)) {
      for (Judged q : QUERIES) {
        if (language != null && !language.equals(q.language())) {
          continue;
        }
        n++;
        List<Hit> hits =
            s.search(SearchRequest.builder().query(q.query()).limit(10).build()).hits();
        double rr = 0;
        double dcg = 0;
        for (int i = 0; i < hits.size(); i++) {
          Hit h = hits.get(i);
          if (q.relevant().contains(h.id())) {
            if (rr == 0) {
              rr = 1.0 / (i + 1);
            }
            dcg += 1 / log2(i + 2);
            relevantShown++;
            if (h.lineNo() == q.line().get(h.id()).intValue()) {
              onLine++;
            }
          }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(10, q.relevant().size()); i++) {
          ideal += 1 / log2(i + 2);
        }
        mrr += rr;
        ndcg += dcg / ideal;
        if (detail != null) {
          detail.append(
              String.format(
                  Locale.ROOT,
                  "  %-8s %-24s RR %.2f  nDCG %.2f  top: %s%n",
                  ranking,
                  q.query(),
                  rr,
                  dcg / ideal,
                  hits.stream().limit(5).map(Hit::id).toList()));
        }
      }
    }
    return new Figures(mrr / n, ndcg / n, relevantShown == 0 ? 0 : (double) onLine / relevantShown);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void theSetHasFortyQueriesOrMoreInBothLanguages() {
    assertThat(QUERIES).hasSizeGreaterThanOrEqualTo(40);
    assertThat(QUERIES.stream().filter(q -> q.language().equals("zh")).count())
        .isGreaterThanOrEqualTo(12);
    assertThat(QUERIES).allSatisfy(q -> assertThat(q.relevant()).hasSize(2));
  }

  @Test
  void wordsSaidTogetherRankFirst() throws Exception {
    StringBuilder detail = new StringBuilder();
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "relevance set: %d queries (%d English, %d Chinese), judged per conversation%n",
            QUERIES.size(),
            QUERIES.stream().filter(q -> q.language().equals("en")).count(),
            QUERIES.stream().filter(q -> q.language().equals("zh")).count()));
    Map<String, Figures> figures = new LinkedHashMap<>();
    for (Ranking ranking : Ranking.values()) {
      for (String lang : new String[] {null, "en", "zh"}) {
        Figures f = measure(ranking, lang, lang == null ? detail : null);
        figures.put(ranking + "/" + (lang == null ? "all" : lang), f);
        report.append(
            String.format(
                Locale.ROOT,
                "%-9s %-4s MRR@10 %.3f  nDCG@10 %.3f  snippet on the together line %.1f%%%n",
                ranking,
                lang == null ? "all" : lang,
                f.mrr(),
                f.ndcg(),
                100 * f.snippetOnTogetherLine()));
      }
    }
    report.append(detail);
    System.out.print(report);
    Path out = Path.of("target", "relevance.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());

    Figures before = figures.get("WORDS/all");
    Figures after = figures.get("TOGETHER/all");
    assertThat(after.mrr()).isGreaterThanOrEqualTo(0.9).isGreaterThan(before.mrr() + 0.1);
    assertThat(after.ndcg()).isGreaterThanOrEqualTo(0.85).isGreaterThan(before.ndcg() + 0.1);
    assertThat(figures.get("TOGETHER/en").mrr()).isGreaterThanOrEqualTo(0.85);
    assertThat(figures.get("TOGETHER/zh").mrr()).isGreaterThanOrEqualTo(0.85);
    assertThat(after.snippetOnTogetherLine()).isGreaterThanOrEqualTo(0.95);
  }
}
