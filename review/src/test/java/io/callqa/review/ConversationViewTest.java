package io.callqa.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.nlp.index.Conversation;
import io.callqa.nlp.index.Conversations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConversationViewTest {

  private static Conversation chat(Map<String, Object> facts) {
    return Conversations.chat(
        "CH1",
        LocalDate.parse("2026-03-02"),
        Instant.parse("2026-03-01T19:55:26Z"),
        "zh",
        facts,
        "我的卡丢了",
        "已为您挂失");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> facts(Map<String, Object> view) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map<String, Object> f : (List<Map<String, Object>>) view.get("facts")) {
      assertThat(out.put((String) f.get("label"), (String) f.get("value"))).isNull();
    }
    return out;
  }

  @Test
  void aChatOnTheCentresLocalDayHasNoTimelineOrScorecard() {
    Map<String, Object> v =
        ConversationView.of(
            chat(Map.of("messages", 2, "customer_id_known", true)),
            ZoneId.of("Asia/Shanghai"),
            false);
    // 19:55 UTC on the 1st is 03:55 on the 2nd in Shanghai: the local day of the conversation.
    assertThat(v.get("started_local")).isEqualTo("2026-03-02 03:55:26 +08:00");
    assertThat(v.get("timeline")).isNull();
    assertThat((List<?>) v.get("scorecards")).isEmpty();
    assertThat(facts(v))
        .containsEntry("Kind 类型", "chat 在线聊天")
        .containsEntry("Messages 消息数", "2")
        .containsEntry("Customer identified 客户已识别", "yes 是")
        .doesNotContainKey("Silence 静默占比");
  }

  @Test
  void anUnknownFactIsShownUnderItsOwnNameAndAnIndexWithoutAZoneIsUtc() {
    Map<String, Object> v =
        ConversationView.of(chat(Map.of("loyalty_tier", "GOLD")), ZoneOffset.UTC, false);
    assertThat(v.get("started_local")).isEqualTo("2026-03-01 19:55:26 +00:00");
    assertThat(facts(v)).containsEntry("Loyalty tier", "GOLD");
  }

  @Test
  void durationsReadAsAPersonWouldSayThem() {
    assertThat(ConversationView.duration(9.5)).isEqualTo("9.5 s");
    assertThat(ConversationView.duration(12)).isEqualTo("12 s");
    assertThat(ConversationView.duration(74)).isEqualTo("1:14");
    assertThat(ConversationView.duration(3725)).isEqualTo("62:05");
  }
}
