package io.callqa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.nlp.index.QuerySyntaxException;
import io.callqa.nlp.index.SearchRequest;
import io.callqa.nlp.index.SearchResult;
import io.callqa.nlp.index.TranscriptIndex;
import io.callqa.nlp.index.TranscriptSearcher;
import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.storage.IndexSnapshots;
import io.callqa.warehouse.storage.Location;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code callqa search}: query the transcript index from the command line. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Search transcripts, chats and complaint notes. Words are ANDed; \"phrase\", \"near words\"~5, OR, NOT,"
          + " prefix*, fuzzy~, agent:/customer:/ticket: for who said it, site:/queue:/agent_id: for exact values.",
      "Example: ./callqa search --warehouse demo/warehouse --site SHANGHAI 'customer:\"card stolen\"~5'"
    })
final class SearchCommand implements Callable<Integer> {

  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "DIR",
      description = "warehouse folder",
      converter = LocationConverters.Warehouse.class)
  Location warehouse;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "for a warehouse on HDFS or S3: local folder for the index snapshots fetched (default"
              + " ~/.cache/callqa)")
  Path cache;

  @Parameters(
      arity = "0..1",
      paramLabel = "QUERY",
      description = "the query; empty lists every conversation")
  String query = "";

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last day")
  LocalDate to;

  @Option(names = "--site", split = ",", paramLabel = "SITE", description = "sites (any of)")
  Set<String> sites = new LinkedHashSet<>();

  @Option(names = "--queue", split = ",", paramLabel = "QUEUE", description = "queues (any of)")
  Set<String> queues = new LinkedHashSet<>();

  @Option(names = "--segment", split = ",", paramLabel = "SEGMENT", description = "STANDARD, VIP")
  Set<String> segments = new LinkedHashSet<>();

  @Option(names = "--language", split = ",", paramLabel = "LANG", description = "en, zh")
  Set<String> languages = new LinkedHashSet<>();

  @Option(names = "--agent", split = ",", paramLabel = "AGENT", description = "agent ids (any of)")
  Set<String> agents = new LinkedHashSet<>();

  @Option(names = "--kind", split = ",", paramLabel = "KIND", description = "CALL, CHAT, COMPLAINT")
  Set<String> kinds = new LinkedHashSet<>();

  @Option(
      names = "--category",
      split = ",",
      paramLabel = "NAME",
      description = "categories (any of), e.g. fee_complaint")
  Set<String> categories = new LinkedHashSet<>();

  @Option(names = "--csat-min", paramLabel = "N", description = "lowest survey CSAT (1-5)")
  Integer csatMin;

  @Option(names = "--csat-max", paramLabel = "N", description = "highest survey CSAT (1-5)")
  Integer csatMax;

  @Option(names = "--handle-min", paramLabel = "S", description = "shortest handle time, seconds")
  Double handleMin;

  @Option(names = "--handle-max", paramLabel = "S", description = "longest handle time, seconds")
  Double handleMax;

  @Option(
      names = "--has-complaint",
      arity = "1",
      paramLabel = "true|false",
      description = "a complaint is linked")
  Boolean hasComplaint;

  @Option(
      names = "--confidence-min",
      paramLabel = "X",
      description = "lowest mean recogniser confidence (0-1)")
  Double confidenceMin;

  @Option(
      names = "--confidence-max",
      paramLabel = "X",
      description = "highest mean recogniser confidence (0-1)")
  Double confidenceMax;

  @Option(
      names = "--sort",
      paramLabel = "ORDER",
      description = "RELEVANCE (default), NEWEST or OLDEST")
  SearchRequest.Sort sort = SearchRequest.Sort.RELEVANCE;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "hits to show (default 10, at most 1000)")
  int limit = 10;

  @Option(names = "--offset", paramLabel = "N", description = "hits to skip")
  int offset;

  @Option(names = "--json", description = "print exactly one JSON object: {total, hits, facets}")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SearchRequest r;
    try {
      r =
          SearchRequest.builder()
              .query(query)
              .fromDay(from)
              .toDay(to)
              .sites(sites)
              .queues(queues)
              .segments(segments)
              .languages(languages)
              .agents(agents)
              .kinds(upper(kinds))
              .categories(categories)
              .csatMin(csatMin)
              .csatMax(csatMax)
              .handleMinS(handleMin)
              .handleMaxS(handleMax)
              .hasComplaint(hasComplaint)
              .confidenceMin(confidenceMin)
              .confidenceMax(confidenceMax)
              .sort(sort)
              .offset(offset)
              .limit(limit)
              .build();
    } catch (IllegalArgumentException e) {
      throw CallqaException.of(e);
    }
    SearchResult result;
    try (TranscriptSearcher s = open()) {
      result = s.search(r);
    } catch (QuerySyntaxException e) {
      throw CallqaException.of(e);
    }
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(result.toMap()));
    } else {
      print(result, System.out);
    }
    return 0;
  }

  /**
   * The index to search: the warehouse's {@code index/} folder, or for a warehouse on HDFS or S3
   * the latest published snapshot, fetched into the local cache when this cache does not have it
   * yet (each search looks at {@code index/LATEST}, so a newer snapshot is noticed at once).
   */
  private Path indexDir() {
    if (warehouse.isLocal()) {
      return TranscriptIndex.dirUnder(warehouse.localPath());
    }
    warehouse.checkReachable("warehouse");
    Path root = cache != null ? cache : IndexSnapshots.defaultCacheRoot();
    Path dir = IndexSnapshots.fetchLatest(warehouse, root, System.err::println);
    if (dir == null) {
      throw new CallqaException(
          "warehouse "
              + warehouse
              + " has no published search index yet ("
              + IndexSnapshots.LATEST
              + " is missing); run `callqa run` first");
    }
    return dir;
  }

  private TranscriptSearcher open() {
    try {
      return TranscriptSearcher.open(indexDir(), TranscriptSearcher.Snippets.PLAIN);
    } catch (IllegalArgumentException e) {
      throw CallqaException.of(e);
    }
  }

  private static Set<String> upper(Set<String> s) {
    Set<String> out = new LinkedHashSet<>();
    s.forEach(v -> out.add(v.toUpperCase(Locale.ROOT)));
    return out;
  }

  static void print(SearchResult r, PrintStream out) {
    out.printf(Locale.ROOT, "%d conversations match (%.1f ms)%n", r.total(), r.tookMs());
    for (SearchResult.Hit h : r.hits()) {
      out.printf(
          Locale.ROOT,
          "%s  %s  %-9s %-14s %-6s %-8s %7s  %5.2f  %s%n",
          h.id(),
          h.day(),
          nz(h.site()),
          nz(h.queue()),
          nz(h.agentId()),
          h.speaker() == null ? "-" : h.speaker().name(),
          h.startS() == null ? "-" : String.format(Locale.ROOT, "%.1fs", h.startS()),
          h.score(),
          h.snippet());
      String facts = facts(h);
      if (!facts.isEmpty()) {
        out.println("    " + facts);
      }
    }
    for (Map.Entry<String, Map<String, Long>> f : r.facets().entrySet()) {
      if (!f.getValue().isEmpty()) {
        StringBuilder b = new StringBuilder(f.getKey()).append(':');
        f.getValue().forEach((k, v) -> b.append(' ').append(k).append(' ').append(v));
        out.println(b);
      }
    }
  }

  /** Duration, CSAT, QA score, categories and the chats with the same line, as far as known. */
  static String facts(SearchResult.Hit h) {
    List<String> parts = new ArrayList<>();
    if (h.durationS() != null) {
      long s = Math.round(h.durationS());
      parts.add(String.format(Locale.ROOT, "%d:%02d long", s / 60, s % 60));
    }
    if (h.csat() != null) {
      parts.add("CSAT " + h.csat());
    }
    if (h.qaScore() != null) {
      parts.add(String.format(Locale.ROOT, "QA %.1f", h.qaScore()));
    }
    if (!h.categories().isEmpty()) {
      parts.add(String.join(", ", h.categories()));
    }
    if (!h.sameLine().isEmpty()) {
      parts.add(
          "the same line in "
              + h.sameLine().size()
              + " more chat"
              + (h.sameLine().size() == 1 ? "" : "s")
              + ": "
              + String.join(" ", h.sameLine()));
    }
    return String.join(" · ", parts);
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }
}
