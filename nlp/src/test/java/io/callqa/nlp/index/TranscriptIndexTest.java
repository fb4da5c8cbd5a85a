package io.callqa.nlp.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptIndexTest {

  @TempDir Path dir;

  @Test
  void fingerprintsTellWhatChangedAndDeletesRemoveConversations() throws Exception {
    List<Conversation> sample = Conversations.sample();
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      assertThat(index.fingerprints()).isEmpty();
      assertThat(index.committedData()).isEmpty();
      sample.forEach(index::put);
      index.commit(Map.of("calls", "3"));
    }
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      Map<String, String> fp = index.fingerprints();
      assertThat(fp).hasSize(sample.size());
      assertThat(fp.get("C1")).isEqualTo(IndexSchema.fingerprint(sample.get(0)));
      assertThat(index.committedData()).containsEntry("calls", "3");

      Conversation c1 = sample.get(0);
      Conversation changed =
          new Conversation(
              c1.id(),
              c1.kind(),
              c1.day(),
              c1.startedAt(),
              c1.language(),
              c1.site(),
              c1.queue(),
              c1.segment(),
              c1.agentId(),
              c1.channel(),
              5,
              c1.handleS(),
              c1.hasComplaint(),
              c1.confidence(),
              c1.recording(),
              c1.lines(),
              c1.categories(),
              c1.facts());
      assertThat(IndexSchema.fingerprint(changed)).isNotEqualTo(fp.get("C1"));
      index.put(changed);
      index.delete("C2");
      index.commit(Map.of("calls", "4"));
    }
    try (TranscriptSearcher s = TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.PLAIN)) {
      assertThat(s.size()).isEqualTo(sample.size() - 1);
      assertThat(s.conversation("C2")).isEmpty();
      assertThat(s.conversation("C1").orElseThrow().csat()).isEqualTo(5);
      assertThat(s.indexedVersions()).containsEntry("calls", "4");
    }
  }

  @Test
  void anEmptyIndexAnswersWithNothing() throws Exception {
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      index.commit(Map.of("calls", "0"));
    }
    try (TranscriptSearcher s = TranscriptSearcher.open(dir, TranscriptSearcher.Snippets.PLAIN)) {
      SearchResult r = s.search(SearchRequest.of("card"));
      assertThat(r.total()).isZero();
      assertThat(r.hits()).isEmpty();
      assertThat(r.facets().get(IndexSchema.SITE)).isEmpty();
    }
  }

  @Test
  void shardsMergedAnswerAsOneWriterDoes() throws Exception {
    List<Conversation> sample = Conversations.sample();
    Path single = dir.resolve("single");
    try (TranscriptIndex index = TranscriptIndex.open(single)) {
      sample.forEach(index::put);
      index.commit(Map.of());
    }
    // Three shards, the conversations dealt out in another order than the single writer's.
    List<Path> shards = List.of(dir.resolve("s0"), dir.resolve("s1"), dir.resolve("s2"));
    for (int k = 0; k < shards.size(); k++) {
      try (TranscriptIndex shard = TranscriptIndex.open(shards.get(k))) {
        for (int i = sample.size() - 1; i >= 0; i--) {
          if (i % shards.size() == k) {
            shard.put(sample.get(i));
          }
        }
        shard.commit(Map.of());
      }
    }
    Path merged = dir.resolve("merged");
    try (TranscriptIndex index = TranscriptIndex.open(merged)) {
      index.addShards(shards);
      index.commit(Map.of("calls", "1"));
    }
    try (TranscriptSearcher a = TranscriptSearcher.open(single, TranscriptSearcher.Snippets.PLAIN);
        TranscriptSearcher b = TranscriptSearcher.open(merged, TranscriptSearcher.Snippets.PLAIN)) {
      assertThat(b.size()).isEqualTo(sample.size());
      assertThat(b.indexedVersions()).containsEntry("calls", "1");
      for (String q :
          List.of(
              "card",
              "card OR statement",
              "挂失",
              "customer:\"card was stolen\"",
              "verify~1",
              "kind:CALL")) {
        for (SearchRequest.Sort sort : SearchRequest.Sort.values()) {
          SearchRequest r = SearchRequest.builder().query(q).sort(sort).limit(100).build();
          SearchResult x = a.search(r);
          SearchResult y = b.search(r);
          assertThat(x.total()).as(q).isPositive();
          assertThat(y.total()).as(q).isEqualTo(x.total());
          assertThat(y.hits()).as(q + " " + sort).isEqualTo(x.hits());
          assertThat(y.facets()).as(q).isEqualTo(x.facets());
        }
      }
    }
  }

  @Test
  void uncommittedChangesAreDropped() {
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      index.put(Conversations.sample().get(0));
      index.commit(Map.of());
      index.put(Conversations.sample().get(1));
    }
    try (TranscriptIndex index = TranscriptIndex.open(dir)) {
      assertThat(index.fingerprints()).containsOnlyKeys("C1");
    }
  }
}
