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
          new Conversation(c1.id(), c1.kind(), c1.day(), c1.startedAt(), c1.language(), c1.site(), c1.queue(),
              c1.segment(), c1.agentId(), c1.channel(), 5, c1.handleS(), c1.hasComplaint(), c1.confidence(),
              c1.recording(), c1.lines(), c1.categories(), c1.facts());
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
