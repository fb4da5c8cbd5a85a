package io.callqa.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --help} text and usage errors as a person reads them.
 *
 * <p>Picocli wraps with the JDK's line {@link java.text.BreakIterator}, which breaks after a dot,
 * colon or slash inside a word: {@code --set kpi.} / {@code service-level.threshold-s=20}, {@code
 * (storage.} / {@code audit-window-days)}, and it prints each element of a command's description on
 * a line of its own, so a sentence written over two elements came out cut in the middle. Here the
 * description, option, parameter and command sections are laid out by picocli without a width limit
 * and then wrapped at spaces only; a description's elements are joined into paragraphs unless an
 * element ends a sentence (or a colon introduces what follows).
 *
 * <p>A usage error (unknown option, bad number, unquoted SQL) is one line naming the command, plus
 * where the help is, instead of the whole usage text.
 */
final class HelpLayout {
  /** The help's width: what a terminal shows without wrapping. */
  static final int WIDTH = 80;

  private HelpLayout() {}

  /** Lays out the help of {@code cl} and all its subcommands, and makes usage errors short. */
  static void install(CommandLine cl) {
    cl.setParameterExceptionHandler(HelpLayout::usageError);
    install0(cl);
  }

  private static void install0(CommandLine cl) {
    Map<String, CommandLine.IHelpSectionRenderer> sections = cl.getHelpSectionMap();
    sections.put(
        CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
        help -> wrapParagraphs(paragraphs(help.commandSpec().usageMessage().description()), WIDTH));
    sections.put(
        CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
    for (String key :
        List.of(
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST)) {
      CommandLine.IHelpSectionRenderer original = sections.get(key);
      sections.put(key, help -> rewrap(unwrapped(help, original), WIDTH));
    }
    cl.getSubcommands().values().forEach(HelpLayout::install0);
  }

  /**
   * A description's elements as paragraphs: an element that ends a sentence ({@code . ! ?}),
   * introduces a list ({@code :}) or is empty ends its paragraph; any other is continued by the
   * next element.
   */
  static List<String> paragraphs(String[] description) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : description) {
      String element = raw.replace("%n", "\n").strip();
      if (!current.isEmpty() && !element.isEmpty()) {
        current.append(' ');
      }
      current.append(element);
      if (element.isEmpty() || element.matches("(?s).*[.!?:]\\)?$")) {
        out.add(current.toString());
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      out.add(current.toString());
    }
    return out;
  }

  /** Paragraphs wrapped at spaces to {@code width}. */
  static String wrapParagraphs(List<String> paragraphs, int width) {
    StringBuilder b = new StringBuilder();
    for (String p : paragraphs) {
      for (String line : p.split("\n", -1)) {
        wrap(line, "", "", width, b);
      }
    }
    return b.toString();
  }

  /** Appends {@code text} wrapped at spaces; a word longer than the line stays whole. */
  static void wrap(String text, String firstIndent, String indent, int width, StringBuilder out) {
    StringBuilder line = new StringBuilder(firstIndent);
    int start = line.length();
    for (String word : text.strip().split(" +")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > start && line.length() + 1 + word.length() > width) {
        out.append(line.toString().stripTrailing()).append('\n');
        line.setLength(0);
        line.append(indent);
        start = line.length();
      }
      if (line.length() > start) {
        line.append(' ');
      }
      line.append(word);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /**
   * A section as picocli lays it out with no width limit: one line per option, its text unbroken.
   */
  private static String unwrapped(
      CommandLine.Help help, CommandLine.IHelpSectionRenderer original) {
    CommandLine.Model.UsageMessageSpec usage = help.commandSpec().usageMessage();
    int width = usage.width();
    boolean auto = usage.autoWidth();
    try {
      usage.autoWidth(false);
      usage.width(10_000);
      return original.render(help);
    } finally {
      usage.width(width);
      usage.autoWidth(auto);
    }
  }

  /** An option list line: the names, a gap of two or more spaces, the text. */
  private static final java.util.regex.Pattern NAMES_THEN_TEXT =
      java.util.regex.Pattern.compile("^( *\\S.*?\\S?)( {2,})(\\S.*)$");

  /**
   * Re-wraps an option or parameter list laid out on unbroken lines: the text column starts after
   * the first gap of two or more spaces that follows the names (or at the line's indentation when
   * the names took their own line), and continues at that column.
   */
  static String rewrap(String section, int width) {
    if (section.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String line : section.split("\n")) {
      if (line.length() <= width) {
        out.append(line.stripTrailing()).append('\n');
        continue;
      }
      java.util.regex.Matcher m = NAMES_THEN_TEXT.matcher(line);
      int column;
      String head;
      String text;
      if (m.matches() && !line.isBlank() && line.indexOf(m.group(3)) > 0 && !m.group(1).isBlank()) {
        column = m.group(1).length() + m.group(2).length();
        head = line.substring(0, column);
        text = m.group(3);
      } else {
        column = line.length() - line.stripLeading().length();
        head = line.substring(0, column);
        text = line.strip();
      }
      wrap(text, head, " ".repeat(column), width, out);
    }
    return out.toString();
  }

  /** The subcommands with the first paragraph of each one's description, wrapped at spaces. */
  private static String commandList(CommandLine.Help help) {
    Map<String, CommandLine.Help> subs = help.subcommands();
    if (subs.isEmpty()) {
      return "";
    }
    int nameWidth = subs.keySet().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder b = new StringBuilder();
    String indent = " ".repeat(2 + nameWidth + 2);
    for (Map.Entry<String, CommandLine.Help> e : subs.entrySet()) {
      CommandSpec spec = e.getValue().commandSpec();
      List<String> paragraphs = paragraphs(spec.usageMessage().description());
      String first = paragraphs.isEmpty() ? "" : paragraphs.get(0);
      String head = "  " + e.getKey() + " ".repeat(nameWidth - e.getKey().length() + 2);
      wrap(first, head, indent, WIDTH, b);
    }
    return b.toString();
  }

  /** A usage error as one line naming the command, then where its help is; exit code 2. */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    String message = ex.getMessage();
    if (ex instanceof CommandLine.UnmatchedArgumentException u
        && name.endsWith(" sql")
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      message =
          "the SQL statement must be one argument: put it in quotes, e.g. ./callqa sql --warehouse DIR"
              + " \"SELECT count(*) FROM calls\"";
    } else if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        message +=
            " (did you mean "
                + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                + "?)";
      }
    } else if (ex instanceof CommandLine.MissingParameterException) {
      // A misspelt option makes a required one missing: name the misspelling, which is the actual
      // mistake.
      for (String arg : cmd.getUnmatchedArguments()) {
        String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (option.startsWith("--")) {
          // Picocli's own suggestions for an unknown option (the same as it makes for an unmatched
          // one).
          List<String> near =
              new CommandLine.UnmatchedArgumentException(cmd, List.of(option)).getSuggestions();
          message =
              "unknown option '"
                  + option
                  + "'"
                  + (near.isEmpty() ? "" : " (did you mean " + near.get(0) + "?)")
                  + "; "
                  + message;
          break;
        }
      }
    }
    cmd.getErr().println(name + ": " + message.replace("\n", " ").strip());
    cmd.getErr().println("see './" + name + " --help'");
    cmd.getErr().flush();
    return 2;
  }
}
