package io.callqa.tools.bench;

import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import io.callqa.nlp.index.QuerySyntaxException;
import io.callqa.nlp.index.SearchRequest;
import io.callqa.nlp.index.SearchResult;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.nlp.index.TranscriptSearcher;
import io.callqa.warehouse.LocalFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code callqa bench search}: builds a transcript index of N synthetic calls (5-7 utterances each,
 * at least 1,000,000 utterances for the default 200,000 calls) from 36 credit-card hotline dialogue
 * templates (24 English, 12 Chinese), up to 5 added words per English utterance drawn Zipf-wise
 * from 44 conversation and banking filler words or a tail of 20,000 generated rarer words (names,
 * merchants), 10% of calls in Chinese; then runs a fixed mix of 1,000 queries (terms, phrases,
 * proximity, boolean, prefix, fuzzy, Chinese, speaker restrictions, filters; every query with facet
 * counts and 10 highlighted hits) after 200 warm-up queries. Prints indexing utterances/s and
 * calls/s, index size, and latency percentiles, and writes them to {@code
 * bench/results/search.txt}.
 */
public final class SearchBenchmark {

  /** Benchmark settings. */
  public record Options(int calls, int queries, int threads, Path work, Path results, long seed) {}

  static final String[] SITES = {"SHANGHAI", "CHENGDU", "WUHAN", "SHENZHEN"};
  static final String[] QUEUES = {
    "CARD_SERVICES", "BILLING", "DISPUTES", "FRAUD", "ENGLISH", "VIP"
  };

  static final String[] AGENT_EN = {
    "thank you for calling card services my name is %n how can i help you today",
    "can you please confirm your date of birth and the last four digits of the card",
    "i have blocked the card and a replacement will arrive within five business days",
    "i understand your concern let me check the transaction history on your account",
    "the annual fee was charged on the statement date i can waive it this one time",
    "i have opened a dispute for the charge at %m and you will hear from us within ten days",
    "your payment of %a dollars was received on %d thank you",
    "is there anything else i can help you with today",
    "i will transfer you to my supervisor please hold the line",
    "for your security i need to verify your identity first",
    "your credit limit increase request has been approved",
    "i have reset your pin you can set a new one at any atm",
  };

  static final String[] CUSTOMER_EN = {
    "hi i lost my credit card this morning and i think it may have been stolen",
    "there is a charge from %m that i do not recognise on my statement",
    "why was i charged a late payment fee i paid on %d",
    "i want to cancel my card the annual fee is too high",
    "i would like to speak to a supervisor this is not acceptable",
    "my card was declined at %m yesterday can you tell me why",
    "i am travelling to %p next week will my card work there",
    "i forgot my pin and the atm kept my card",
    "can you increase my credit limit to %a dollars",
    "i already called twice about this and nobody fixed it i will file a complaint",
    "someone used my card online i did not make this purchase",
    "yes my date of birth is the %o of %d",
  };

  static final String[] AGENT_ZH = {
    "您好 这里是信用卡中心 我是%n 请问有什么可以帮您",
    "请您提供一下身份证后四位和卡号后四位",
    "已为您办理挂失 新卡将在七个工作日内寄出",
    "这笔年费可以为您申请减免",
    "我们已经为您提交了争议交易调查",
    "请问还有其他可以帮您的吗",
  };

  static final String[] CUSTOMER_ZH = {
    "我的信用卡丢了 我要挂失",
    "我账单上有一笔不认识的消费",
    "为什么收了我滞纳金 我已经还款了",
    "年费太高了 我要销卡",
    "我要投诉 你们的服务太差了",
    "我的卡被盗刷了 我要报警",
  };

  static final String[] FILLER = {
    "um",
    "so",
    "well",
    "okay",
    "yes",
    "no",
    "right",
    "actually",
    "please",
    "thanks",
    "sure",
    "really",
    "just",
    "account",
    "balance",
    "payment",
    "statement",
    "transaction",
    "merchant",
    "refund",
    "interest",
    "rate",
    "bank",
    "branch",
    "online",
    "app",
    "password",
    "email",
    "address",
    "phone",
    "number",
    "travel",
    "abroad",
    "cash",
    "withdrawal",
    "limit",
    "points",
    "rewards",
    "cashback",
    "installment",
    "minimum",
    "due",
    "overdue",
    "debit",
  };

  static final String[] NAMES = {"anna", "david", "li", "wang", "maria", "james", "chen", "sophie"};

  private final Options o;
  private final Consumer<String> out;
  private final ResultLines lines;
  private final String[] tail;

  public SearchBenchmark(Options o, Consumer<String> out) {
    this.o = o;
    this.out = out;
    this.lines = new ResultLines(out);
    this.tail = tailWords(20_000, new Random(o.seed()));
  }

  /** Runs it; returns the results file. */
  public Path run() throws IOException, QuerySyntaxException {
    Path dir = o.work().resolve("search-index");
    LocalFolders.deleteTree(dir);
    lines.say(
        String.format(
            Locale.ROOT,
            "# search benchmark: %,d synthetic calls, %d indexing threads, %,d queries (+200 warm-up)",
            o.calls(),
            o.threads(),
            o.queries()));

    AtomicInteger next = new AtomicInteger();
    AtomicLong utterances = new AtomicLong();
    long t0 = System.nanoTime();
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < o.threads(); t++) {
        Thread th =
            new Thread(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < o.calls()) {
                    Conversation c = call(i);
                    utterances.addAndGet(c.lines().size());
                    index.put(c);
                    if (i > 0 && i % 50_000 == 0) {
                      out.accept(
                          String.format(
                              Locale.ROOT,
                              "  indexed %,d calls (%.0f s)",
                              i,
                              (System.nanoTime() - t0) / 1e9));
                    }
                  }
                },
                "indexer-" + t);
        th.start();
        threads.add(th);
      }
      for (Thread th : threads) {
        try {
          th.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      index.commit(Map.of("bench", "search"));
    }
    double indexS = (System.nanoTime() - t0) / 1e9;
    long bytes = size(dir);
    lines.say(
        String.format(
            Locale.ROOT,
            "indexing: %,d calls, %,d utterances in %.1f s = %,.0f utterances/s (%,.0f calls/s); target >= 20,000 utterances/s: %s",
            o.calls(),
            utterances.get(),
            indexS,
            utterances.get() / indexS,
            o.calls() / indexS,
            utterances.get() / indexS >= 20_000 ? "met" : "MISSED"));
    lines.say(
        String.format(
            Locale.ROOT,
            "index size: %.1f MB (%.0f bytes per utterance), text and JSON source stored, offsets in postings",
            bytes / 1e6,
            (double) bytes / utterances.get()));

    List<SearchRequest> mix = queries(new Random(o.seed() + 1), o.queries() + 200);
    try (TranscriptSearcher s = TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.HTML)) {
      for (SearchRequest r : mix.subList(0, 200)) {
        s.search(r);
      }
      double[] ms = new double[o.queries()];
      Integer[] order = new Integer[o.queries()];
      long hits = 0;
      long q0 = System.nanoTime();
      for (int i = 0; i < o.queries(); i++) {
        long a = System.nanoTime();
        SearchResult res = s.search(mix.get(200 + i));
        ms[i] = (System.nanoTime() - a) / 1e6;
        order[i] = i;
        hits += res.total();
      }
      double wall = (System.nanoTime() - q0) / 1e9;
      double[] byIndex = ms.clone();
      Arrays.sort(order, Comparator.comparingDouble(i -> -byIndex[i]));
      Arrays.sort(ms);
      lines.say(
          String.format(
              Locale.ROOT,
              "queries: %,d in %.1f s (%.0f queries/s, one thread), mean %,.0f matching calls per query",
              o.queries(),
              wall,
              o.queries() / wall,
              (double) hits / o.queries()));
      lines.say(
          String.format(
              Locale.ROOT,
              "latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f; target p99 < 50 ms: %s",
              pct(ms, 50),
              pct(ms, 95),
              pct(ms, 99),
              ms[ms.length - 1],
              pct(ms, 99) < 50 ? "met" : "MISSED"));
      for (int i = 0; i < Math.min(5, order.length); i++) {
        SearchRequest slow = mix.get(200 + order[i]);
        lines.say(
            String.format(
                Locale.ROOT,
                "  slow: %.1f ms  %s%s",
                byIndex[order[i]],
                slow.query().isEmpty() ? "(filters only)" : slow.query(),
                slow.fromDay() != null ? " + filters" : ""));
      }
      lines.say(
          "  (each query: parse, filters, top 10 by relevance or time, exact total, facet counts by site/queue/agent/category/kind/language/day,"
              + " 10 highlighted snippets mapped to utterances)");
    }
    lines.say(
        String.format(
            Locale.ROOT,
            "machine: %d cores, JVM max heap %.1f GB, Java %s",
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() / 1e9,
            System.getProperty("java.version")));
    Files.createDirectories(o.results());
    Path file = o.results().resolve("search.txt");
    lines.write(file);
    Figures.update(
        o.results(),
        "search",
        Map.of(
            "index.utterances-per-core-s",
                String.format(Locale.ROOT, "%.0f", utterances.get() / indexS / o.threads()),
            "index.bytes-per-utterance",
                String.format(Locale.ROOT, "%.0f", (double) bytes / utterances.get())));
    return file;
  }

  private static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** Call i, the same for the same seed. */
  Conversation call(int i) {
    Random r = new Random(o.seed() * 1_000_003L + i);
    boolean zh = r.nextInt(10) == 0;
    int n = 5 + r.nextInt(3);
    List<Line> ls = new ArrayList<>(n);
    double t = 0.5 + r.nextDouble();
    for (int k = 0; k < n; k++) {
      Speaker sp = k % 2 == 0 ? Speaker.AGENT : Speaker.CUSTOMER;
      String[] pool =
          zh
              ? (sp == Speaker.AGENT ? AGENT_ZH : CUSTOMER_ZH)
              : (sp == Speaker.AGENT ? AGENT_EN : CUSTOMER_EN);
      String text = fill(pool[k == 0 ? 0 : r.nextInt(pool.length)], r);
      if (!zh) {
        StringBuilder b = new StringBuilder(text);
        for (int w = r.nextInt(6); w > 0; w--) {
          b.append(' ')
              .append(
                  r.nextInt(3) == 0 ? tail[zipf(r, tail.length)] : FILLER[zipf(r, FILLER.length)]);
        }
        text = b.toString();
      }
      double len = 1.5 + text.length() / 15.0;
      ls.add(new Line(k, sp, round(t), round(t + len), text));
      t += len + 0.3 + r.nextDouble();
    }
    LocalDate day = LocalDate.parse("2026-03-01").plusDays(r.nextInt(30));
    String site = SITES[r.nextInt(SITES.length)];
    Integer csat = r.nextInt(3) == 0 ? 1 + r.nextInt(5) : null;
    return new Conversation(
        String.format(Locale.ROOT, "B%07d", i),
        Kind.CALL,
        day,
        Instant.parse(day + "T00:00:00Z").plusSeconds(r.nextInt(86_400)),
        zh ? "zh" : "en",
        site,
        QUEUES[r.nextInt(QUEUES.length)],
        r.nextInt(8) == 0 ? "VIP" : "STANDARD",
        site.substring(0, 2) + "-A" + String.format(Locale.ROOT, "%04d", r.nextInt(100)),
        "VOICE",
        csat,
        60.0 + r.nextInt(900),
        r.nextInt(40) == 0,
        0.6 + r.nextDouble() * 0.4,
        null,
        ls,
        categories(i, ls),
        Map.of(
            "wait_s",
            (double) r.nextInt(120),
            "fcr",
            r.nextBoolean() ? "resolved" : "repeat contact"));
  }

  private static final String[] CATEGORIES = {
    "identity_verification",
    "lost_stolen_card",
    "fee_complaint",
    "dispute",
    "escalation_request",
    "cancellation_intent",
    "payment_arrangement",
    "empathy"
  };

  /** Zero to three categories a call (their own random stream: the text stays as before). */
  private static List<Conversation.CategoryHit> categories(int i, List<Line> lines) {
    Random r = new Random(31L * i + 7);
    List<Conversation.CategoryHit> out = new ArrayList<>();
    for (int k = r.nextInt(4); k > 0; k--) {
      Line l = lines.get(r.nextInt(lines.size()));
      out.add(
          new Conversation.CategoryHit(
              CATEGORIES[r.nextInt(CATEGORIES.length)], l.no(), l.startS()));
    }
    return out;
  }

  private String fill(String template, Random r) {
    return template
        .replace("%n", NAMES[r.nextInt(NAMES.length)])
        .replace("%m", tail[zipf(r, tail.length)])
        .replace("%p", tail[zipf(r, tail.length)])
        .replace("%a", Integer.toString(50 * (1 + r.nextInt(200))))
        .replace(
            "%d",
            new String[] {"monday", "tuesday", "friday", "the first", "the fifteenth"}
                [r.nextInt(5)])
        .replace("%o", new String[] {"first", "fourth", "twelfth", "twentieth"}[r.nextInt(4)]);
  }

  /** A Zipf-like rank in [0, n): rank k with probability about 1/(k+1). */
  static int zipf(Random r, int n) {
    return (int) Math.min(n - 1, Math.floor(Math.exp(r.nextDouble() * Math.log(n + 1)) - 1));
  }

  static String[] tailWords(int n, Random r) {
    String[] syl = {
      "ka", "lo", "mi", "ra", "ten", "vo", "shi", "an", "del", "ex", "por", "qu", "zen", "bri",
      "mon", "tas"
    };
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = 2 + r.nextInt(2); k > 0; k--) {
        b.append(syl[r.nextInt(syl.length)]);
      }
      out[i] = b.toString();
    }
    return out;
  }

  /**
   * The fixed query mix: 30% terms, 15% phrases, 15% proximity, 10% boolean, 10% prefix/fuzzy, 5%
   * Chinese, 15% filters only plus words.
   */
  List<SearchRequest> queries(Random r, int n) {
    String[] terms = {
      "stolen",
      "fee",
      "dispute",
      "supervisor",
      "cancel",
      "declined",
      "pin",
      "limit",
      "refund",
      "complaint",
      "statement",
      "travelling",
      "replacement",
      "verify",
      "interest"
    };
    String[] phrases = {
      "\"lost my credit card\"",
      "\"annual fee\"",
      "\"late payment fee\"",
      "\"speak to a supervisor\"",
      "\"did not make this purchase\"",
      "\"date of birth\"",
      "\"replacement will arrive\""
    };
    String[] near = {
      "\"card stolen\"~5",
      "\"charge recognise\"~4",
      "\"cancel fee\"~6",
      "\"supervisor acceptable\"~5",
      "\"pin atm\"~4",
      "\"limit increase\"~3"
    };
    String[] bool = {
      "fee AND NOT waive",
      "(cancel OR close) AND fee",
      "stolen OR fraud",
      "complaint AND supervisor",
      "dispute AND NOT refund",
      "customer:cancel AND agent:waive"
    };
    String[] multi = {"transact*", "repla*", "disput*", "recognize~2", "supervisr~1", "statment~1"};
    String[] chinese = {"挂失", "投诉", "年费", "盗刷", "customer:销卡", "\"争议 交易\""};
    List<SearchRequest> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(100);
      String q;
      if (k < 30) {
        q =
            terms[r.nextInt(terms.length)]
                + (r.nextBoolean() ? " " + terms[r.nextInt(terms.length)] : "");
        if (r.nextInt(4) == 0) {
          q = "customer:" + q.split(" ")[0];
        }
      } else if (k < 45) {
        q = phrases[r.nextInt(phrases.length)];
      } else if (k < 60) {
        q = near[r.nextInt(near.length)];
      } else if (k < 70) {
        q = bool[r.nextInt(bool.length)];
      } else if (k < 80) {
        q =
            multi[r.nextInt(multi.length)]
                + (r.nextInt(3) == 0 ? " " + tail[zipf(r, tail.length)] : "");
      } else if (k < 85) {
        q = chinese[r.nextInt(chinese.length)];
      } else {
        q = r.nextBoolean() ? terms[r.nextInt(terms.length)] : "";
      }
      SearchRequest.Builder b = SearchRequest.builder().query(q).limit(10);
      if (k >= 85 || r.nextInt(4) == 0) {
        LocalDate from = LocalDate.parse("2026-03-01").plusDays(r.nextInt(25));
        b.fromDay(from).toDay(from.plusDays(r.nextInt(7)));
        if (r.nextBoolean()) {
          b.sites(Set.of(SITES[r.nextInt(SITES.length)]));
        }
        if (r.nextInt(3) == 0) {
          b.csatMax(2);
        }
        if (r.nextInt(4) == 0) {
          b.handleMinS(600.0);
        }
        if (r.nextInt(5) == 0) {
          b.hasComplaint(true);
        }
        if (r.nextInt(3) == 0) {
          b.sort(SearchRequest.Sort.NEWEST);
        }
      }
      out.add(b.build());
    }
    return out;
  }

  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
