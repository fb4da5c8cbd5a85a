package io.callqa.nlp.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.nlp.index.Conversation.Kind;
import io.callqa.nlp.index.Conversation.Line;
import io.callqa.nlp.index.Conversation.Speaker;
import io.callqa.nlp.index.SearchResult.Hit;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranking by words said together, the best line of a hit, same-line chats, hit facts, facets. */
class SearchRankingTest {

  @TempDir static Path dir;
  static TranscriptSearcher searcher;

  /** A call from (speaker, start, end, text) rows. */
  private static Conversation call(String id, String day, Object... rows) {
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < rows.length; i += 4) {
      lines.add(
          new Line(
              i / 4,
              (Speaker) rows[i],
              ((Number) rows[i + 1]).doubleValue(),
              ((Number) rows[i + 2]).doubleValue(),
              (String) rows[i + 3]));
    }
    return conversation(id, Kind.CALL, day, "en", lines, List.of(), Map.of(), null);
  }

  private static Conversation chat(String id, String... texts) {
    return Conversations.chat(
        id,
        LocalDate.parse("2026-03-05"),
        Instant.parse("2026-03-05T02:00:00Z"),
        "en",
        Map.of(),
        texts);
  }

  private static Conversation conversation(
      String id,
      Kind kind,
      String day,
      String language,
      List<Line> lines,
      List<Conversation.CategoryHit> categories,
      Map<String, Object> facts,
      Integer csat) {
    return new Conversation(
        id,
        kind,
        LocalDate.parse(day),
        Instant.parse(day + "T02:00:00Z").plusSeconds(id.hashCode() & 0xff),
        language,
        kind == Kind.CALL ? "SHANGHAI" : null,
        kind == Kind.CALL ? "CARD_SERVICES" : null,
        "STANDARD",
        kind == Kind.CALL ? "A1" : null,
        kind == Kind.CALL ? "VOICE" : "WEB",
        csat,
        null,
        false,
        null,
        null,
        lines,
        categories,
        facts);
  }

  @BeforeAll
  static void index() {
    List<Conversation> all = new ArrayList<>();
    Speaker a = Speaker.AGENT;
    Speaker c = Speaker.CUSTOMER;
    // The question and its answer, 0.5 s apart: together across the two speakers.
    all.add(
        call(
            "X1",
            "2026-03-01",
            a,
            0,
            2,
            "is the card still with you",
            c,
            2.5,
            4,
            "no it was stolen",
            a,
            5,
            8,
            "i am sorry to hear that",
            c,
            9,
            12,
            "what should i do now"));
    // The same two words, a minute and several lines apart; "card" said more often.
    all.add(
        call(
            "X2",
            "2026-03-01",
            a,
            0,
            3,
            "thank you for calling card services",
            c,
            4,
            7,
            "my new card arrived and the card works",
            a,
            8,
            10,
            "good to hear",
            c,
            11,
            14,
            "i also wanted to ask about the app",
            a,
            15,
            18,
            "of course go ahead",
            c,
            60,
            64,
            "my bike was stolen from the station"));
    // X1's lines, but the answer twelve seconds after the question: not together.
    all.add(
        call(
            "X3",
            "2026-03-02",
            a,
            0,
            2,
            "is the card still with you",
            c,
            14,
            15.5,
            "no it was stolen",
            a,
            16.5,
            19.5,
            "i am sorry to hear that",
            c,
            20.5,
            23.5,
            "what should i do now"));
    // The best line: the most distinct query words, then closest together.
    all.add(
        conversation(
            "B1",
            Kind.CALL,
            "2026-03-02",
            "en",
            List.of(
                new Line(0, a, 0.0, 2.0, "card card card services"),
                new Line(
                    1, c, 3.0, 9.0, "i lost something and then later on the way home the card"),
                new Line(2, a, 10.0, 12.0, "is it lost"),
                new Line(3, c, 13.0, 15.0, "yes my card is lost")),
            List.of(
                new Conversation.CategoryHit("lost_stolen_card", 3, 13.0),
                new Conversation.CategoryHit("identity_verification", -1, null)),
            Map.of(
                ConversationFacts.QA_SCORES,
                List.of(Map.of("scorecard", "card-hotline", "score", 87.5, "passed", true))),
            4));
    // Five chats whose best line is one canned text, and one of their own.
    for (int i = 1; i <= 5; i++) {
      all.add(chat("Q" + i, "how do i report a lost card", i % 2 == 0 ? "thanks" : "ok"));
    }
    all.add(chat("Q9", "i want to report that my card is lost"));
    all.add(
        conversation(
            "Z1",
            Kind.CALL,
            "2026-03-03",
            "zh",
            List.of(new Line(0, c, 0.0, 3.0, "我的信用卡丢了 要挂失")),
            List.of(new Conversation.CategoryHit("lost_stolen_card", 0, 0.0)),
            Map.of(),
            null));
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      all.forEach(index::put);
      index.commit(Map.of());
    }
    searcher = TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.PLAIN);
  }

  @AfterAll
  static void close() {
    searcher.close();
  }

  private static List<String> ranked(String query) throws Exception {
    return searcher.search(SearchRequest.builder().query(query).limit(20).build()).hits().stream()
        .map(Hit::id)
        .toList();
  }

  @Test
  void aQuestionAndItsQuickAnswerRankAboveWordsMinutesApart() throws Exception {
    assertThat(ranked("card stolen"))
        .containsExactlyInAnyOrder("X1", "X2", "X3")
        .first()
        .isEqualTo("X1");
    // X3 differs from X1 only in the twelve seconds: the same words' score, no together bonus.
    SearchResult r = searcher.search(SearchRequest.of("card stolen"));
    float x1 = r.hits().stream().filter(h -> h.id().equals("X1")).findFirst().orElseThrow().score();
    float x3 = r.hits().stream().filter(h -> h.id().equals("X3")).findFirst().orElseThrow().score();
    assertThat(x1).isGreaterThan(x3 * 1.5f);
    try (TranscriptSearcher words =
        TranscriptSearcher.open(
            dir, TranscriptSearcher.Snippets.PLAIN, TranscriptSearcher.Ranking.WORDS)) {
      // Before: the words alone, and the twelve seconds made no difference.
      List<Hit> before = words.search(SearchRequest.of("card stolen")).hits();
      float w1 = before.stream().filter(h -> h.id().equals("X1")).findFirst().orElseThrow().score();
      float w3 = before.stream().filter(h -> h.id().equals("X3")).findFirst().orElseThrow().score();
      assertThat(w1).isEqualTo(w3);
    }
  }

  @Test
  void phraseAndProximityKeepTheirMeaning() throws Exception {
    // A phrase or a proximity query stays inside one utterance: the answer is another one.
    assertThat(ranked("\"card stolen\"~10")).isEmpty();
    assertThat(ranked("\"yes my card\"")).containsExactly("B1");
    assertThat(ranked("card AND NOT stolen")).doesNotContain("X1", "X2", "X3");
  }

  @Test
  void theSnippetIsTheLineWithMostQueryWordsClosestTogether() throws Exception {
    Hit h =
        searcher.search(SearchRequest.of("lost card")).hits().stream()
            .filter(x -> x.id().equals("B1"))
            .findFirst()
            .orElseThrow();
    // Lines 1 and 3 both hold both words; in line 3 they are closer.
    assertThat(h.lineNo()).isEqualTo(3);
    assertThat(h.startS()).isEqualTo(13.0);
    assertThat(h.snippet()).isEqualTo("yes my «card» is «lost»");
    // One word: the best-scoring line that holds it (the short one).
    Hit one =
        searcher.search(SearchRequest.of("lost")).hits().stream()
            .filter(x -> x.id().equals("B1"))
            .findFirst()
            .orElseThrow();
    assertThat(one.snippet()).contains("«lost»");
  }

  @Test
  void chatsWithTheSameLineCollapseIntoOneHitWithACount() throws Exception {
    SearchResult r =
        searcher.search(
            SearchRequest.builder()
                .query("report lost card")
                .kinds(java.util.Set.of("CHAT"))
                .build());
    assertThat(r.total()).isEqualTo(6);
    assertThat(r.hits()).hasSize(2);
    assertThat(r.more()).isFalse();
    Hit group = r.hits().stream().filter(h -> !h.sameLine().isEmpty()).findFirst().orElseThrow();
    assertThat(group.snippet()).isEqualTo("how do i «report» a «lost» «card»");
    assertThat(group.sameLine()).hasSize(4);
    List<String> members = new ArrayList<>(group.sameLine());
    members.add(group.id());
    assertThat(members).containsExactlyInAnyOrder("Q1", "Q2", "Q3", "Q4", "Q5");
    assertThat(r.toMap().toString()).contains("count=5");
    // A page of one: the group, and more to come.
    SearchResult first =
        searcher.search(
            SearchRequest.builder()
                .query("report lost card")
                .kinds(java.util.Set.of("CHAT"))
                .limit(1)
                .build());
    assertThat(first.hits()).hasSize(1);
    assertThat(first.more()).isTrue();
    // Paging stops at a depth a reviewer never needs (and offset + limit cannot overflow).
    assertThatThrownBy(() -> SearchRequest.builder().offset(Integer.MAX_VALUE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset must be 0..10000");
    // Filters alone (all an analyst may search by) collapse nothing.
    SearchResult filtered =
        searcher.search(SearchRequest.builder().kinds(java.util.Set.of("CHAT")).limit(20).build());
    assertThat(filtered.hits()).hasSize(6).allSatisfy(h -> assertThat(h.sameLine()).isEmpty());
  }

  @Test
  void pagesOfOneGiveTheSameHitsAsOnePage() throws Exception {
    for (String q : List.of("card", "lost card", "report lost card", "card OR 挂失")) {
      SearchRequest whole = SearchRequest.builder().query(q).limit(50).build();
      List<Hit> all = searcher.search(whole).hits();
      List<String> paged = new ArrayList<>();
      for (int offset = 0; offset < all.size() + 2; offset++) {
        SearchResult page = searcher.search(whole.toBuilder().offset(offset).limit(1).build());
        page.hits().forEach(h -> paged.add(h.id() + "+" + h.sameLine().size()));
        assertThat(page.more()).as(q + " @" + offset).isEqualTo(offset + 1 < all.size());
      }
      // A group on a page of one gathers its chats from the next page only: ids agree, counts
      // may be smaller.
      assertThat(paged.stream().map(x -> x.substring(0, x.indexOf('+'))).toList())
          .as(q)
          .isEqualTo(all.stream().map(Hit::id).toList());
    }
  }

  @Test
  void hitsCarryDurationCsatQaScoreAndCategories() throws Exception {
    Hit h = searcher.search(SearchRequest.of("\"yes my card\"")).hits().get(0);
    assertThat(h.durationS()).isEqualTo(15.0);
    assertThat(h.csat()).isEqualTo(4);
    assertThat(h.qaScore()).isEqualTo(87.5);
    assertThat(h.categories()).containsExactly("identity_verification", "lost_stolen_card");
    Hit chat = searcher.search(SearchRequest.of("\"my card is lost\"")).hits().get(0);
    assertThat(chat.id()).isEqualTo("Q9");
    assertThat(chat.durationS()).isNull();
    assertThat(chat.qaScore()).isNull();
  }

  @Test
  void facetsByCategoryKindLanguageAndDay() throws Exception {
    SearchResult r = searcher.search(SearchRequest.builder().limit(1).build());
    assertThat(r.facets().get(IndexSchema.CATEGORY))
        .containsExactlyEntriesOf(
            new java.util.LinkedHashMap<>(Map.of("lost_stolen_card", 2L)) {
              {
                put("identity_verification", 1L);
              }
            });
    assertThat(r.facets().get(IndexSchema.KIND))
        .containsEntry("CHAT", 6L)
        .containsEntry("CALL", 5L);
    assertThat(r.facets().get(IndexSchema.LANGUAGE))
        .containsEntry("en", 10L)
        .containsEntry("zh", 1L);
    assertThat(r.facets().get(IndexSchema.DAY).keySet())
        .containsExactly("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05");
    assertThat(r.facets().get(IndexSchema.DAY)).containsEntry("2026-03-05", 6L);
    assertThat(
            searcher
                .search(SearchRequest.builder().query("挂失").build())
                .facets()
                .get(IndexSchema.CATEGORY))
        .containsExactlyEntriesOf(Map.of("lost_stolen_card", 1L));
  }

  @Test
  void mistakesAreExplainedInPlainWordsWithAnExample() {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("\"card stolen", "a quote is not closed"),
            Map.entry("customer:(card", "parentheses do not match (1 opened, 0 closed)"),
            Map.entry("card)", "parentheses do not match (0 opened, 1 closed)"),
            Map.entry("card AND", "AND/OR/NOT needs a word on each side"),
            Map.entry("OR card", "AND/OR/NOT needs a word on each side"),
            Map.entry("fee AND NOT", "AND/OR/NOT needs a word on each side"),
            Map.entry("customer:", "a field name needs a word or a phrase right after its colon"),
            Map.entry("*card", "a word cannot start with * or ?"),
            Map.entry("card \\", "a backslash must be followed by the character it escapes"),
            Map.entry("card -", "+, - and ! belong right before a word"),
            Map.entry("card^", "~ and ^ go right after a word or phrase"),
            Map.entry("caller:stolen", "unknown field 'caller:'"),
            Map.entry("/ca.d/", "regular expressions (/ca.d/) are not supported"),
            Map.entry("[a TO b]", "ranges ([a TO b]) are not supported"),
            Map.entry("card () fee", "this is not a query the search understands"));
    for (Map.Entry<String, String> e : cases.entrySet()) {
      assertThatThrownBy(() -> searcher.search(SearchRequest.of(e.getKey())))
          .as(e.getKey())
          .isInstanceOf(QuerySyntaxException.class)
          .hasMessageStartingWith("cannot read the query '" + e.getKey() + "': ")
          .hasMessageContaining(e.getValue())
          .satisfies(
              x ->
                  assertThat(x.getMessage())
                      .doesNotContainIgnoringCase("lexical")
                      .doesNotContain("Encountered")
                      .doesNotContain("<EOF>")
                      .doesNotContain("Cannot parse")
                      .doesNotContain("column")
                      .doesNotContain("<"));
    }
    assertThatThrownBy(() -> searcher.search(SearchRequest.of("card AND")))
        .hasMessageEndingWith(QueryMistakes.EXAMPLE);
  }
}
