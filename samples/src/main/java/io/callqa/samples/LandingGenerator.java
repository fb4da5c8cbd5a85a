package io.callqa.samples;

import io.callqa.warehouse.tables.Calls;
import io.callqa.warehouse.tables.Surveys;
import io.callqa.warehouse.tables.TicketEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes a realistic, deterministic landing zone in the SPEC.md format: the same options and seed
 * give the same bytes.
 *
 * <p>What it models: three sites (Shanghai 50%, Chengdu 30%, Wuhan 20%; Wuhan's ACD writes UTC
 * offsets), zh/en and STANDARD/VIP callers, a weekly and a 24-hour arrival curve, an IVR that
 * contains about 40% of calls, agent queues whose service level is about 90% with some congested
 * half-hours, abandons (some under 5 s), repeat callers from a skewed customer pool, outbound
 * authorisation and VIP-care calls, IVR surveys on part of the answered calls, complaint tickets
 * whose event logs include late acknowledgements, escalations, extensions, breaches, reopenings,
 * late and duplicate deliveries. Each day's call file also carries a few deliberately bad rows, one
 * of each kind the ingest rejects, and a second delivery with corrected rows.
 *
 * <pre>{@code
 * LandingGenerator.generate(new LandingGenerator.Options(Path.of("demo/landing"), SAMPLE_START, 3, 2000, SAMPLE_SEED, zone), p -> {});
 * }</pre>
 */
public final class LandingGenerator {

  /**
   * The first day of the demo's and the benchmarks' sample data. {@code bench cluster --reference}
   * relies on the demo and the benchmark generating the same landing zone from it.
   */
  public static final LocalDate SAMPLE_START = LocalDate.of(2026, 3, 2);

  /** The seed of the demo's and the benchmarks' sample data. */
  public static final long SAMPLE_SEED = 42L;

  /**
   * What to generate; {@code callsPerDay} counts inbound calls on an average weekday; {@code
   * recordings} English calls get one of the bundled sample recordings (cycling through them; 0 =
   * each sample once).
   */
  public record Options(
      Path out,
      LocalDate start,
      int days,
      int callsPerDay,
      long seed,
      ZoneId zone,
      int recordings) {
    public Options {
      if (days < 1 || callsPerDay < 1 || recordings < 0) {
        throw new IllegalArgumentException(
            "days and calls per day must be positive, recordings not negative: "
                + days
                + ", "
                + callsPerDay
                + ", "
                + recordings);
      }
    }

    public Options(Path out, LocalDate start, int days, int callsPerDay, long seed, ZoneId zone) {
      this(out, start, days, callsPerDay, seed, zone, 0);
    }
  }

  /** Counts of what was written. */
  public record Summary(
      long calls,
      long surveys,
      long ticketEvents,
      long chats,
      long badRows,
      long correctedRows,
      long recordings,
      List<Path> files) {}

  static final String[] SITES = {"SHANGHAI", "CHENGDU", "WUHAN"};
  static final double[] SITE_SHARE = {0.5, 0.3, 0.2};
  static final String[] SITE_CODE = {"SH", "CD", "WH"};
  static final String[] QUEUES = {"CARD_SERVICE", "BILLING", "LOST_STOLEN", "AUTHORIZATION"};
  static final double[] QUEUE_SHARE = {0.54, 0.24, 0.13, 0.09};
  static final String[] CATEGORIES = {
    "FEES", "DISPUTE", "SERVICE_ATTITUDE", "CARD_DELIVERY", "FRAUD", "COLLECTION", "INTEREST_RATE"
  };
  static final String[] OTHER_CHANNELS = {
    "WEB", "EMAIL", "WECHAT", "SMS", "LETTER", "QQ", "REGULATOR"
  };
  static final double[] OTHER_CHANNEL_SHARE = {0.25, 0.15, 0.3, 0.1, 0.04, 0.04, 0.12};

  /** Relative arrivals per half-hour of the local day, 00:00 first. */
  static final double[] HALF_HOUR_WEIGHT = {
    0.30, 0.25, 0.20, 0.16, 0.13, 0.11, 0.10, 0.10, 0.10, 0.11, 0.13, 0.16, // 00:00-05:30
    0.22, 0.30, 0.42, 0.58, 0.75, 0.88, 0.97, 1.00, 1.00, 0.96, 0.90, 0.82, // 06:00-11:30
    0.72, 0.70, 0.78, 0.88, 0.95, 0.98, 0.96, 0.90, 0.84, 0.78, 0.74, 0.70, // 12:00-17:30
    0.66, 0.64, 0.66, 0.68, 0.66, 0.60, 0.54, 0.48, 0.44, 0.40, 0.36, 0.33 // 18:00-23:30
  };

  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final DateTimeFormatter FILE_DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Options o;
  private final int customerPool;
  private final List<TicketSeed> tickets = new ArrayList<>();
  private long calls;
  private long surveys;
  private long badRows;
  private long corrected;
  private final List<Path> files = new ArrayList<>();
  private int recordingsLinked;
  private boolean chineseRecordingLinked;
  private long recordings;
  private long chats;

  private LandingGenerator(Options o) {
    this.o = o;
    // About a month of calls' worth of card holders: repeats come mostly from the frequent callers.
    this.customerPool = Math.max(500, (int) Math.min(50_000_000L, (long) o.callsPerDay() * 30L));
  }

  /** Generates the landing zone; {@code progress} hears one line per day written. */
  public static Summary generate(Options o, Consumer<String> progress) {
    LandingGenerator g = new LandingGenerator(o);
    try {
      for (int d = 0; d < o.days(); d++) {
        g.day(d);
        progress.accept(
            "generated " + o.start().plusDays(d) + " (" + (d + 1) + "/" + o.days() + " days)");
      }
      long events = g.writeTickets();
      return new Summary(
          g.calls,
          g.surveys,
          events,
          g.chats,
          g.badRows,
          g.corrected,
          g.recordings,
          List.copyOf(g.files));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write landing zone under " + o.out() + ": " + e.getMessage(), e);
    }
  }

  private record TicketSeed(
      String ticketId,
      Instant opened,
      String channel,
      String category,
      String severity,
      String customerId,
      String callId,
      String text,
      long seed) {}

  /**
   * One generated contact, as the CSV cells it becomes (ended_at etc. as instants, formatted late).
   */
  private static final class Call {
    String id;
    String direction;
    int site;
    String hotline;
    String language;
    String segment;
    String customer;
    Instant ivrStart;
    Instant ivrEnd;
    String ivrOutcome;
    String queue;
    Instant queueStart;
    Instant answeredAt;
    Instant endedAt;
    String agent;
    Integer talk;
    Integer hold;
    Integer acw;
    boolean transferred;
    String disposition;
    String recording;

    Map<String, Object> record() {
      ZoneOffset off = site == 2 ? ZoneOffset.UTC : ZoneOffset.ofHours(8);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(Calls.CALL_ID, id);
      m.put(Calls.DIRECTION, direction);
      m.put(Calls.SITE, SITES[site]);
      m.put(Calls.HOTLINE, hotline);
      m.put(Calls.LANGUAGE, language);
      m.put(Calls.SEGMENT, segment);
      m.put(Calls.CUSTOMER_ID, customer);
      m.put(Calls.IVR_START, ts(ivrStart, off));
      m.put(Calls.IVR_END, ts(ivrEnd, off));
      m.put(Calls.IVR_OUTCOME, ivrOutcome);
      m.put(Calls.QUEUE, queue);
      m.put(Calls.QUEUE_START, ts(queueStart, off));
      m.put(Calls.ANSWERED_AT, ts(answeredAt, off));
      m.put(Calls.ENDED_AT, ts(endedAt, off));
      m.put(Calls.AGENT_ID, agent);
      m.put(Calls.TALK_S, talk);
      m.put(Calls.HOLD_S, hold);
      m.put(Calls.ACW_S, acw);
      m.put(Calls.TRANSFERRED_OUT, transferred);
      m.put(Calls.DISPOSITION, disposition);
      m.put(Calls.RECORDING, recording);
      return m;
    }
  }

  /**
   * Gives the first answered English calls of the first day the bundled sample recordings (their
   * talk time becomes the recording's length), and one Chinese call a recording that, with no
   * Chinese model configured, the transcribe stage skips. Uses no random numbers, so the rest of
   * the data is unchanged.
   */
  private void linkRecording(Call c, String fileDay) {
    List<SampleRecordings.Call> samples = SampleRecordings.calls();
    if (c.answeredAt == null || c.direction.equals("OUTBOUND")) {
      return;
    }
    SampleRecordings.Call sample;
    int english = samples.size();
    int wanted = o.recordings() == 0 ? english : o.recordings();
    if (c.language.equals("en") && recordingsLinked < wanted) {
      sample = samples.get(recordingsLinked++ % english);
    } else if (c.language.equals("zh") && !chineseRecordingLinked) {
      sample = samples.get(samples.size() - 1);
      chineseRecordingLinked = true;
    } else {
      return;
    }
    String ext = sample.file().substring(sample.file().lastIndexOf('.'));
    c.recording = fileDay + "/" + c.id + ext;
    Path copied = SampleRecordings.copy(sample, o.out().resolve("recordings").resolve(fileDay));
    try {
      java.nio.file.Files.move(
          copied,
          copied.resolveSibling(c.id + ext),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot place sample recording for " + c.id, e);
    }
    c.talk = (int) Math.round(sample.durationS());
    recordings++;
  }

  private static String ts(Instant i, ZoneOffset off) {
    return i == null ? null : TS.format(i.atOffset(off));
  }

  private void day(int d) throws IOException {
    LocalDate date = o.start().plusDays(d);
    SplittableRandom r = new SplittableRandom(o.seed() * 1_000_003L + d);
    double weekday =
        switch (date.getDayOfWeek()) {
          case MONDAY -> 1.12;
          case FRIDAY -> 1.04;
          case SATURDAY -> 0.82;
          case SUNDAY -> 0.78;
          default -> 1.0;
        };
    int inbound = (int) Math.round(o.callsPerDay() * weekday);
    int outbound = Math.max(1, (int) Math.round(inbound * 0.03));

    // Congestion per site x half-hour: most intervals staffed well, some not.
    double[][] meanWait = new double[SITES.length][48];
    for (int s = 0; s < SITES.length; s++) {
      for (int h = 0; h < 48; h++) {
        double u = r.nextDouble();
        double peak = HALF_HOUR_WEIGHT[h] > 0.85 ? 2.0 : 1.0;
        meanWait[s][h] = u < 0.025 * peak ? 70 : u < 0.11 * peak ? 24 : 3.5;
      }
    }
    double[] cum = cumulative(HALF_HOUR_WEIGHT);
    Instant dayStart = date.atStartOfDay(o.zone()).toInstant();
    String fileDay = FILE_DAY.format(date);
    List<Call> answered = new ArrayList<>();
    List<Map<String, Object>> corrections = new ArrayList<>();

    Path callFile = o.out().resolve("calls").resolve("calls-" + fileDay + "-1.csv");
    files.add(callFile);
    try (CsvWriter w = new CsvWriter(callFile, Calls.CSV_COLUMNS)) {
      Instant[] arrivals = new Instant[inbound];
      int[] halfHours = new int[inbound];
      for (int i = 0; i < inbound; i++) {
        int h = pick(cum, r.nextDouble());
        halfHours[i] = h;
        arrivals[i] = dayStart.plusSeconds(h * 1800L + r.nextInt(1800));
      }
      Integer[] order = new Integer[inbound];
      for (int i = 0; i < inbound; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> arrivals[a].compareTo(arrivals[b]));
      for (int k = 0; k < inbound; k++) {
        int i = order[k];
        Call c =
            inboundCall(
                r, String.format("CL%s-%06d", fileDay, k + 1), arrivals[i], meanWait, halfHours[i]);
        if (d == 0 || o.recordings() > 0) {
          linkRecording(c, fileDay);
        }
        w.record(c.record());
        calls++;
        if (c.answeredAt != null) {
          answered.add(c);
        }
        if (r.nextDouble() < 0.005) {
          // Re-delivered next file with corrected wrap-up and after-call work.
          if (c.answeredAt != null) {
            c.acw = c.acw + 10 + r.nextInt(60);
            c.disposition = c.disposition + "_CORRECTED";
          } else {
            c.agent = null;
            c.disposition = "NO_ANSWER";
          }
          corrections.add(c.record());
        }
      }
      for (int k = 0; k < outbound; k++) {
        Instant at = dayStart.plusSeconds(8 * 3600L + r.nextInt(12 * 3600));
        Call c = outboundCall(r, String.format("CL%s-%06d", fileDay, inbound + k + 1), at);
        w.record(c.record());
        calls++;
      }
      badRows += writeBadCalls(w, fileDay, dayStart);
    }

    if (!corrections.isEmpty()) {
      Path fix = o.out().resolve("calls").resolve("calls-" + fileDay + "-2.csv");
      files.add(fix);
      try (CsvWriter w = new CsvWriter(fix, Calls.CSV_COLUMNS)) {
        for (Map<String, Object> row : corrections) {
          w.record(row);
          corrected++;
        }
      }
    }

    Path surveyFile = o.out().resolve("surveys").resolve("surveys-" + fileDay + "-1.csv");
    files.add(surveyFile);
    try (CsvWriter w = new CsvWriter(surveyFile, Surveys.CSV_COLUMNS)) {
      for (Call c : answered) {
        if (c.transferred || !"INBOUND".equals(c.direction) || r.nextDouble() >= 0.55) {
          continue;
        }
        surveys++;
        if (r.nextDouble() >= 0.38) {
          w.record(Map.of(Surveys.CALL_ID, c.id, Surveys.OFFERED, "true"));
          continue;
        }
        double wait = (c.answeredAt.toEpochMilli() - c.queueStart.toEpochMilli()) / 1000.0;
        int csat = csat(r, wait);
        Integer nps = r.nextDouble() < 0.05 ? null : nps(r, csat);
        ZoneOffset off = c.site == 2 ? ZoneOffset.UTC : ZoneOffset.ofHours(8);
        Instant done = c.endedAt.plusSeconds(20 + r.nextInt(70));
        Map<String, Object> survey = new LinkedHashMap<>();
        survey.put(Surveys.CALL_ID, c.id);
        survey.put(Surveys.OFFERED, "true");
        survey.put(Surveys.COMPLETED_AT, ts(done, off));
        survey.put(Surveys.CSAT, csat);
        survey.put(Surveys.NPS, nps);
        survey.put(Surveys.RESOLVED, csat >= 3 ? (r.nextDouble() < 0.9 ? "Y" : "N") : "N");
        w.record(survey);
        if (r.nextDouble() < 0.006) {
          tickets.add(ticket(r, c.endedAt.plusSeconds(60), "PHONE", c.customer, c.id, c.segment));
        }
      }
      // A survey whose call never reached us, and one with an impossible score.
      w.row(
          "CL" + fileDay + "-999999",
          "true",
          ts(dayStart.plusSeconds(43_200), ZoneOffset.ofHours(8)),
          5,
          10,
          "Y");
      w.row(
          answered.isEmpty() ? "CL" + fileDay + "-999998" : answered.get(0).id,
          "true",
          ts(dayStart.plusSeconds(43_300), ZoneOffset.ofHours(8)),
          7,
          10,
          "Y");
      surveys += 2;
      badRows++;
    }

    // Complaints from other channels, about 40% as many as by phone.
    int others = (int) Math.round(answered.size() * 0.0025);
    for (int k = 0; k < others; k++) {
      String channel = OTHER_CHANNELS[pick(cumulative(OTHER_CHANNEL_SHARE), r.nextDouble())];
      Instant at = dayStart.plusSeconds(r.nextInt(86_400));
      tickets.add(
          ticket(r, at, channel, customer(r), null, r.nextDouble() < 0.07 ? "VIP" : "STANDARD"));
    }
    writeChats(d, dayStart, fileDay);
  }

  /** Text-channel conversations (customer line, agent reply), some with a card or phone number. */
  private static final String[][] CHAT_SCRIPTS = {
    {
      "en",
      "Hi, I can't find my credit card, card number 4539 1488 0343 6467, please block it",
      "I have blocked the card; a new one will arrive in 5 days."
    },
    {
      "en",
      "Why was I charged an annual fee of $300 on 2026-03-01?",
      "Sorry about that, I have refunded the fee."
    },
    {
      "en",
      "Please call me back on 212-555-0147 about my statement",
      "Sure, we will call you within one day."
    },
    {"zh", "你好，我的信用卡丢了，卡号6222021234567890123，请帮我挂失", "已为您挂失，新卡7个工作日内寄出。"},
    {"zh", "年费三百元为什么没有减免？我要投诉", "非常抱歉，已为您申请退还年费。"},
    {"zh", "请打我手机13812345678，我想提高额度", "好的，稍后专员会联系您。"},
    {"zh", "账单分期的手续费是多少？", "12期手续费率为每期0.6%。"},
  };

  private static final String[] CHAT_CHANNELS = {"WEB", "WECHAT", "SMS", "EMAIL"};

  private void writeChats(int d, Instant dayStart, String fileDay) throws IOException {
    SplittableRandom r = new SplittableRandom(o.seed() * 7_000_003L + d);
    Path file = o.out().resolve("chats").resolve("chats-" + fileDay + "-1.jsonl");
    java.nio.file.Files.createDirectories(file.getParent());
    files.add(file);
    int n = Math.max(3, o.callsPerDay() / 100);
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < n; k++) {
      String[] script = CHAT_SCRIPTS[r.nextInt(CHAT_SCRIPTS.length)];
      Instant start = dayStart.plusSeconds(7 * 3600 + r.nextInt(16 * 3600));
      Instant reply = start.plusSeconds(20 + r.nextInt(240));
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"contact_id\":\"CH%s-%05d\",\"channel\":\"%s\",\"started_at\":\"%s\",\"customer_id\":\"%s\","
                  + "\"language\":\"%s\",\"messages\":[{\"at\":\"%s\",\"from\":\"customer\",\"text\":\"%s\"},"
                  + "{\"at\":\"%s\",\"from\":\"agent\",\"text\":\"%s\"}]}\n",
              fileDay,
              k + 1,
              CHAT_CHANNELS[r.nextInt(CHAT_CHANNELS.length)],
              ts(start, ZoneOffset.ofHours(8)),
              customer(r),
              script[0],
              ts(start.plusSeconds(5), ZoneOffset.ofHours(8)),
              script[1],
              ts(reply, ZoneOffset.ofHours(8)),
              script[2]));
      chats++;
    }
    // Two bad lines: cut-off JSON, and a message from a sender that does not exist.
    out.append("{\"contact_id\":\"CH")
        .append(fileDay)
        .append("-99998\",\"channel\":\"WEB\",\"started_at\n");
    out.append("{\"contact_id\":\"CH")
        .append(fileDay)
        .append("-99999\",\"channel\":\"WEB\",\"started_at\":\"")
        .append(ts(dayStart.plusSeconds(40_000), ZoneOffset.ofHours(8)))
        .append("\",\"customer_id\":null,\"language\":\"en\"," + "\"messages\":[{\"at\":\"")
        .append(ts(dayStart.plusSeconds(40_010), ZoneOffset.ofHours(8)))
        .append("\",\"from\":\"bot\",\"text\":\"hello\"}]}\n");
    badRows += 2;
    java.nio.file.Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  private Call inboundCall(
      SplittableRandom r, String id, Instant arrival, double[][] meanWait, int halfHour) {
    Call c = new Call();
    c.id = id;
    c.direction = "INBOUND";
    c.site = pick(cumulative(SITE_SHARE), r.nextDouble());
    boolean en = r.nextDouble() < 0.12;
    c.language = en ? "en" : "zh";
    c.hotline = en ? "4008205555" : "95555";
    c.segment = r.nextDouble() < 0.07 ? "VIP" : "STANDARD";
    c.customer = r.nextDouble() < 0.8 ? customer(r) : null;
    c.ivrStart = arrival;
    c.ivrEnd = arrival.plusSeconds(15 + (long) lognormal(r, 55, 0.6));
    double u = r.nextDouble();
    double selfService = "VIP".equals(c.segment) ? 0.2 : 0.42;
    if (u < selfService) {
      c.ivrOutcome = "SELF_SERVICE";
      c.endedAt = c.ivrEnd;
      return c;
    }
    if (u < selfService + 0.05) {
      c.ivrOutcome = "ABANDON";
      c.endedAt = c.ivrEnd;
      return c;
    }
    c.ivrOutcome = "TRANSFER";
    c.queue =
        en
            ? "ENGLISH"
            : "VIP".equals(c.segment)
                ? "VIP"
                : QUEUES[pick(cumulative(QUEUE_SHARE), r.nextDouble())];
    c.queueStart = c.ivrEnd.plusSeconds(r.nextInt(2));
    double mw = meanWait[c.site][halfHour] * ("VIP".equals(c.segment) ? 0.5 : 1.0);
    double wait = -mw * Math.log(1 - r.nextDouble());
    double patience =
        r.nextDouble() < 0.03 ? r.nextDouble() * 5.0 : -95 * Math.log(1 - r.nextDouble());
    if (patience < wait) {
      c.endedAt = c.queueStart.plusMillis((long) (patience * 1000));
      c.disposition = null;
      return c;
    }
    c.answeredAt = c.queueStart.plusMillis((long) (wait * 1000)).truncatedTo(ChronoUnit.SECONDS);
    if (c.answeredAt.isBefore(c.queueStart)) {
      c.answeredAt = c.queueStart;
    }
    answer(r, c, agentPool(c.site));
    c.transferred = r.nextDouble() < 0.07;
    return c;
  }

  private Call outboundCall(SplittableRandom r, String id, Instant at) {
    Call c = new Call();
    c.id = id;
    c.direction = "OUTBOUND";
    c.site = pick(cumulative(SITE_SHARE), r.nextDouble());
    boolean auth = r.nextDouble() < 0.7;
    c.hotline = auth ? "AUTH_CONFIRM" : "VIP_CARE";
    c.queue = auth ? "AUTHORIZATION" : "VIP";
    c.language = r.nextDouble() < 0.1 ? "en" : "zh";
    c.segment = auth ? (r.nextDouble() < 0.07 ? "VIP" : "STANDARD") : "VIP";
    c.customer = customer(r);
    if (r.nextDouble() < 0.8) {
      c.answeredAt = at.plusSeconds(5 + r.nextInt(15));
      answer(r, c, agentPool(c.site));
    } else {
      c.endedAt = at.plusSeconds(30);
      c.disposition = "NO_ANSWER";
    }
    return c;
  }

  private void answer(SplittableRandom r, Call c, int agents) {
    c.agent = SITE_CODE[c.site] + "-A" + String.format("%04d", 1 + r.nextInt(agents));
    double median =
        switch (c.queue) {
          case "BILLING" -> 260;
          case "LOST_STOLEN" -> 300;
          case "AUTHORIZATION" -> 150;
          case "VIP" -> 320;
          case "ENGLISH" -> 280;
          default -> 200;
        };
    c.talk = (int) Math.max(8, lognormal(r, median, 0.55));
    c.hold = r.nextDouble() < 0.6 ? 0 : (int) (-40 * Math.log(1 - r.nextDouble()));
    c.acw = 10 + (int) (-25 * Math.log(1 - r.nextDouble()));
    c.endedAt = c.answeredAt.plusSeconds(c.talk + c.hold);
    c.disposition =
        switch (c.queue) {
          case "BILLING" -> pickOf(r, "STATEMENT_QUERY", "FEE_REVERSAL", "DISPUTE", "INSTALMENT");
          case "LOST_STOLEN" -> pickOf(r, "CARD_BLOCKED", "REISSUE_ORDERED");
          case "AUTHORIZATION" -> pickOf(r, "TXN_CONFIRMED", "TXN_DECLINED", "CARD_BLOCKED");
          case "VIP" -> pickOf(r, "VIP_SERVICE", "LIMIT_CHANGE", "FEE_REVERSAL");
          case "ENGLISH" -> pickOf(r, "GENERAL_EN", "STATEMENT_QUERY", "CARD_BLOCKED");
          default -> pickOf(r, "ACTIVATION", "LIMIT_CHANGE", "CARD_INFO", "PIN_RESET");
        };
  }

  private int agentPool(int site) {
    return Math.max(8, (int) (o.callsPerDay() * SITE_SHARE[site] / 120));
  }

  private String customer(SplittableRandom r) {
    // A quarter of contacts come from a small pool of frequent callers: that is where repeats come
    // from.
    int n =
        r.nextDouble() < 0.25
            ? r.nextInt(Math.max(50, customerPool / 40))
            : r.nextInt(customerPool);
    return String.format("CU%08d", n);
  }

  private static int csat(SplittableRandom r, double waitS) {
    double penalty = waitS > 60 ? 0.25 : waitS > 20 ? 0.1 : 0;
    double u = r.nextDouble() + penalty;
    return u < 0.55 ? 5 : u < 0.83 ? 4 : u < 0.91 ? 3 : u < 0.96 ? 2 : 1;
  }

  private static int nps(SplittableRandom r, int csat) {
    return switch (csat) {
      case 5 -> 8 + r.nextInt(3);
      case 4 -> 6 + r.nextInt(4);
      case 3 -> 3 + r.nextInt(5);
      default -> r.nextInt(5);
    };
  }

  private TicketSeed ticket(
      SplittableRandom r,
      Instant opened,
      String channel,
      String customer,
      String callId,
      String segment) {
    String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
    double u = r.nextDouble();
    String severity =
        "REGULATOR".equals(channel) || "VIP".equals(segment)
            ? (u < 0.7 ? "HIGH" : "CRITICAL")
            : u < 0.3 ? "LOW" : u < 0.75 ? "MEDIUM" : u < 0.95 ? "HIGH" : "CRITICAL";
    String id = String.format("TK%08d", tickets.size() + 1);
    return new TicketSeed(
        id,
        opened.truncatedTo(ChronoUnit.SECONDS),
        channel,
        category,
        severity,
        customer,
        callId,
        complaintText(r, category),
        r.nextLong());
  }

  private static String complaintText(SplittableRandom r, String category) {
    String card =
        "6225 88"
            + (10 + r.nextInt(89))
            + " "
            + (1000 + r.nextInt(8999))
            + " "
            + (1000 + r.nextInt(8999));
    String phone = "138" + (10_000_000 + r.nextInt(89_999_999));
    return switch (category) {
      case "FEES" -> "客户投诉年费扣收不合理，要求退还。卡号 " + card + "，联系电话 " + phone + "。";
      case "DISPUTE" ->
          "Customer disputes a charge of 2,380.00 CNY on card "
              + card
              + ", says \"I never made it\".";
      case "SERVICE_ATTITUDE" -> "客户反映坐席态度差，多次转接未解决问题，要求主管回电 " + phone + "。";
      case "CARD_DELIVERY" -> "新卡未收到，客户要求加急补寄。";
      case "FRAUD" -> "客户称卡片被盗刷，卡号 " + card + "，已挂失，要求调查。";
      case "COLLECTION" -> "Customer complains about collection calls at night to " + phone + ".";
      default -> "客户对分期利率计算有异议，要求解释并减免。";
    };
  }

  /**
   * Writes every ticket's event log into per-day files, some late and some twice; returns rows
   * written.
   */
  private long writeTickets() throws IOException {
    Instant end = o.start().plusDays(o.days()).atStartOfDay(o.zone()).toInstant();
    TreeMap<LocalDate, List<Map<String, Object>>> byDay = new TreeMap<>();
    long rows = 0;
    for (TicketSeed t : tickets) {
      SplittableRandom r = new SplittableRandom(t.seed());
      List<Map<String, Object>> events = new ArrayList<>();
      Instant opened = t.opened();
      events.add(event(t, opened, "OPENED"));
      Instant ack =
          opened.plusSeconds(
              r.nextDouble() < 0.9
                  ? 3600 + r.nextInt(19 * 3600)
                  : 26 * 3600 + r.nextInt(34 * 3600));
      events.add(event(t, ack, "ACKNOWLEDGED"));
      if (r.nextDouble() < 0.12) {
        events.add(event(t, opened.plusSeconds(86_400L + r.nextInt(4 * 86_400)), "ESCALATED"));
      }
      double u = r.nextDouble();
      int extensions = u < 0.03 ? 2 : u < 0.15 ? 1 : 0;
      long deadlineDays = extensions == 0 ? 15 : extensions == 1 ? 30 : 60;
      if (extensions >= 1) {
        events.add(event(t, opened.plusSeconds(11 * 86_400L + r.nextInt(4 * 86_400)), "EXTENDED"));
      }
      if (extensions == 2) {
        events.add(event(t, opened.plusSeconds(26 * 86_400L + r.nextInt(4 * 86_400)), "EXTENDED"));
      }
      double days =
          r.nextDouble() < 0.06
              ? deadlineDays + 1 + r.nextDouble() * 6 // breached: decided late
              : Math.min(
                  deadlineDays - 0.2,
                  extensions == 0
                      ? lognormal(r, 4.5, 0.7)
                      : 16 + r.nextDouble() * (deadlineDays - 17));
      Instant resolved = opened.plusSeconds((long) (days * 86_400));
      events.add(event(t, resolved, "RESOLVED"));
      if (r.nextDouble() < 0.05) {
        Instant reopened = resolved.plusSeconds(86_400L + r.nextInt(9 * 86_400));
        events.add(event(t, reopened, "REOPENED"));
        resolved = reopened.plusSeconds(2 * 86_400L + r.nextInt(6 * 86_400));
        events.add(event(t, resolved, "RESOLVED"));
      }
      if (r.nextDouble() < 0.8) {
        events.add(event(t, resolved.plusSeconds(86_400L + r.nextInt(2 * 86_400)), "CLOSED"));
      }
      for (Map<String, Object> e : events) {
        Instant at = (Instant) e.get(TicketEvents.EVENT_AT);
        if (!at.isBefore(end)) {
          continue; // has not happened yet: the ticket is still open at the end of the sample
        }
        LocalDate day = at.atZone(o.zone()).toLocalDate();
        double v = r.nextDouble();
        LocalDate deliveredOn = v < 0.03 ? day.plusDays(1) : day;
        if (deliveredOn.isAfter(o.start().plusDays(o.days() - 1))) {
          deliveredOn = day;
        }
        Map<String, Object> row = new LinkedHashMap<>(e);
        row.put(TicketEvents.EVENT_AT, ts(at, ZoneOffset.ofHours(8)));
        byDay.computeIfAbsent(deliveredOn, k -> new ArrayList<>()).add(row);
        if (v > 0.98) {
          byDay.computeIfAbsent(o.start().plusDays(o.days() - 1), k -> new ArrayList<>()).add(row);
        }
      }
    }
    for (int d = 0; d < o.days(); d++) {
      LocalDate date = o.start().plusDays(d);
      Path file = o.out().resolve("tickets").resolve("tickets-" + FILE_DAY.format(date) + "-1.csv");
      files.add(file);
      try (CsvWriter w = new CsvWriter(file, TicketEvents.CSV_COLUMNS)) {
        for (Map<String, Object> row : byDay.getOrDefault(date, List.of())) {
          w.record(row);
          rows++;
        }
        w.row(
            "TK99999999",
            ts(date.atStartOfDay(o.zone()).toInstant().plusSeconds(36_000), ZoneOffset.ofHours(8)),
            "SOLVED",
            "PHONE",
            "FEES",
            "LOW",
            null,
            null,
            "unknown event name");
        rows++;
        badRows++;
      }
    }
    return rows;
  }

  private static Map<String, Object> event(TicketSeed t, Instant at, String event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(TicketEvents.TICKET_ID, t.ticketId());
    m.put(TicketEvents.EVENT_AT, at);
    m.put(TicketEvents.EVENT, event);
    m.put(TicketEvents.CHANNEL, t.channel());
    m.put(TicketEvents.CATEGORY, t.category());
    m.put(TicketEvents.SEVERITY, t.severity());
    m.put(TicketEvents.CUSTOMER_ID, t.customerId());
    m.put(TicketEvents.CALL_ID, t.callId());
    m.put(TicketEvents.TEXT, "OPENED".equals(event) ? t.text() : null);
    return m;
  }

  /** One row of each kind the ingest must reject; returns how many. */
  private static int writeBadCalls(CsvWriter w, String fileDay, Instant dayStart)
      throws IOException {
    String t0 = ts(dayStart.plusSeconds(36_000), ZoneOffset.ofHours(8));
    String t1 = ts(dayStart.plusSeconds(36_060), ZoneOffset.ofHours(8));
    String t2 = ts(dayStart.plusSeconds(36_090), ZoneOffset.ofHours(8));
    String t3 = ts(dayStart.plusSeconds(36_400), ZoneOffset.ofHours(8));
    String id = "CL" + fileDay + "-BAD";
    // Bad timestamp (no offset).
    w.row(
        id + "1",
        "INBOUND",
        "SHANGHAI",
        "95555",
        "zh",
        "STANDARD",
        "CU00000001",
        t0,
        t1,
        "TRANSFER",
        "BILLING",
        "2026-03-02 10:01:00",
        t2,
        t3,
        "SH-A0001",
        300,
        0,
        20,
        "false",
        "DISPUTE",
        null);
    // Unknown enum.
    w.row(
        id + "2",
        "INBND",
        "SHANGHAI",
        "95555",
        "zh",
        "STANDARD",
        "CU00000002",
        t0,
        t1,
        "TRANSFER",
        "BILLING",
        t1,
        t2,
        t3,
        "SH-A0001",
        300,
        0,
        20,
        "false",
        "DISPUTE",
        null);
    // Answered before queued.
    w.row(
        id + "3",
        "INBOUND",
        "CHENGDU",
        "95555",
        "zh",
        "STANDARD",
        "CU00000003",
        t0,
        t1,
        "TRANSFER",
        "BILLING",
        t2,
        t1,
        t3,
        "CD-A0001",
        300,
        0,
        20,
        "false",
        "DISPUTE",
        null);
    // Negative seconds.
    w.row(
        id + "4",
        "INBOUND",
        "WUHAN",
        "95555",
        "zh",
        "STANDARD",
        "CU00000004",
        t0,
        t1,
        "TRANSFER",
        "BILLING",
        t1,
        t2,
        t3,
        "WH-A0001",
        300,
        -5,
        20,
        "false",
        "DISPUTE",
        null);
    // Wrong column count.
    w.row(id + "5", "INBOUND", "WUHAN", "95555", "zh", "STANDARD");
    // Invalid UTF-8 in the disposition.
    byte[] head =
        (id
                + "6,INBOUND,SHANGHAI,95555,zh,STANDARD,CU00000006,"
                + t0
                + ","
                + t1
                + ",TRANSFER,BILLING,"
                + t1
                + ","
                + t2
                + ","
                + t3
                + ",SH-A0002,120,0,15,false,")
            .getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28, 'X', ','};
    byte[] line = Arrays.copyOf(head, head.length + bad.length);
    System.arraycopy(bad, 0, line, head.length, bad.length);
    w.rawLine(line);
    return 6;
  }

  private static double lognormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * gaussian(r));
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static double[] cumulative(double[] w) {
    double[] c = new double[w.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i];
      c[i] = sum;
    }
    for (int i = 0; i < c.length; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int pick(double[] cumulative, double u) {
    int i = Arrays.binarySearch(cumulative, u);
    i = i >= 0 ? i + 1 : -i - 1;
    return Math.min(i, cumulative.length - 1);
  }

  private static String pickOf(SplittableRandom r, String... options) {
    return options[r.nextInt(options.length)];
  }

  static boolean isWeekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }
}
