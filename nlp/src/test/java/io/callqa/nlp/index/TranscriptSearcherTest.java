package io.callqa.nlp.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.nlp.index.Conversation.Speaker;
import io.callqa.nlp.index.SearchResult.Hit;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptSearcherTest {

  @TempDir static Path dir;
  static TranscriptSearcher searcher;

  @BeforeAll
  static void index() {
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      Conversations.sample().forEach(index::put);
      index.commit(Map.of("transcripts", "7"));
    }
    searcher = TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.PLAIN);
  }

  @AfterAll
  static void close() {
    searcher.close();
  }

  private static List<String> ids(String query) throws Exception {
    return ids(SearchRequest.builder().query(query).limit(100).build());
  }

  private static List<String> ids(SearchRequest r) throws Exception {
    return searcher.search(r).hits().stream().map(Hit::id).sorted().toList();
  }

  @Test
  void wordsAreAndedAndStemmed() throws Exception {
    assertThat(ids("stolen")).containsExactly("C1", "C3", "C6");
    assertThat(ids("card stolen")).containsExactly("C1", "C3", "C6");
    assertThat(ids("cards")).containsExactly("C1", "C3", "C6");
    assertThat(ids("fee")).containsExactly("C2", "H1");
  }

  @Test
  void phraseAndProximityStayInsideOneUtterance() throws Exception {
    assertThat(ids("\"card was stolen\"")).containsExactly("C1");
    // C3: "card ... stolen" 6 words apart; C6: "card" and "stolen" in two utterances.
    assertThat(ids("\"card stolen\"~2")).containsExactly("C1");
    assertThat(ids("\"card stolen\"~7")).containsExactly("C1", "C3");
  }

  @Test
  void booleanPrefixAndFuzzy() throws Exception {
    assertThat(ids("fee AND NOT waived")).containsExactly("H1");
    assertThat(ids("dispute OR waive")).containsExactly("C2", "C5");
    assertThat(ids("(fee OR dispute) -charged")).containsExactly("C2", "C5");
    assertThat(ids("transact*")).containsExactly("C5");
    assertThat(ids("recognize~2")).containsExactly("C5");
  }

  @Test
  void speakerRestriction() throws Exception {
    assertThat(ids("customer:stolen")).containsExactly("C1", "C3", "C6");
    assertThat(ids("agent:stolen")).isEmpty();
    assertThat(ids("agent:block")).containsExactly("C3");
    assertThat(ids("customer:block")).containsExactly("C1");
    assertThat(ids("agent:\"my card\"")).containsExactly("C6");
    assertThat(ids("ticket:投诉")).containsExactly("T1");
  }

  @Test
  void chineseIsSegmentedIntoWords() throws Exception {
    assertThat(ids("挂失")).containsExactly("C4");
    assertThat(ids("customer:信用卡")).containsExactly("C4");
    assertThat(ids("agent:信用卡")).isEmpty();
    assertThat(ids("挂失 OR \"lost card\"")).containsExactly("C4");
    assertThat(ids("挂失 OR lost")).containsExactly("C3", "C4");
    assertThat(ids("年费")).containsExactly("T1");
  }

  @Test
  void hitPointsAtTheMatchingUtterance() throws Exception {
    SearchResult r = searcher.search(SearchRequest.of("customer:\"card was stolen\""));
    assertThat(r.total()).isEqualTo(1);
    Hit h = r.hits().get(0);
    assertThat(h.id()).isEqualTo("C1");
    assertThat(h.speaker()).isEqualTo(Speaker.CUSTOMER);
    assertThat(h.lineNo()).isEqualTo(1);
    assertThat(h.startS()).isEqualTo(5.0);
    assertThat(h.snippet()).isEqualTo("my «card was stolen» yesterday and i need to block it");
    assertThat(h.site()).isEqualTo("SHANGHAI");

    Hit verify = searcher.search(SearchRequest.of("verify")).hits().get(0);
    assertThat(verify.lineNo()).isEqualTo(2);
    assertThat(verify.startS()).isEqualTo(10.0);
    assertThat(verify.speaker()).isEqualTo(Speaker.AGENT);

    Hit zh = searcher.search(SearchRequest.of("agent:挂失")).hits().get(0);
    assertThat(zh.lineNo()).isEqualTo(2);
    assertThat(zh.snippet()).contains("«挂失»");
  }

  @Test
  void htmlSnippetsAreEscaped() throws Exception {
    try (TranscriptSearcher html = TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.HTML)) {
      Hit h = html.search(SearchRequest.of("statement")).hits().get(0);
      assertThat(h.snippet())
          .isEqualTo("there is an annual fee on my <mark>statement</mark> i want it waived");
    }
  }

  @Test
  void markupInTextIsEscapedNotRendered(@TempDir Path other) throws Exception {
    Conversation c1 = Conversations.sample().get(0);
    Conversation html =
        new Conversation(
            "X1",
            c1.kind(),
            c1.day(),
            c1.startedAt(),
            "en",
            "SHANGHAI",
            null,
            null,
            null,
            "VOICE",
            null,
            null,
            false,
            null,
            null,
            List.of(
                new Conversation.Line(
                    0, Speaker.CUSTOMER, 1.0, 2.0, "<script>alert(1)</script> fee & charges")),
            List.of(),
            Map.of());
    try (TranscriptIndex index = TranscriptIndex.open(other)) {
      index.put(html);
      index.commit(Map.of());
    }
    try (TranscriptSearcher s = TranscriptSearcher.open(other, TranscriptSearcher.Snippets.HTML)) {
      assertThat(s.search(SearchRequest.of("fee")).hits().get(0).snippet())
          .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; <mark>fee</mark> &amp; charges");
      assertThat(s.search(SearchRequest.of("site:SHANGHAI")).hits().get(0).snippet())
          .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; fee &amp; charges");
    }
  }

  @Test
  void filters() throws Exception {
    SearchRequest all = SearchRequest.builder().limit(100).build();
    assertThat(ids(all)).hasSize(8);
    assertThat(
            ids(
                all.toBuilder()
                    .fromDay(LocalDate.parse("2026-03-03"))
                    .toDay(LocalDate.parse("2026-03-03"))
                    .build()))
        .containsExactly("C3", "C4", "H1");
    assertThat(ids(all.toBuilder().sites(Set.of("CHENGDU")).build())).containsExactly("C3", "C4");
    assertThat(ids(all.toBuilder().queues(Set.of("BILLING", "DISPUTES")).build()))
        .containsExactly("C2", "C4", "C5");
    assertThat(ids(all.toBuilder().segments(Set.of("VIP")).build())).containsExactly("H1");
    assertThat(ids(all.toBuilder().languages(Set.of("zh")).build())).containsExactly("C4", "T1");
    assertThat(ids(all.toBuilder().agents(Set.of("A100")).build())).containsExactly("C1", "C5");
    assertThat(ids(all.toBuilder().kinds(Set.of("CHAT", "COMPLAINT")).build()))
        .containsExactly("H1", "T1");
    assertThat(ids(all.toBuilder().csatMin(1).csatMax(2).build())).containsExactly("C1", "C4");
    assertThat(ids(all.toBuilder().handleMinS(300.0).handleMaxS(500.0).build()))
        .containsExactly("C1", "C3", "C4");
    assertThat(ids(all.toBuilder().hasComplaint(true).build())).containsExactly("C1", "C4", "T1");
    assertThat(ids(all.toBuilder().confidenceMax(0.7).build())).containsExactly("C3");
    assertThat(ids(all.toBuilder().query("stolen").sites(Set.of("SHANGHAI")).csatMin(3).build()))
        .containsExactly("C6");
  }

  @Test
  void categoriesFilterAndPointAtTheirLine() throws Exception {
    assertThat(ids(SearchRequest.builder().categories(Set.of("fee_complaint")).limit(100).build()))
        .containsExactly("C2");
    assertThat(ids("category:fee_complaint OR category:lost_stolen_card"))
        .containsExactly("C1", "C2");
    Hit h =
        searcher
            .search(SearchRequest.builder().categories(Set.of("fee_complaint")).build())
            .hits()
            .get(0);
    assertThat(h.lineNo()).isEqualTo(1);
    assertThat(h.startS()).isEqualTo(5.0);
    assertThat(h.speaker()).isEqualTo(Speaker.CUSTOMER);
  }

  @Test
  void keywordFieldsInTheQuery() throws Exception {
    assertThat(ids("stolen AND site:CHENGDU")).containsExactly("C3");
    assertThat(ids("queue:BILLING")).containsExactly("C2", "C4");
  }

  @Test
  void sortByTimeAndPaging() throws Exception {
    SearchRequest r =
        SearchRequest.builder()
            .query("card OR fee OR 挂失")
            .sort(SearchRequest.Sort.NEWEST)
            .limit(100)
            .build();
    List<Hit> hits = searcher.search(r).hits();
    for (int i = 1; i < hits.size(); i++) {
      assertThat(hits.get(i - 1).startedAt()).isAfterOrEqualTo(hits.get(i).startedAt());
    }
    SearchResult page2 = searcher.search(r.toBuilder().offset(2).limit(2).build());
    assertThat(page2.total()).isEqualTo(hits.size());
    assertThat(page2.hits())
        .extracting(Hit::id)
        .containsExactly(hits.get(2).id(), hits.get(3).id());
    List<Hit> oldest =
        searcher.search(r.toBuilder().sort(SearchRequest.Sort.OLDEST).build()).hits();
    assertThat(oldest.get(0).id()).isEqualTo(hits.get(hits.size() - 1).id());
  }

  @Test
  void facetsCountEveryMatch() throws Exception {
    SearchResult r = searcher.search(SearchRequest.builder().query("card").limit(1).build());
    assertThat(r.total()).isEqualTo(3);
    assertThat(r.hits()).hasSize(1);
    assertThat(r.facets().get(IndexSchema.SITE))
        .containsExactlyInAnyOrderEntriesOf(Map.of("SHANGHAI", 2L, "CHENGDU", 1L));
    assertThat(r.facets().get(IndexSchema.QUEUE))
        .containsExactlyEntriesOf(Map.of("CARD_SERVICES", 3L));
    assertThat(r.facets().get(IndexSchema.AGENT_ID))
        .containsExactlyInAnyOrderEntriesOf(Map.of("A100", 1L, "A101", 1L, "A200", 1L));
  }

  @Test
  void syntaxErrorsSayWhatIsWrong() {
    assertThatThrownBy(() -> searcher.search(SearchRequest.of("\"card stolen")))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageStartingWith("cannot read the query '\"card stolen': a quote is not closed;");
    assertThatThrownBy(() -> searcher.search(SearchRequest.of("caller:stolen")))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining("unknown field 'caller:'");
    assertThatThrownBy(() -> searcher.search(SearchRequest.of("card AND")))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining(
            "cannot read the query 'card AND': AND/OR/NOT needs a word on each side");
  }

  @Test
  void storedConversationRoundTrips() {
    Conversation c1 = Conversations.sample().get(0);
    assertThat(searcher.conversation("C1")).contains(c1);
    assertThat(searcher.conversation("nope")).isEmpty();
    assertThat(searcher.indexedVersions()).containsEntry("transcripts", "7");
  }

  @Test
  void missingIndexIsAClearError() {
    assertThatThrownBy(
            () -> TranscriptSearcher.open(dir.resolve("absent"), TranscriptSearcher.Snippets.PLAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no search index at");
  }
}
