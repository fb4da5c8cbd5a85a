package io.callqa.nlp.index;

import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.SearchResult.Hit;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.IndexSearcher.TooManyClauses;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.CustomSeparatorBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Answers {@link SearchRequest}s over the transcript index: matching conversations, each with its
 * best-matching line (speaker, second in the recording, highlighted snippet) and its facts
 * (duration, CSAT, QA score, categories), and facet counts over all matches ({@link
 * IndexSchema#FACETS}). Thread-safe; sees the index's latest commit (checked on each search), so a
 * server keeps one open while the pipeline re-indexes.
 *
 * <p>Relevance ranks conversations where the query's words were said together above those where
 * they are scattered ({@link Together}). The best line of a hit, where its snippet and "open at"
 * point, is the line with the most distinct query words, then the one where they are closest
 * together, then the highest score. Chats whose best line is the same text (a canned greeting, a
 * bot's answer) collapse into the first of them, which lists the others; a page of {@code limit}
 * hits counts such a group once, and the group takes in same-line chats from the page after it.
 *
 * <pre>
 * try (TranscriptSearcher s = TranscriptSearcher.open(dir, Snippets.PLAIN)) {
 *   SearchResult r = s.search(SearchRequest.of("customer:\"card stolen\"~5"));
 * }
 * </pre>
 */
public final class TranscriptSearcher implements Closeable {

  /** How matched words are marked in snippets. */
  public enum Snippets {
    /** «word», for terminals and JSON. */
    PLAIN("«", "»", false),
    /** {@code <mark>word</mark>}, the rest HTML-escaped. */
    HTML("<mark>", "</mark>", true);

    final String pre;
    final String post;
    final boolean escape;

    Snippets(String pre, String post, boolean escape) {
      this.pre = pre;
      this.post = post;
      this.escape = escape;
    }
  }

  private static final int FACET_TOP = 20;

  /** The most recent days the day facet counts. */
  private static final int DAY_FACET_TOP = 31;

  /** How relevance is scored; the words alone is the ranking before issue 18, kept to measure. */
  enum Ranking {
    WORDS,
    TOGETHER
  }

  private final Path dir;
  private final FSDirectory directory;
  private final SearcherManager manager;
  private final Analyzer analyzer = IndexSchema.analyzer();
  private final Snippets snippets;
  private final Ranking ranking;
  private final Object facetLock = new Object();
  private IndexReader facetReader;
  private SortedSetDocValuesReaderState facetState;

  private TranscriptSearcher(
      Path dir,
      FSDirectory directory,
      SearcherManager manager,
      Snippets snippets,
      Ranking ranking) {
    this.dir = dir;
    this.directory = directory;
    this.manager = manager;
    this.snippets = snippets;
    this.ranking = ranking;
  }

  /** Opens the index under {@code dir}; fails with a clear message when there is none. */
  public static TranscriptSearcher open(Path dir, Snippets snippets) {
    return open(dir, snippets, Ranking.TOGETHER);
  }

  static TranscriptSearcher open(Path dir, Snippets snippets, Ranking ranking) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "no search index at " + dir + "; the index stage of './callqa run' builds it");
    }
    try {
      FSDirectory directory = FSDirectory.open(dir);
      try {
        return new TranscriptSearcher(
            dir, directory, new SearcherManager(directory, null), snippets, ranking);
      } catch (IndexNotFoundException e) {
        directory.close();
        throw new IllegalArgumentException(
            "no search index at " + dir + "; the index stage of './callqa run' builds it", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the search index at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Parses a query in {@link ConversationQueryParser}'s syntax; blank matches everything. */
  public Query parse(String query) throws QuerySyntaxException {
    if (query == null || query.isBlank()) {
      return new MatchAllDocsQuery();
    }
    try {
      return new ConversationQueryParser(analyzer).parse(query);
    } catch (ParseException e) {
      throw new QuerySyntaxException(QueryMistakes.explain(query, e), e);
    } catch (TooManyClauses e) {
      throw new QuerySyntaxException(
          "the query '"
              + query
              + "' expands to too many words; make the prefix or fuzzy term longer",
          e);
    }
  }

  public SearchResult search(SearchRequest r) throws QuerySyntaxException {
    long t0 = System.nanoTime();
    Query text = parse(r.query());
    Query query = withFilters(ranking == Ranking.TOGETHER ? Together.boost(text) : text, r);
    IndexSearcher searcher = acquire();
    try {
      int want = r.offset() + r.limit();
      // A page more than shown: same-line chats just below the page join their group on it.
      int n = Math.max(1, want + r.limit());
      FacetsCollectorManager.FacetsResult fr;
      try {
        fr =
            FacetsCollectorManager.search(
                searcher, query, n, sortOf(r.sort()), true, new FacetsCollectorManager());
      } catch (TooManyClauses e) {
        throw new QuerySyntaxException(
            "the query '"
                + r.query()
                + "' expands to too many words; make the prefix or fuzzy term longer",
            e);
      }
      long total = 0;
      for (FacetsCollector.MatchingDocs m : fr.facetsCollector().getMatchingDocs()) {
        total += m.totalHits;
      }
      ScoreDoc[] all = fr.topDocs().scoreDocs;
      Sort sort = sortOf(r.sort());
      List<Hit> groups = new ArrayList<>();
      Map<String, Integer> groupOfLine = new LinkedHashMap<>();
      int used = 0;
      while (groups.size() < want) {
        if (used == all.length) {
          if (all.length >= total) {
            break;
          }
          // Collapsed chats left the page short: fetch deeper (rare; each round doubles).
          all = searcher.search(query, Math.max(2 * all.length, n), sort, true).scoreDocs;
          continue;
        }
        int take = Math.min(all.length - used, want - groups.size());
        ScoreDoc[] chunk = java.util.Arrays.copyOfRange(all, used, used + take);
        used += take;
        // Above the page only a chat can change the grouping (it may join an earlier chat): the
        // others are counted without reading or highlighting them. Counting each chat as a new
        // group over-estimates a hit's place, so nothing that lands on the page is skipped.
        boolean[] chat = isChat(searcher, chunk);
        List<ScoreDoc> needed = new ArrayList<>();
        boolean[] skip = new boolean[chunk.length];
        for (int i = 0, place = groups.size(); i < chunk.length; i++, place++) {
          skip[i] = !chat[i] && place < r.offset();
          if (!skip[i]) {
            needed.add(chunk[i]);
          }
        }
        java.util.Iterator<Found> built =
            hits(searcher, text, r.categories(), needed.toArray(ScoreDoc[]::new)).iterator();
        for (int i = 0; i < chunk.length; i++) {
          join(groups, groupOfLine, skip[i] ? ABOVE_THE_PAGE : built.next(), true);
        }
      }
      if (!groupOfLine.isEmpty() && used < all.length) {
        ScoreDoc[] rest = chats(searcher, java.util.Arrays.copyOfRange(all, used, all.length));
        for (Found f : hits(searcher, text, r.categories(), rest)) {
          join(groups, groupOfLine, f, false);
        }
      }
      int from = Math.min(r.offset(), groups.size());
      List<Hit> page = groups.subList(from, Math.min(want, groups.size()));
      Map<String, Map<String, Long>> facets = facets(searcher, fr.facetsCollector());
      long covered = 0;
      for (Hit h : groups) {
        covered += h == null ? 1 : 1 + h.sameLine().size();
      }
      return new SearchResult(
          total, List.copyOf(page), facets, covered < total, (System.nanoTime() - t0) / 1e6);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "search failed on the index at " + dir + ": " + e.getMessage(), e);
    } finally {
      release(searcher);
    }
  }

  /** The whole stored conversation, for the review page. */
  public Optional<Conversation> conversation(String id) {
    IndexSearcher searcher = acquire();
    try {
      TopDocs td = searcher.search(new TermQuery(new Term(IndexSchema.ID, id)), 1);
      if (td.scoreDocs.length == 0) {
        return Optional.empty();
      }
      return Optional.of(source(searcher, td.scoreDocs[0].doc));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + id + " from the index at " + dir, e);
    } finally {
      release(searcher);
    }
  }

  /** What the index reflects: the user data of its latest commit (warehouse table versions). */
  public Map<String, String> indexedVersions() {
    IndexSearcher searcher = acquire();
    try {
      return ((DirectoryReader) searcher.getIndexReader()).getIndexCommit().getUserData();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the commit of the index at " + dir, e);
    } finally {
      release(searcher);
    }
  }

  /** Conversations in the index. */
  public int size() {
    IndexSearcher searcher = acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      release(searcher);
    }
  }

  private static Query withFilters(Query text, SearchRequest r) {
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(text, Occur.MUST);
    if (r.fromDay() != null || r.toDay() != null) {
      long lo = r.fromDay() == null ? Long.MIN_VALUE : r.fromDay().toEpochDay();
      long hi = r.toDay() == null ? Long.MAX_VALUE : r.toDay().toEpochDay();
      b.add(LongPoint.newRangeQuery(IndexSchema.DAY, lo, hi), Occur.FILTER);
    }
    anyOf(b, IndexSchema.SITE, r.sites());
    anyOf(b, IndexSchema.QUEUE, r.queues());
    anyOf(b, IndexSchema.SEGMENT, r.segments());
    anyOf(b, IndexSchema.LANGUAGE, r.languages());
    anyOf(b, IndexSchema.AGENT_ID, r.agents());
    anyOf(b, IndexSchema.KIND, r.kinds());
    anyOf(b, IndexSchema.CATEGORY, r.categories());
    if (r.csatMin() != null || r.csatMax() != null) {
      int lo = r.csatMin() == null ? Integer.MIN_VALUE : r.csatMin();
      int hi = r.csatMax() == null ? Integer.MAX_VALUE : r.csatMax();
      b.add(IntPoint.newRangeQuery(IndexSchema.CSAT, lo, hi), Occur.FILTER);
    }
    doubleRange(b, IndexSchema.HANDLE_S, r.handleMinS(), r.handleMaxS());
    doubleRange(b, IndexSchema.CONFIDENCE, r.confidenceMin(), r.confidenceMax());
    if (r.hasComplaint() != null) {
      b.add(
          new TermQuery(new Term(IndexSchema.HAS_COMPLAINT, r.hasComplaint().toString())),
          Occur.FILTER);
    }
    return b.build();
  }

  private static void anyOf(BooleanQuery.Builder b, String field, Set<String> values) {
    if (values.isEmpty()) {
      return;
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String v : values) {
      any.add(new TermQuery(new Term(field, v)), Occur.SHOULD);
    }
    b.add(any.build(), Occur.FILTER);
  }

  private static void doubleRange(BooleanQuery.Builder b, String field, Double min, Double max) {
    if (min != null || max != null) {
      b.add(
          DoublePoint.newRangeQuery(
              field,
              min == null ? Double.NEGATIVE_INFINITY : min,
              max == null ? Double.POSITIVE_INFINITY : max),
          Occur.FILTER);
    }
  }

  /** The order of hits; equal scores and times fall back to the conversation id. */
  private static Sort sortOf(SearchRequest.Sort s) {
    SortField id = new SortField(IndexSchema.ID, SortField.Type.STRING);
    if (s == SearchRequest.Sort.RELEVANCE) {
      return new Sort(SortField.FIELD_SCORE, id);
    }
    return new Sort(
        new SortField(IndexSchema.STARTED_AT, SortField.Type.LONG, s == SearchRequest.Sort.NEWEST),
        SortField.FIELD_SCORE,
        id);
  }

  /**
   * Adds a hit to the groups: to the group of a chat with the same best line when there is one,
   * else as a group of its own (when {@code mayOpen}; the look-ahead below the page only joins).
   */
  private static void join(
      List<Hit> groups, Map<String, Integer> groupOfLine, Found f, boolean mayOpen) {
    Integer at = f.sameLineKey() == null ? null : groupOfLine.get(f.sameLineKey());
    if (at != null) {
      Hit g = groups.get(at);
      List<String> same = new ArrayList<>(g.sameLine());
      same.add(f.hit().id());
      groups.set(
          at,
          new Hit(
              g.id(),
              g.kind(),
              g.day(),
              g.startedAt(),
              g.site(),
              g.queue(),
              g.agentId(),
              g.language(),
              g.speaker(),
              g.lineNo(),
              g.startS(),
              g.score(),
              g.snippet(),
              g.durationS(),
              g.csat(),
              g.qaScore(),
              g.categories(),
              same));
    } else if (mayOpen) {
      if (f.sameLineKey() != null) {
        groupOfLine.put(f.sameLineKey(), groups.size());
      }
      groups.add(f.hit());
    }
  }

  /** The chats among {@code docs} (the kind's doc values; no stored field read). */
  private static ScoreDoc[] chats(IndexSearcher searcher, ScoreDoc[] docs) throws IOException {
    boolean[] chat = isChat(searcher, docs);
    List<ScoreDoc> out = new ArrayList<>();
    for (int i = 0; i < docs.length; i++) {
      if (chat[i]) {
        out.add(docs[i]);
      }
    }
    return out.toArray(ScoreDoc[]::new);
  }

  private static boolean[] isChat(IndexSearcher searcher, ScoreDoc[] docs) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    BytesRef chat = new BytesRef(Conversation.Kind.CHAT.name());
    boolean[] out = new boolean[docs.length];
    for (int i = 0; i < docs.length; i++) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docs[i].doc, leaves));
      SortedDocValues kind = DocValues.getSorted(leaf.reader(), IndexSchema.KIND);
      out[i] =
          kind.advanceExact(docs[i].doc - leaf.docBase)
              && kind.lookupOrd(kind.ordValue()).equals(chat);
    }
    return out;
  }

  /** A hit, and the key under which chats with the same best line collapse (null: never). */
  private record Found(Hit hit, String sameLineKey) {}

  /** A conversation above the requested page that is no chat: counted, never shown. */
  private static final Found ABOVE_THE_PAGE = new Found(null, null);

  private List<Found> hits(
      IndexSearcher searcher, Query text, Set<String> categories, ScoreDoc[] page)
      throws IOException {
    List<Found> out = new ArrayList<>();
    if (page.length == 0) {
      return out;
    }
    int[] docs = new int[page.length];
    for (int i = 0; i < page.length; i++) {
      docs[i] = page[i].doc;
    }
    List<Conversation> convs = new ArrayList<>();
    Set<String> present = new java.util.LinkedHashSet<>();
    for (int doc : docs) {
      Conversation c = source(searcher, doc);
      convs.add(c);
      for (Line l : c.lines()) {
        present.add(IndexSchema.textField(l.speaker(), c.language()));
      }
    }
    Map<String, Object[]> marked = new LinkedHashMap<>();
    if (!(text instanceof MatchAllDocsQuery) && !present.isEmpty()) {
      // Only the fields these hits have; fuzzy terms rewritten to the (at most 50) index terms
      // they matched, so the highlighter does not build a Levenshtein automaton per field
      // (measured 40 ms -> 5 ms a page). Every matching line of a field is a passage: the
      // formatter picks the best line itself.
      String[] fields = present.toArray(String[]::new);
      int[] maxPassages = new int[fields.length];
      java.util.Arrays.fill(maxPassages, MAX_PASSAGES);
      Query hq = hasFuzzy(text) ? searcher.rewrite(text) : text;
      marked = new Highlighter(searcher, analyzer, snippets).marked(fields, hq, docs, maxPassages);
    }
    for (int i = 0; i < page.length; i++) {
      Conversation c = convs.get(i);
      Snip best = null;
      String bestField = null;
      for (Map.Entry<String, Object[]> e : marked.entrySet()) {
        Snip s = (Snip) e.getValue()[i];
        if (s != null && (best == null || s.compareTo(best) < 0)) {
          best = s;
          bestField = e.getKey();
        }
      }
      Line line;
      String snippet;
      if (best != null) {
        List<Line> ofField = IndexSchema.linesOf(c, bestField);
        line = ofField.get(Math.min(best.lineIndex, ofField.size() - 1));
        snippet = best.text;
      } else {
        line = categoryLine(c, categories).orElse(c.lines().isEmpty() ? null : c.lines().get(0));
        snippet = line == null ? "" : (snippets.escape ? escape(line.text()) : line.text());
      }
      String sameLineKey =
          // Only what a query matched collapses: a search by filters alone (all an analyst may
          // run) shows every conversation, and tells nothing of what their lines say.
          best != null && c.kind() == Conversation.Kind.CHAT
              ? c.language() + "\u0000" + line.text().strip().replaceAll("\\s+", " ")
              : null;
      out.add(
          new Found(
              new Hit(
                  c.id(),
                  c.kind(),
                  c.day(),
                  c.startedAt(),
                  c.site(),
                  c.queue(),
                  c.agentId(),
                  c.language(),
                  line == null ? null : line.speaker(),
                  line == null ? null : line.no(),
                  line == null ? null : line.startS(),
                  Float.isNaN(page[i].score) ? 0f : page[i].score,
                  snippet,
                  c.durationS(),
                  c.csat(),
                  c.qaScore(),
                  List.copyOf(c.categoryNames()),
                  List.of()),
              sameLineKey));
    }
    return out;
  }

  /**
   * Without matched words, a category filter points at the line where the first such category hit
   * starts.
   */
  private static Optional<Line> categoryLine(Conversation c, Set<String> categories) {
    for (Conversation.CategoryHit h : c.categories()) {
      if (categories.contains(h.category())) {
        for (Line l : c.lines()) {
          if (l.no() == h.lineNo()) {
            return Optional.of(l);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean hasFuzzy(Query q) {
    if (q instanceof FuzzyQuery) {
      return true;
    }
    if (q instanceof BoostQuery b) {
      return hasFuzzy(b.getQuery());
    }
    if (q instanceof BooleanQuery b) {
      return b.clauses().stream().anyMatch(c -> hasFuzzy(c.getQuery()));
    }
    return false;
  }

  private static Conversation source(IndexSearcher searcher, int doc) throws IOException {
    return IndexSchema.fromJson(
        searcher.storedFields().document(doc, Set.of(IndexSchema.SOURCE)).get(IndexSchema.SOURCE));
  }

  private Map<String, Map<String, Long>> facets(IndexSearcher searcher, FacetsCollector fc)
      throws IOException {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    SortedSetDocValuesReaderState state = facetState(searcher.getIndexReader());
    // One pass over the matches counts every dimension.
    SortedSetDocValuesFacetCounts all =
        state == null ? null : new SortedSetDocValuesFacetCounts(state, fc);
    for (String dim : IndexSchema.FACETS) {
      Map<String, Long> counts = new LinkedHashMap<>();
      if (state != null && state.getOrdRange(dim) != null) {
        if (IndexSchema.DAY.equals(dim)) {
          // Days in calendar order, the most recent ones.
          FacetResult fr = all.getAllChildren(dim);
          if (fr != null) {
            List<LabelAndValue> days = new ArrayList<>(List.of(fr.labelValues));
            days.sort(java.util.Comparator.comparing((LabelAndValue lv) -> lv.label));
            for (LabelAndValue lv :
                days.subList(Math.max(0, days.size() - DAY_FACET_TOP), days.size())) {
              counts.put(lv.label, lv.value.longValue());
            }
          }
        } else {
          FacetResult fr = all.getTopChildren(FACET_TOP, dim);
          if (fr != null) {
            for (LabelAndValue lv : fr.labelValues) {
              counts.put(lv.label, lv.value.longValue());
            }
          }
        }
      }
      out.put(dim, counts);
    }
    return out;
  }

  /** The facet ordinals of a reader, built once per reader (it costs a pass over the terms). */
  private SortedSetDocValuesReaderState facetState(IndexReader reader) throws IOException {
    synchronized (facetLock) {
      if (facetReader != reader) {
        facetReader = reader;
        try {
          facetState = new DefaultSortedSetDocValuesReaderState(reader, IndexSchema.facetsConfig());
        } catch (IllegalArgumentException noFacetField) {
          facetState = null; // an empty index has no facet field yet
        }
      }
      return facetState;
    }
  }

  private IndexSearcher acquire() {
    try {
      manager.maybeRefresh();
      return manager.acquire();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot refresh the search index at " + dir + ": " + e.getMessage(), e);
    }
  }

  private void release(IndexSearcher s) {
    try {
      manager.release(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    try {
      manager.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the search index at " + dir, e);
    }
  }

  /** Matching lines a field offers the formatter (every line of all but huge conversations). */
  private static final int MAX_PASSAGES = 1000;

  /**
   * A highlighted line: which line of its field, how many distinct query words it holds, how far
   * apart they are (characters from the first match's start to the last one's end), how well it
   * matched, the marked text. Ordered best first.
   */
  private record Snip(int lineIndex, int words, int spread, float score, String text)
      implements Comparable<Snip> {
    @Override
    public int compareTo(Snip o) {
      if (words != o.words) {
        return Integer.compare(o.words, words);
      }
      if (spread != o.spread) {
        return Integer.compare(spread, o.spread);
      }
      return Float.compare(o.score, score);
    }
  }

  /**
   * Highlights one passage per field, a passage being one line (the break iterator splits on
   * lines).
   */
  private static final class Highlighter extends UnifiedHighlighter {

    Highlighter(IndexSearcher searcher, Analyzer analyzer, Snippets style) {
      super(
          UnifiedHighlighter.builder(searcher, analyzer)
              .withBreakIterator(() -> new CustomSeparatorBreakIterator(IndexSchema.LINE_SEPARATOR))
              .withMaxLength(1 << 20)
              .withMaxNoHighlightPassages(0)
              .withFormatter(new SnipFormatter(style)));
    }

    Map<String, Object[]> marked(String[] fields, Query q, int[] docs, int[] maxPassages)
        throws IOException {
      return highlightFieldsAsObjects(fields, q, docs, maxPassages);
    }

    /**
     * Lines of a field are joined with {@link IndexSchema#LINE_SEPARATOR}, one character like the
     * offset gap.
     */
    @Override
    protected LimitedStoredFieldVisitor newLimitedStoredFieldsVisitor(String[] fields) {
      return new LimitedStoredFieldVisitor(fields, IndexSchema.LINE_SEPARATOR, getMaxLength());
    }
  }

  private static final class SnipFormatter extends PassageFormatter {
    private final Snippets style;

    SnipFormatter(Snippets style) {
      this.style = style;
    }

    @Override
    public Object format(Passage[] passages, String content) {
      Passage best = null;
      int bestWords = 0;
      int bestSpread = 0;
      for (Passage p : passages) {
        int n = p.getNumMatches();
        if (n == 0) {
          continue;
        }
        Set<BytesRef> distinct = new java.util.HashSet<>();
        int first = Integer.MAX_VALUE;
        int last = 0;
        for (int m = 0; m < n; m++) {
          distinct.add(p.getMatchTerms()[m]);
          first = Math.min(first, p.getMatchStarts()[m]);
          last = Math.max(last, p.getMatchEnds()[m]);
        }
        int words = distinct.size();
        // Closeness means something between two words or more; one word falls to the score.
        int spread = words > 1 ? last - first : 0;
        if (best == null
            || words > bestWords
            || (words == bestWords && spread < bestSpread)
            || (words == bestWords && spread == bestSpread && p.getScore() > best.getScore())) {
          best = p;
          bestWords = words;
          bestSpread = spread;
        }
      }
      if (best == null) {
        return null;
      }
      int lineIndex = 0;
      for (int i = 0; i < best.getStartOffset(); i++) {
        if (content.charAt(i) == IndexSchema.LINE_SEPARATOR) {
          lineIndex++;
        }
      }
      StringBuilder b = new StringBuilder();
      int pos = best.getStartOffset();
      for (int m = 0; m < best.getNumMatches(); m++) {
        int start = Math.max(best.getMatchStarts()[m], pos);
        int end = best.getMatchEnds()[m];
        if (end <= pos) {
          continue;
        }
        append(b, content, pos, start);
        b.append(style.pre);
        append(b, content, start, end);
        b.append(style.post);
        pos = end;
      }
      append(b, content, pos, best.getEndOffset());
      return new Snip(lineIndex, bestWords, bestSpread, best.getScore(), b.toString().strip());
    }

    private void append(StringBuilder b, String content, int from, int to) {
      String s = content.substring(from, to).replace(IndexSchema.LINE_SEPARATOR, ' ');
      b.append(style.escape ? escape(s) : s);
    }
  }
}
