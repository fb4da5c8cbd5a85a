package io.callqa.dashboards.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders {@link ReportData} as one self-contained HTML file: the figures as HTML (each number also
 * in a {@code data-value} attribute, exactly as computed), and the charts drawn by Apache ECharts,
 * whose script is inlined from its WebJar, so the file opens anywhere without a network. Labels are
 * English and Chinese.
 *
 * <pre>
 * Path file = HtmlReport.write(data, Path.of("report"));   // report/callqa-report.html
 * </pre>
 */
public final class HtmlReport {
  /** The file name inside the output folder. */
  public static final String FILE_NAME = "callqa-report.html";

  static final String ECHARTS =
      "META-INF/resources/webjars/echarts/" + echartsVersion() + "/echarts.min.js";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HtmlReport() {}

  /**
   * Writes {@code out/callqa-report.html} (atomically: a reader never sees half a report); returns
   * it.
   *
   * @param inputs what the figures were computed from (table versions, settings), kept in the file
   *     so that a re-run can tell that nothing changed ({@link #inputsOf})
   */
  public static Path write(ReportData data, Path out, String inputs) {
    try {
      Files.createDirectories(out);
      Path file = out.resolve(FILE_NAME);
      Path tmp = out.resolve(FILE_NAME + ".tmp");
      Files.writeString(tmp, render(data, inputs), StandardCharsets.UTF_8);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report under " + out, e);
    }
  }

  /** The inputs line of an existing report, or an empty string when there is none. */
  public static String inputsOf(Path file) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines
          .limit(20)
          .filter(l -> l.startsWith(INPUTS_META))
          .findFirst()
          .map(l -> unesc(l.substring(INPUTS_META.length(), l.length() - 2)))
          .orElse("");
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }

  /** The inputs line in the text of a report, or an empty string when it has none. */
  public static String inputsIn(String html) {
    return html.lines()
        .limit(20)
        .filter(l -> l.startsWith(INPUTS_META))
        .findFirst()
        .map(l -> unesc(l.substring(INPUTS_META.length(), l.length() - 2)))
        .orElse("");
  }

  private static final String INPUTS_META = "<meta name=\"callqa-inputs\" content=\"";

  /** The whole HTML document. */
  public static String render(ReportData d, String inputs) {
    StringBuilder h = new StringBuilder(1_200_000);
    String period = d.from() + " – " + d.to();
    h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append(INPUTS_META)
        .append(esc(inputs))
        .append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>callqa KPI report 客服中心关键指标报告 ")
        .append(esc(period))
        .append("</title>\n<style>")
        .append(resource("report.css"))
        .append("</style>\n</head>\n")
        .append("<body data-from=\"")
        .append(d.from())
        .append("\" data-to=\"")
        .append(d.to())
        .append("\">\n")
        .append("<header><h1>Contact-centre KPI report <span class=\"zh\">客服中心关键指标报告</span></h1>\n")
        .append("<p class=\"period\">Period 统计期间: <b id=\"period\">")
        .append(esc(period))
        .append("</b>")
        .append(" · previous 上期: <span id=\"previous-period\">")
        .append(d.previousFrom())
        .append(" – ")
        .append(d.previousTo())
        .append("</span> · local days in ")
        .append(esc(d.centreTimeZone()))
        .append(" · generated 生成于 ")
        .append(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                d.generatedAt().atOffset(ZoneOffset.UTC).withNano(0)))
        .append(" UTC</p>\n");
    if (!d.note().isBlank()) {
      h.append("<p class=\"note\" id=\"note\">").append(esc(d.note())).append("</p>\n");
    }
    h.append("</header>\n<main>\n");

    h.append("<section id=\"headlines\"><h2>Headline KPIs <span class=\"zh\">核心指标</span></h2>\n");
    cards(h, d.headlines());
    h.append("</section>\n");

    h.append(
            "<section id=\"intraday\"><h2>Service level through the day <span class=\"zh\">日内服务水平</span></h2>\n")
        .append(
            "<p class=\"hint\">By half-hour of the centre's local day and site, over the period, against the")
        .append(" target; bars are calls offered to agents 按半小时与站点汇总，柱为人工进线量</p>\n")
        .append(
            "<div class=\"charts\"><div class=\"chart wide\" id=\"chart-intraday\"></div></div>\n</section>\n");

    h.append("<section id=\"trends\"><h2>Trends by day <span class=\"zh\">每日趋势</span></h2>\n");
    h.append("<div class=\"charts\">");
    for (String id : List.of("service-level", "asa", "abandon", "csat", "nps")) {
      h.append("<div class=\"chart\" id=\"chart-").append(id).append("\"></div>");
    }
    h.append("</div>\n</section>\n");

    h.append("<section id=\"sites\"><h2>Site comparison <span class=\"zh\">站点对比</span></h2>\n");
    table(h, "site-table", d.sites());
    h.append(
        "<div class=\"charts\"><div class=\"chart wide\" id=\"chart-sites\"></div></div>\n</section>\n");

    h.append(
            "<section id=\"worst-half-hours\"><h2>Worst half-hours <span class=\"zh\">服务水平最差的半小时</span></h2>\n")
        .append("<p class=\"hint\">Lowest service level among half-hours with at least ")
        .append(MIN_OFFERED_HALF_HOUR)
        .append(" calls offered at a site 每站点进线不少于")
        .append(MIN_OFFERED_HALF_HOUR)
        .append("通的半小时中服务水平最低者</p>\n");
    table(h, "worst-table", d.worstHalfHours());
    h.append("</section>\n");

    h.append(
        "<section id=\"complaints\"><h2>Complaint deadlines <span class=\"zh\">投诉时效</span></h2>\n");
    cards(h, d.complaintHeadlines());
    h.append("<div class=\"charts\"><div class=\"chart\" id=\"chart-complaints\"></div>")
        .append("<div class=\"chart\" id=\"chart-breaches\"></div></div>\n")
        .append("<h3>Breaches by category and channel <span class=\"zh\">按类别与渠道的超时</span></h3>\n");
    table(h, "breach-table", d.breaches());
    h.append("<h3>Open tickets due within ")
        .append(DUE_SOON_DAYS)
        .append(" days <span class=\"zh\">")
        .append(DUE_SOON_DAYS)
        .append("日内到期的未结投诉</span></h3>\n");
    table(h, "due-soon-table", d.dueSoon());
    h.append("</section>\n");

    h.append("<section id=\"qa\"><h2>Top QA findings <span class=\"zh\">质检主要发现</span></h2>\n")
        .append("<h3>Most-missed scorecard points <span class=\"zh\">未达标最多的质检项</span></h3>\n");
    table(h, "qa-table", d.qaFindings());
    h.append(
            "<div class=\"charts\"><div class=\"chart wide\" id=\"chart-categories\"></div></div>\n")
        .append("<h3>Conversation categories <span class=\"zh\">会话主题</span></h3>\n");
    table(h, "category-table", d.categories());
    h.append("</section>\n</main>\n")
        .append(
            "<footer>Ratios are re-aggregated from counts (sums of numerators over sums of denominators), never")
        .append(
            " averaged; definitions in the warehouse's data dictionary. 比率均由计数重新汇总计算。</footer>\n");

    h.append("<script>")
        .append(resource(ECHARTS, true))
        .append("</script>\n")
        .append("<script id=\"report-data\" type=\"application/json\">")
        .append(json(d))
        .append("</script>\n")
        .append("<script>")
        .append(resource("report.js"))
        .append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  /**
   * Half-hours with fewer calls than this at a site are too noisy to rank (the interval dashboard's
   * worst-half-hours table uses the same bound; a test holds them together).
   */
  public static final int MIN_OFFERED_HALF_HOUR = 20;

  /** Open tickets due within this many local days are listed (as on the complaints dashboard). */
  public static final int DUE_SOON_DAYS = 3;

  private static void cards(StringBuilder h, List<Kpi> kpis) {
    h.append("<div class=\"cards\">\n");
    for (Kpi k : kpis) {
      h.append("<div class=\"card\" data-kpi=\"").append(esc(k.key())).append('"');
      attr(h, "data-value", k.value());
      attr(h, "data-previous", k.previous());
      if (k.target() != null) {
        attr(h, "data-target", k.target().value());
      }
      Boolean met = k.meetsTarget();
      h.append(" data-status=\"")
          .append(met == null ? "none" : met ? "met" : "missed")
          .append("\">")
          .append("<div class=\"label\">")
          .append(esc(k.label()))
          .append("</div>")
          .append("<div class=\"value\">")
          .append(esc(k.format().show(k.value())))
          .append("</div>");
      if (k.target() != null) {
        h.append("<div class=\"target ")
            .append(met == null ? "" : met ? "met" : "missed")
            .append("\">target 目标 ")
            .append(k.target().higherIsBetter() ? "≥ " : "≤ ")
            .append(esc(k.format().show(k.target().value())))
            .append(met == null ? "" : met ? " ✓" : " ✗")
            .append("</div>");
      }
      h.append("<div class=\"delta ");
      Boolean better = k.improved();
      h.append(better == null ? "flat" : better ? "better" : "worse").append("\">");
      if (k.value() != null && k.previous() != null) {
        h.append(esc(k.format().showChange(k.value(), k.previous())))
            .append(" vs previous 较上期 (")
            .append(esc(k.format().show(k.previous())))
            .append(')');
      } else {
        h.append("no previous period data 无上期数据");
      }
      h.append("</div></div>\n");
    }
    h.append("</div>\n");
  }

  private static void table(StringBuilder h, String id, Table t) {
    h.append("<table id=\"").append(id).append("\"><thead><tr>");
    for (Table.Column c : t.columns()) {
      h.append("<th data-col=\"")
          .append(esc(c.key()))
          .append("\">")
          .append(esc(c.label()))
          .append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    if (t.rows().isEmpty()) {
      h.append("<tr class=\"empty\"><td colspan=\"")
          .append(t.columns().size())
          .append("\">none in this period 本期无数据</td></tr>\n");
    }
    for (List<Object> row : t.rows()) {
      h.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        Table.Column c = t.columns().get(i);
        Object v = row.get(i);
        h.append("<td data-col=\"").append(esc(c.key())).append('"');
        if (v instanceof Number n) {
          attr(h, "data-value", n);
          h.append(" class=\"num\"");
        }
        h.append('>').append(esc(c.format().show(v))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static void attr(StringBuilder h, String name, Number v) {
    if (v != null) {
      h.append(' ').append(name).append("=\"").append(v).append('"');
    }
  }

  static String json(ReportData d) {
    ObjectNode root = JSON.createObjectNode();
    root.put("from", d.from().toString()).put("to", d.to().toString());
    ObjectNode targets = root.putObject("targets");
    for (Kpi k : d.headlines()) {
      if (k.target() != null) {
        targets.put(k.key(), k.target().value());
      }
    }
    root.set("daily", table(d.daily()));
    root.set("intraday", table(d.intraday()));
    root.set("sites", table(d.sites()));
    root.set("complaintDaily", table(d.complaintDaily()));
    root.set("breaches", table(d.breaches()));
    root.set("categories", table(d.categories()));
    try {
      // No "<" at all inside the script element: "</script" would end it, "<!--" would confuse the
      // parser.
      return JSON.writeValueAsString(root).replace("<", "\\u003c");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode table(Table t) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode cols = n.putArray("columns");
    ArrayNode labels = n.putArray("labels");
    t.columns()
        .forEach(
            c -> {
              cols.add(c.key());
              labels.add(c.label());
            });
    ArrayNode rows = n.putArray("rows");
    for (List<Object> r : t.rows()) {
      ArrayNode row = rows.addArray();
      for (Object v : r) {
        if (v == null) {
          row.addNull();
        } else if (v instanceof Number num) {
          row.add(num.doubleValue());
        } else {
          row.add(v.toString());
        }
      }
    }
    return n;
  }

  private static String unesc(String s) {
    return s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String resource(String name) {
    return resource(name, false);
  }

  private static String resource(String name, boolean classpathRoot) {
    String path = classpathRoot ? name : "io/callqa/dashboards/report/" + name;
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static String echartsVersion() {
    try (InputStream in =
        HtmlReport.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars/echarts/pom.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "5.5.0");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ECharts WebJar's version", e);
    }
  }
}
