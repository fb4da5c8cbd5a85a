package io.callqa.nlp.index;

import java.util.regex.Pattern;
import org.apache.lucene.queryparser.classic.ParseException;

/**
 * A query the parser refused, explained in a reviewer's words: what is wrong and an example of the
 * right form, never the parser's own message (its lexical states and token names mean nothing to a
 * reviewer). The common mistakes are recognised from the query text; our own refusals ({@link
 * Plain}) keep their message; anything else gets the general form of the syntax.
 */
final class QueryMistakes {

  /** A refusal already written for a reviewer, e.g. an unknown field. */
  static final class Plain extends ParseException {
    private static final long serialVersionUID = 1L;

    Plain(String message) {
      super(message);
    }
  }

  /** The general form, the end of every message. */
  static final String EXAMPLE =
      "for example: lost card, customer:\"lost card\"~3, (fee OR charge) AND NOT waived, dispu*";

  private static final Pattern DANGLING_OPERATOR =
      Pattern.compile(
          "(?s)(^\\s*(AND|OR)\\b.*)|(.*\\b(AND|OR|NOT)\\s*$)|(.*\\b(AND|OR|NOT)\\s+(AND|OR)\\b.*)");
  private static final Pattern EMPTY_FIELD = Pattern.compile("(?s).*\\b(\\w+):(\\s.*|$)");
  private static final Pattern LEADING_WILDCARD = Pattern.compile("(?s)(^|.*[\\s(:])[*?].*");
  private static final Pattern LONE_SIGN = Pattern.compile("(?s)(^|.*\\s)[+\\-!](\\s.*|$)");

  private QueryMistakes() {}

  /** The message for {@code query}, which the parser refused with {@code e}. */
  static String explain(String query, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Plain) {
        return start(query) + t.getMessage();
      }
    }
    return start(query) + mistake(query) + "; " + EXAMPLE;
  }

  private static String start(String query) {
    return "cannot read the query '" + query + "': ";
  }

  private static String mistake(String query) {
    long quotes = query.chars().filter(ch -> ch == '"').count();
    if (quotes % 2 == 1) {
      return "a quote is not closed; put a quote at each end of a phrase, as in \"lost card\"";
    }
    long open = query.chars().filter(ch -> ch == '(').count();
    long close = query.chars().filter(ch -> ch == ')').count();
    if (open != close) {
      return "parentheses do not match ("
          + open
          + " opened, "
          + close
          + " closed); close each group, as in (fee OR charge)";
    }
    if (DANGLING_OPERATOR.matcher(query).matches()) {
      return "AND/OR/NOT needs a word on each side (NOT: a word after it), as in fee AND NOT waived";
    }
    if (EMPTY_FIELD.matcher(query).matches()) {
      return "a field name needs a word or a phrase right after its colon, as in customer:\"lost"
          + " card\" or site:SHANGHAI";
    }
    if (LEADING_WILDCARD.matcher(query).matches()) {
      return "a word cannot start with * or ?; put them after its first letters, as in dispu*";
    }
    if (query.strip().endsWith("\\")) {
      return "a backslash must be followed by the character it escapes, as in 50\\%";
    }
    if (LONE_SIGN.matcher(query).matches()) {
      return "+, - and ! belong right before a word (-waived: without waived)";
    }
    if (query.contains("^") || query.contains("~")) {
      return "~ and ^ go right after a word or phrase, with a number or nothing, as in refund~"
          + " or \"card stolen\"~5";
    }
    return "this is not a query the search understands; write words, \"phrases\", AND/OR/NOT,"
        + " customer: or agent: before a word, prefix* or fuzzy~";
  }
}
