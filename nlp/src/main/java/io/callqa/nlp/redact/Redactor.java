package io.callqa.nlp.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks card numbers, phone numbers, Chinese national ID numbers and other long account-like
 * numbers in transcripts, ticket text and chat text, whether written as digits ("4539 1488 0343
 * 6467") or spoken as digit words ("four five three nine ...", "double five", "oh", 四五三九, 幺).
 *
 * <p>How a number is found: consecutive digit-bearing tokens, joined only by spaces or hyphens,
 * form a run. Misheard digits count too ("for" 4, "to" 2, "free" 3, "won" 1, "ate" 8) but only
 * inside a run whose tokens are at least half real digits, so "pay for two" stays; up to {@value
 * #MAX_BRIDGES} short fillers between digits ("four a eight", "zero all three") stay inside the
 * run. After a card, account, ID or phone word, a read-out number is masked as a region whatever
 * fillers the recogniser put in it ("four a eight they're all free for free"), since it garbles a
 * number read out differently from one call to the next. ISO dates and clock times are never part
 * of a run. A run is masked when it is
 *
 * <ul>
 *   <li>a card: 13-19 digits passing the Luhn check (the last four stay: {@code **** **** ****
 *       6467});
 *   <li>a Chinese national ID: 17 digits and a check character (digit or X) with a valid ISO 7064
 *       checksum;
 *   <li>a phone number: a Chinese mobile number (11 digits, 1[3-9]..., optionally after 86), or
 *       7-13 digits after a phone word (phone, mobile, call me, 手机, 电话);
 *   <li>in a card, account or ID context (card, credit, debit, account, number, 卡号, 账号, 身份证 within
 *       the {@value #CONTEXT_TOKENS} tokens before it) and at least 8 digits long, whatever its
 *       checksum: the recogniser mishears digits, so a card read out may come back with a digit
 *       lost and three wrong;
 *   <li>a security code or PIN: {@value #CODE_MIN_DIGITS}-{@value #CODE_MAX_DIGITS} digits after
 *       CVV, CVC, PIN, passcode, "security code", "verification code", 安全码, 密码, 验证码 (masked whole
 *       as {@code [code]}: sensitive authentication data may not be kept);
 *   <li>at least {@value #LONG_RUN} digits long anywhere: as long as the shortest card number; no
 *       amount, date or ticket number is that long.
 * </ul>
 *
 * <p>Everything else stays: amounts ("eighty nine dollars", "¥3,500.00", 三百五十元), dates, times,
 * short numbers ("the last four digits are 6467" is 4 digits). Stateless and thread-safe.
 *
 * <pre>{@code
 * String safe = Redactor.redactText("卡号是6222 0212 3456 7890 123，请核实");
 * Redactor.Result r = Redactor.redactWords(List.of("my", "card", "is", "four", "five", ...));
 * }</pre>
 */
public final class Redactor {
  /** What a masked span was taken for. */
  public enum Kind {
    CARD,
    PHONE,
    NATIONAL_ID,
    NUMBER,
    /**
     * Sensitive authentication data: a card security code (CVV, CVC) or a PIN read out, which may
     * not be kept at all after authorisation.
     */
    SECURITY_CODE,
    /** A date of birth given for identity verification. */
    DATE_OF_BIRTH
  }

  /** A masked run: tokens {@code [from, to)} of the input, or characters of a text. */
  public record Span(Kind kind, int from, int to, String mask) {}

  /** Masked words (same count as the input, masked ones replaced) and what was masked. */
  public record Result(List<String> words, List<Span> spans) {
    public boolean masked() {
      return !spans.isEmpty();
    }
  }

  static final int CONTEXT_TOKENS = 8;
  static final int LONG_RUN = 13;
  static final int CONTEXT_RUN = 8;
  static final int MAX_BRIDGES = 2;
  static final int MAX_FILLER_LETTERS = 3;
  static final int REGION_TOKENS = 24;
  static final int REGION_MIN_DIGITS = 7;

  /** Digits of a security code or PIN: CVVs have 3 or 4, PINs 4 to 6, one-time codes up to 8. */
  static final int CODE_MIN_DIGITS = 3;

  static final int CODE_MAX_DIGITS = 8;

  /** Tokens after a security-code word a garbled code may spread over. */
  static final int CODE_REGION_TOKENS = 12;

  private static final Map<String, Character> DIGIT_WORDS =
      Map.ofEntries(
          Map.entry("zero", '0'),
          Map.entry("one", '1'),
          Map.entry("two", '2'),
          Map.entry("three", '3'),
          Map.entry("four", '4'),
          Map.entry("five", '5'),
          Map.entry("six", '6'),
          Map.entry("seven", '7'),
          Map.entry("eight", '8'),
          Map.entry("nine", '9'),
          Map.entry("nought", '0'));

  /** Words a recogniser returns for a spoken digit: count only inside a digit run. */
  private static final Map<String, Character> MISHEARD =
      Map.ofEntries(
          Map.entry("oh", '0'),
          Map.entry("o", '0'),
          Map.entry("won", '1'),
          Map.entry("to", '2'),
          Map.entry("too", '2'),
          Map.entry("free", '3'),
          Map.entry("tree", '3'),
          Map.entry("for", '4'),
          Map.entry("fore", '4'),
          Map.entry("ate", '8'));

  private static final Map<Character, Character> CJK_DIGITS =
      Map.ofEntries(
          Map.entry('零', '0'),
          Map.entry('〇', '0'),
          Map.entry('一', '1'),
          Map.entry('幺', '1'),
          Map.entry('二', '2'),
          Map.entry('两', '2'),
          Map.entry('三', '3'),
          Map.entry('四', '4'),
          Map.entry('五', '5'),
          Map.entry('六', '6'),
          Map.entry('七', '7'),
          Map.entry('八', '8'),
          Map.entry('九', '9'));

  private static final Set<String> CARD_CONTEXT =
      Set.of(
          "card",
          "cards",
          "credit",
          "debit",
          "visa",
          "mastercard",
          "unionpay",
          "卡",
          "卡号",
          "信用卡",
          "银行卡");
  private static final Set<String> ACCOUNT_CONTEXT =
      Set.of("account", "number", "no", "acct", "账号", "帐号", "账户", "帐户", "号码", "号");
  private static final Set<String> ID_CONTEXT = Set.of("id", "identity", "passport", "身份证", "证件");

  /** Words before a security code or PIN; "security code" and "verification code" as two words. */
  private static final Set<String> CODE_CONTEXT =
      Set.of("cvv", "cvc", "cvv2", "cvc2", "pin", "passcode", "安全码", "密码", "验证码", "校验码");

  private static final Set<String> CODE_QUALIFIERS = Set.of("security", "verification", "cvv");
  private static final Set<String> PHONE_CONTEXT =
      Set.of("phone", "mobile", "cell", "telephone", "tel", "手机", "电话", "call", "reach");

  /** Dates and times, which never join a digit run. */
  private static final Pattern PROTECTED =
      Pattern.compile(
          "\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}:\\d{2}(:\\d{2})?|\\d{4}年\\d{1,2}月(\\d{1,2}日)?");

  private static final Pattern TOKEN = Pattern.compile("[0-9０-９]+|[A-Za-z']+|\\p{IsHan}|[^\\s\\-]");

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK = "10X98765432";

  private Redactor() {}

  /** One token: its text, what digits it stands for ("" for none), and how it joins the next. */
  private record Tok(
      String text,
      int start,
      int end,
      String digits,
      boolean misheard,
      boolean multiplier,
      boolean checkX,
      boolean joinsNext) {}

  /**
   * Masks words from a recogniser. Each masked word becomes {@code *}, except that the words
   * carrying a card's last four digits show those digits; the spans say which words and what kind.
   */
  public static Result redactWords(List<String> words) {
    return redactWords(words, Set.of());
  }

  /**
   * As {@link #redactWords(List)}, where a long pause comes before each word index in {@code
   * pausesBefore} (a new turn of the same speaker): a number and what the recogniser read into it
   * do not run across it, though a card or ID word before it still says what the number after it is
   * (the recogniser's endpointing may cut a read-out in two).
   */
  public static Result redactWords(List<String> words, Set<Integer> pausesBefore) {
    return redactWords(words, pausesBefore, Set.of());
  }

  /**
   * As {@link #redactWords(List, Set)}, where the other party asked for a date of birth just before
   * each word index in {@code dateOfBirthAskedBefore} ("can you confirm your date of birth"): a
   * date said next is masked as one.
   */
  public static Result redactWords(
      List<String> words, Set<Integer> pausesBefore, Set<Integer> dateOfBirthAskedBefore) {
    List<Tok> toks = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      Tok t = classify(words.get(i), i, i + 1, true);
      if (pausesBefore.contains(i + 1)) {
        t =
            new Tok(
                t.text(),
                t.start(),
                t.end(),
                t.digits(),
                t.misheard(),
                t.multiplier(),
                t.checkX(),
                false);
      }
      toks.add(t);
    }
    List<Span> spans = findWithDates(toks, dateOfBirthAskedBefore);
    List<String> out = new ArrayList<>(words);
    for (Span s : spans) {
      for (int i = s.from(); i < s.to(); i++) {
        out.set(i, "*");
      }
      if (s.kind() == Kind.CARD) {
        revealLastFour(toks, s, out);
      }
    }
    return new Result(out, spans);
  }

  /**
   * Masks free text (ticket text, chat messages, a transcript line); spans are character ranges.
   */
  public static String redactText(String text) {
    return redactTextWithSpans(text).words().get(0);
  }

  /**
   * Like {@link #redactText}, also returning the character spans that were masked (in the input).
   */
  public static Result redactTextWithSpans(String text) {
    if (text == null || text.isEmpty()) {
      return new Result(List.of(text == null ? "" : text), List.of());
    }
    boolean[] protect = new boolean[text.length()];
    Matcher pm = PROTECTED.matcher(text);
    while (pm.find()) {
      for (int i = pm.start(); i < pm.end(); i++) {
        protect[i] = true;
      }
    }
    List<Tok> toks = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      Tok t = classify(m.group(), m.start(), m.end(), false);
      if (protect[m.start()]) {
        t = new Tok(t.text(), t.start(), t.end(), "", false, false, false, false);
      }
      toks.add(t);
    }
    // Tokens join when only spaces or hyphens (at most three characters) separate them.
    for (int i = 0; i + 1 < toks.size(); i++) {
      Tok a = toks.get(i);
      String gap = text.substring(a.end(), toks.get(i + 1).start());
      boolean joins =
          gap.length() <= 3 && gap.chars().allMatch(c -> c == ' ' || c == '-' || c == '\u3000');
      toks.set(
          i,
          new Tok(
              a.text(),
              a.start(),
              a.end(),
              a.digits(),
              a.misheard(),
              a.multiplier(),
              a.checkX(),
              joins));
    }
    List<Span> tokenSpans = findWithDates(toks, Set.of());
    StringBuilder out = new StringBuilder();
    List<Span> charSpans = new ArrayList<>();
    int at = 0;
    for (Span s : tokenSpans) {
      int from = toks.get(s.from()).start();
      int to = toks.get(s.to() - 1).end();
      out.append(text, at, from).append(s.mask());
      charSpans.add(new Span(s.kind(), from, to, s.mask()));
      at = to;
    }
    out.append(text.substring(at));
    return new Result(List.of(out.toString()), charSpans);
  }

  private static Tok classify(String raw, int start, int end, boolean wordMode) {
    String w = raw.toLowerCase(Locale.ROOT);
    boolean joins = wordMode;
    if (w.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= '０' && c <= '９'))) {
      StringBuilder d = new StringBuilder();
      for (char c : w.toCharArray()) {
        d.append(c >= '０' ? (char) ('0' + (c - '０')) : c);
      }
      return new Tok(raw, start, end, d.toString(), false, false, false, joins);
    }
    if (DIGIT_WORDS.containsKey(w)) {
      return new Tok(
          raw, start, end, String.valueOf(DIGIT_WORDS.get(w)), false, false, false, joins);
    }
    if (MISHEARD.containsKey(w)) {
      return new Tok(raw, start, end, String.valueOf(MISHEARD.get(w)), true, false, false, joins);
    }
    if (w.length() == 1 && CJK_DIGITS.containsKey(w.charAt(0))) {
      return new Tok(
          raw, start, end, String.valueOf(CJK_DIGITS.get(w.charAt(0))), false, false, false, joins);
    }
    boolean multiplier = w.equals("double") || w.equals("triple");
    boolean x = w.equals("x") || w.equals("ex") || w.equals("叉");
    return new Tok(raw, start, end, "", false, multiplier, x, joins);
  }

  /** Words before a date of birth; "date of birth" and "birth date" as word pairs. */
  private static final Set<String> DOB_CONTEXT =
      Set.of("born", "birthday", "dob", "出生日期", "生日", "出生", "出生年月");

  /** Tokens after a date-of-birth word the date may start within, and may spread over. */
  static final int DOB_TOKENS = 14;

  private static final Set<String> MONTHS =
      Set.of(
          "january",
          "february",
          "march",
          "april",
          "may",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december",
          "jan",
          "feb",
          "mar",
          "apr",
          "jun",
          "jul",
          "aug",
          "sep",
          "sept",
          "oct",
          "nov",
          "dec");
  private static final Set<String> NUMBER_WORDS =
      Set.of(
          "zero",
          "oh",
          "one",
          "two",
          "three",
          "four",
          "five",
          "six",
          "seven",
          "eight",
          "nine",
          "ten",
          "eleven",
          "twelve",
          "thirteen",
          "fourteen",
          "fifteen",
          "sixteen",
          "seventeen",
          "eighteen",
          "nineteen",
          "twenty",
          "thirty",
          "forty",
          "fifty",
          "sixty",
          "seventy",
          "eighty",
          "ninety",
          "hundred",
          "thousand",
          "first",
          "second",
          "third",
          "fourth",
          "fifth",
          "sixth",
          "seventh",
          "eighth",
          "ninth",
          "tenth",
          "eleventh",
          "twelfth",
          "thirteenth",
          "fourteenth",
          "fifteenth",
          "sixteenth",
          "seventeenth",
          "eighteenth",
          "nineteenth",
          "twentieth",
          "thirtieth");

  /** Words a spoken or written date carries between its parts. */
  private static final Set<String> DATE_JOINERS =
      Set.of("the", "of", "and", "st", "nd", "rd", "th", "/", ",", ".", "-", "年", "月", "日", "号");

  private static final Set<String> YEAR_WORDS = Set.of("nineteen", "twenty", "thousand");

  /**
   * Whether the words ask for or announce a date of birth ("can you confirm your date of birth",
   * "when were you born", "your birthday", 出生日期): the other party's next date is then one.
   */
  public static boolean mentionsDateOfBirth(List<String> words) {
    List<Tok> toks = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      toks.add(classify(words.get(i), i, i + 1, true));
    }
    for (int i = 0; i < toks.size(); i++) {
      if (dobContextEndsAt(toks, i)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a date-of-birth phrase ends at token {@code k}. */
  private static boolean dobContextEndsAt(List<Tok> toks, int k) {
    String w = toks.get(k).text().toLowerCase(Locale.ROOT);
    if (DOB_CONTEXT.contains(w)) {
      return true;
    }
    String prev = k > 0 ? toks.get(k - 1).text().toLowerCase(Locale.ROOT) : "";
    String prev2 = k > 1 ? toks.get(k - 2).text().toLowerCase(Locale.ROOT) : "";
    if (w.equals("birth") && prev.equals("of") && prev2.equals("date")) {
      return true;
    }
    if (w.equals("date") && prev.equals("birth")) {
      return true;
    }
    // Chinese: one token per character.
    StringBuilder han = new StringBuilder();
    for (int x = Math.max(0, k - 3); x <= k; x++) {
      han.append(toks.get(x).text());
    }
    String h = han.toString();
    return h.endsWith("出生日期") || h.endsWith("生日") || h.endsWith("出生年月");
  }

  /** A token that can be part of a date: a month, a day or year number, a digit group. */
  private static boolean dateish(Tok t) {
    String w = t.text().toLowerCase(Locale.ROOT);
    if (MONTHS.contains(w) || NUMBER_WORDS.contains(w)) {
      return true;
    }
    if (w.chars().allMatch(Character::isDigit)) {
      return w.length() <= 4;
    }
    return w.length() == 1 && (CJK_DIGITS.containsKey(w.charAt(0)) || w.charAt(0) == '十');
  }

  private static boolean yearOrMonth(Tok t) {
    String w = t.text().toLowerCase(Locale.ROOT);
    return MONTHS.contains(w)
        || YEAR_WORDS.contains(w)
        || (w.length() == 4 && w.chars().allMatch(Character::isDigit))
        || w.equals("年")
        || w.equals("月");
  }

  /**
   * Dates of birth: after a date-of-birth phrase (or from a token the other party's question
   * opened, {@code askedBefore}), the first date within {@value #DOB_TOKENS} tokens, from its first
   * to its last part, when it has a month or a year. Then the number spans of {@link #find} over
   * the rest.
   */
  private static List<Span> findWithDates(List<Tok> toks, Set<Integer> askedBefore) {
    List<Span> dates = new ArrayList<>();
    int next = 0;
    for (int k = 0; k < toks.size(); k++) {
      boolean opens = askedBefore.contains(k);
      int from = opens ? k : k + 1;
      if (k < next || !(opens || dobContextEndsAt(toks, k))) {
        continue;
      }
      int first = -1;
      int last = -1;
      boolean anchored = false;
      int parts = 0;
      Span found = null;
      for (int j = from; j < toks.size() && j < from + DOB_TOKENS && found == null; j++) {
        if ((j > from || !opens) && !toks.get(j - 1).joinsNext()) {
          // A pause (a new turn of the speaker): the question's answer has ended.
          if (first >= 0 && anchored && parts >= 2) {
            found = new Span(Kind.DATE_OF_BIRTH, first, last + 1, "[date of birth]");
          }
          break;
        }
        Tok t = toks.get(j);
        String w = t.text().toLowerCase(Locale.ROOT);
        boolean part = dateish(t);
        boolean joiner = !part && DATE_JOINERS.contains(w);
        if (part) {
          first = first < 0 ? j : first;
          last = j;
          parts++;
          anchored |= yearOrMonth(t);
        } else if (joiner && first >= 0) {
          anchored |= yearOrMonth(t);
          if (w.equals("日") || w.equals("号") || w.equals("月") || w.equals("年")) {
            last = j;
          }
        }
        boolean ends = first >= 0 && !part && !joiner;
        boolean windowEnds = j + 1 >= toks.size() || j + 1 >= from + DOB_TOKENS;
        if (ends || windowEnds) {
          if (first >= 0 && anchored && parts >= 2) {
            found = new Span(Kind.DATE_OF_BIRTH, first, last + 1, "[date of birth]");
          }
          // Not a date ("one second please"): look on from here.
          first = -1;
          last = -1;
          anchored = false;
          parts = 0;
        }
      }
      if (found != null) {
        dates.add(found);
        next = found.to();
      }
    }
    if (dates.isEmpty()) {
      return find(toks);
    }
    // The numbers elsewhere, with the dates' tokens out of reach of a digit run.
    List<Tok> rest = new ArrayList<>(toks);
    for (Span d : dates) {
      for (int i = d.from(); i < d.to(); i++) {
        Tok t = rest.get(i);
        rest.set(i, new Tok(t.text(), t.start(), t.end(), "", false, false, false, false));
      }
    }
    List<Span> all = new ArrayList<>(find(rest));
    all.addAll(dates);
    all.sort(java.util.Comparator.comparingInt(Span::from));
    return all;
  }

  /** Finds the spans to mask among classified tokens. */
  private static List<Span> find(List<Tok> toks) {
    List<Span> spans = new ArrayList<>();
    int i = 0;
    while (i < toks.size()) {
      if (!startsRun(toks, i)) {
        i++;
        continue;
      }
      Context ctx = context(toks, i);
      if (ctx != Context.NONE) {
        Span region = readOutRegion(toks, i, ctx);
        if (region != null) {
          spans.add(region);
          i = region.to();
          continue;
        }
      }
      // Collect the run: digit tokens and multipliers, joined, with short fillers bridged.
      DigitRun run = new DigitRun();
      int j = i;
      int bridges = 0;
      while (j < toks.size()) {
        Tok t = toks.get(j);
        if (t.digits().isEmpty() && !t.multiplier()) {
          // Short fillers the recogniser put between digits ("four a eight") stay in the run
          // uncounted.
          if (bridges < MAX_BRIDGES && isFillerBeforeDigit(toks, j)) {
            bridges++;
            j++;
            continue;
          }
          break;
        }
        run.add(t);
        j++;
        if (!t.joinsNext()) {
          break;
        }
      }
      int end = run.completeId(toks, j - 1) + 1;
      StringBuilder digits = run.digits;
      int strict = run.strict;
      int counted = run.counted;
      // Drop misheard words at the edges when the run is not masked anyway; keep them when it is.
      Kind kind = strict * 2 >= counted ? classifyRun(digits.toString(), ctx) : null;
      if (kind != null) {
        spans.add(new Span(kind, i, end, mask(kind, digits.toString())));
        i = end;
      } else {
        i = Math.max(i + 1, j);
      }
    }
    return spans;
  }

  /**
   * A number read out after a card, account, ID or phone word, however the recogniser garbled it:
   * within the next {@value #REGION_TOKENS} tokens (up to punctuation), from the first to the last
   * digit-like token, when there are at least {@value #REGION_MIN_DIGITS} of them and at least half
   * are real digits. Null otherwise.
   */
  private static Span readOutRegion(List<Tok> toks, int i, Context ctx) {
    boolean code = ctx == Context.CODE;
    DigitRun run = new DigitRun();
    int last = -1;
    for (int j = i; j < toks.size() && j < i + (code ? CODE_REGION_TOKENS : REGION_TOKENS); j++) {
      Tok t = toks.get(j);
      if (!Character.isLetterOrDigit(t.text().codePointAt(0))) {
        break;
      }
      if (code && run.digits.length() >= CODE_MAX_DIGITS && !t.digits().isEmpty()) {
        break;
      }
      if (run.add(t)) {
        last = j;
      }
      if (!t.joinsNext()) {
        break;
      }
    }
    if (run.digits.length() < (code ? CODE_MIN_DIGITS : REGION_MIN_DIGITS)
        || run.strict * 2 < run.counted) {
      return null;
    }
    last = run.completeId(toks, last);
    StringBuilder digits = run.digits;
    Kind kind = classifyRun(digits.toString(), ctx);
    if (kind == null) {
      kind =
          switch (ctx) {
            case CARD -> Kind.CARD;
            case ID -> Kind.NATIONAL_ID;
            case PHONE -> Kind.PHONE;
            case CODE -> Kind.SECURITY_CODE;
            default -> Kind.NUMBER;
          };
    }
    return new Span(kind, i, last + 1, mask(kind, digits.toString()));
  }

  /** Whether token {@code j} is a short joined filler followed by a digit token. */
  private static boolean isFillerBeforeDigit(List<Tok> toks, int j) {
    Tok t = toks.get(j);
    return t.digits().isEmpty()
        && !t.multiplier()
        && t.text().length() <= MAX_FILLER_LETTERS
        && t.joinsNext()
        && j + 1 < toks.size()
        && !toks.get(j + 1).digits().isEmpty();
  }

  /** The digits a run of tokens stands for, and how many of its digit tokens are real digits. */
  private static final class DigitRun {
    final StringBuilder digits = new StringBuilder();
    int strict;
    int counted;
    private int repeat = 1;

    /** Adds a token; true when it carried digits. */
    boolean add(Tok t) {
      if (t.multiplier()) {
        repeat = t.text().equalsIgnoreCase("double") ? 2 : 3;
        return false;
      }
      if (t.digits().isEmpty()) {
        return false;
      }
      digits.append(t.digits().repeat(t.digits().length() == 1 ? repeat : 1));
      repeat = 1;
      counted++;
      strict += t.misheard() ? 0 : 1;
      return true;
    }

    /** A trailing X completes a 17-digit national ID; returns the index of the run's last token. */
    int completeId(List<Tok> toks, int last) {
      if (digits.length() == 17
          && last + 1 < toks.size()
          && toks.get(last + 1).checkX()
          && toks.get(last).joinsNext()) {
        digits.append('X');
        return last + 1;
      }
      return last;
    }
  }

  private static boolean startsRun(List<Tok> toks, int i) {
    Tok t = toks.get(i);
    return !t.digits().isEmpty()
        || (t.multiplier() && i + 1 < toks.size() && !toks.get(i + 1).digits().isEmpty());
  }

  private enum Context {
    CARD,
    ACCOUNT,
    ID,
    PHONE,
    CODE,
    NONE
  }

  private static Context context(List<Tok> toks, int runStart) {
    Context found = Context.NONE;
    for (int k = Math.max(0, runStart - CONTEXT_TOKENS); k < runStart; k++) {
      // Chinese words are one token per character: try the word of up to three characters ending
      // here.
      String w = toks.get(k).text().toLowerCase(Locale.ROOT);
      for (int len = 3; len >= 2; len--) {
        if (k - len + 1 >= 0) {
          StringBuilder b = new StringBuilder();
          for (int x = k - len + 1; x <= k; x++) {
            b.append(toks.get(x).text());
          }
          String joined = b.toString();
          if (joined
                  .codePoints()
                  .allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
              && (CARD_CONTEXT.contains(joined)
                  || ID_CONTEXT.contains(joined)
                  || PHONE_CONTEXT.contains(joined)
                  || CODE_CONTEXT.contains(joined)
                  || ACCOUNT_CONTEXT.contains(joined))) {
            w = joined;
            break;
          }
        }
      }
      boolean qualifiedCode =
          w.equals("code")
              && k > 0
              && CODE_QUALIFIERS.contains(toks.get(k - 1).text().toLowerCase(Locale.ROOT));
      if (CODE_CONTEXT.contains(w) || qualifiedCode) {
        found = Context.CODE;
      } else if (CARD_CONTEXT.contains(w)) {
        found = Context.CARD;
      } else if (ID_CONTEXT.contains(w)) {
        found = Context.ID;
      } else if (PHONE_CONTEXT.contains(w)) {
        found = Context.PHONE;
      } else if (ACCOUNT_CONTEXT.contains(w) && found == Context.NONE) {
        found = Context.ACCOUNT;
      }
    }
    return found;
  }

  private static Kind classifyRun(String d, Context ctx) {
    int n = d.length();
    if (n == 18 && validId(d)) {
      return Kind.NATIONAL_ID;
    }
    if (d.indexOf('X') >= 0) {
      return ctx == Context.NONE ? null : Kind.NATIONAL_ID;
    }
    if (n >= 13 && n <= 19 && luhn(d)) {
      return Kind.CARD;
    }
    if (ctx == Context.CODE && n >= CODE_MIN_DIGITS && n <= CODE_MAX_DIGITS) {
      return Kind.SECURITY_CODE;
    }
    if (chineseMobile(d)) {
      return Kind.PHONE;
    }
    if (ctx == Context.PHONE && n >= 7 && n <= 13) {
      return Kind.PHONE;
    }
    if (n >= CONTEXT_RUN && ctx != Context.NONE) {
      return switch (ctx) {
        case CARD -> Kind.CARD;
        case ID -> Kind.NATIONAL_ID;
        case PHONE -> Kind.PHONE;
        case CODE -> Kind.SECURITY_CODE;
        default -> Kind.NUMBER;
      };
    }
    if (n >= LONG_RUN) {
      return Kind.NUMBER;
    }
    return null;
  }

  private static String mask(Kind kind, String digits) {
    return switch (kind) {
      case CARD -> "**** **** **** " + digits.substring(Math.max(0, digits.length() - 4));
      case PHONE -> "[phone]";
      case NATIONAL_ID -> "[id]";
      case NUMBER -> "[number]";
      case SECURITY_CODE -> "[code]";
      case DATE_OF_BIRTH -> "[date of birth]";
    };
  }

  private static void revealLastFour(List<Tok> toks, Span s, List<String> out) {
    int left = 4;
    for (int i = s.to() - 1; i >= s.from() && left > 0; i--) {
      String d = toks.get(i).digits();
      if (d.isEmpty()) {
        continue;
      }
      if (d.length() <= left) {
        out.set(i, d);
        left -= d.length();
      } else {
        out.set(i, "*".repeat(d.length() - left) + d.substring(d.length() - left));
        left = 0;
      }
    }
  }

  /**
   * The most digits a recogniser's words carry in a row: digit words, misheard digits ("for", "to",
   * "free"), Chinese digits and written digits all count, "double five" counts two; any other word
   * ends a run. How a redacted recording is checked: transcribed again, no run may be longer than
   * four.
   */
  public static int longestDigitRun(List<String> words) {
    int longest = 0;
    int run = 0;
    int repeat = 1;
    for (String w : words) {
      Tok t = classify(w, 0, w.length(), true);
      if (t.multiplier()) {
        repeat = w.equalsIgnoreCase("double") ? 2 : 3;
        continue;
      }
      int digits = 0;
      if (!t.digits().isEmpty()) {
        digits = t.digits().length() == 1 ? repeat : t.digits().length();
      } else if (!w.isEmpty() && w.codePoints().allMatch(cp -> CJK_DIGITS.containsKey((char) cp))) {
        digits = w.length();
      }
      repeat = 1;
      run = digits == 0 ? 0 : run + digits;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  /** Luhn checksum of a digit string. */
  static boolean luhn(String d) {
    int sum = 0;
    for (int i = 0; i < d.length(); i++) {
      int x = d.charAt(d.length() - 1 - i) - '0';
      if (x < 0 || x > 9) {
        return false;
      }
      if (i % 2 == 1) {
        x *= 2;
        if (x > 9) {
          x -= 9;
        }
      }
      sum += x;
    }
    return sum % 10 == 0;
  }

  /** ISO 7064 MOD 11-2 check of an 18-character Chinese resident ID number. */
  static boolean validId(String id) {
    if (id.length() != 18) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      sum += (c - '0') * ID_WEIGHTS[i];
    }
    return Character.toUpperCase(id.charAt(17)) == ID_CHECK.charAt(sum % 11);
  }

  private static boolean chineseMobile(String d) {
    String s = d.startsWith("86") && d.length() == 13 ? d.substring(2) : d;
    return s.length() == 11 && s.charAt(0) == '1' && s.charAt(1) >= '3' && s.charAt(1) <= '9';
  }
}
