package io.callqa.jobs.landing;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.warehouse.tables.Chats;
import io.callqa.warehouse.tables.Rejects;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ChatLinesTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  static final String GOOD =
      "{\"contact_id\":\"CH1\",\"channel\":\"wechat\",\"started_at\":\"2026-03-02T23:50:00+08:00\",\"customer_id\":\"CU1\","
          + "\"language\":\"zh\",\"messages\":[{\"at\":\"2026-03-02T23:50:05+08:00\",\"from\":\"customer\","
          + "\"text\":\"我的卡号是4539 1488 0343 6467，被盗刷了\"},{\"at\":\"2026-03-02T23:51:00+08:00\",\"from\":\"agent\","
          + "\"text\":\"已为您冻结，请留手机号\"},{\"at\":\"2026-03-03T00:01:00+08:00\",\"from\":\"customer\",\"text\":\"13812345678\"}]}";

  private static List<LandingFileParser.Parsed> parse(String content) {
    return parse(content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<LandingFileParser.Parsed> parse(byte[] bytes) {
    Iterator<LandingFileParser.Parsed> it =
        LandingFileParser.parse(LandingKind.CHATS, "chats/c.jsonl", "sha", bytes, ZONE, "run1");
    List<LandingFileParser.Parsed> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void aConversationBecomesOneRowWithMaskedMessagesInOrder() {
    List<LandingFileParser.Parsed> p = parse(GOOD + "\n");
    assertThat(p).singleElement().satisfies(x -> assertThat(x.reject()).isNull());
    Row r = p.get(0).record();
    assertThat(r.size()).isEqualTo(Chats.SCHEMA.size());
    assertThat(r.getString(Chats.SCHEMA.fieldIndex(Chats.CHANNEL))).isEqualTo("WECHAT");
    assertThat(r.<LocalDate>getAs(Chats.SCHEMA.fieldIndex(Chats.DAY)))
        .isEqualTo(LocalDate.of(2026, 3, 2));
    Row[] messages = (Row[]) r.get(Chats.SCHEMA.fieldIndex(Chats.MESSAGES));
    assertThat(messages).hasSize(3);
    assertThat(messages[0].getString(1)).isEqualTo("CUSTOMER");
    assertThat(messages[0].getString(2)).isEqualTo("我的卡号是**** **** **** 6467，被盗刷了");
    assertThat(messages[2].getString(2)).isEqualTo("[phone]");
    assertThat(messages[1].<Instant>getAs(0)).isEqualTo(Instant.parse("2026-03-02T15:51:00Z"));
    assertThat(r.getInt(Chats.SCHEMA.fieldIndex(Chats.MASKED))).isEqualTo(2);
    assertThat(r.getLong(Chats.SCHEMA.fieldIndex("source_line"))).isEqualTo(1);
  }

  @Test
  void badLinesAreRejectedWithLineAndReasonAndTheRestGoOn() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    List<String> lines =
        List.of(
            "{not json",
            GOOD.replace("\"wechat\"", "\"fax\""),
            GOOD.replace("\"contact_id\":\"CH1\",", ""),
            GOOD.replace("2026-03-02T23:50:00+08:00", "2026-03-02T23:50:00"),
            GOOD.replace("\"from\":\"agent\"", "\"from\":\"bot\""),
            GOOD.replace("2026-03-02T23:50:05+08:00", "2026-03-02T23:40:00+08:00"),
            "",
            GOOD.replace("CH1", "CH2"));
    for (String l : lines) {
      b.write(l.getBytes(StandardCharsets.UTF_8));
      b.write('\n');
    }
    b.write(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
    List<LandingFileParser.Parsed> p = parse(b.toByteArray());

    assertThat(p).hasSize(8);
    List<String> reasons =
        p.stream()
            .filter(x -> x.reject() != null)
            .map(
                x ->
                    x.reject().getLong(Rejects.SCHEMA.fieldIndex(Rejects.LINE))
                        + ": "
                        + x.reject().getString(Rejects.SCHEMA.fieldIndex(Rejects.REASON)))
            .toList();
    assertThat(reasons).hasSize(7);
    assertThat(reasons.get(0)).startsWith("1: not a JSON object");
    assertThat(reasons.get(1))
        .isEqualTo("2: key channel: 'FAX' is not one of " + ChatLines.CHANNELS);
    assertThat(reasons.get(2)).isEqualTo("3: key contact_id: required value is missing");
    assertThat(reasons.get(3))
        .startsWith(
            "4: started_at: '2026-03-02T23:50:00' is not an ISO-8601 timestamp with offset");
    assertThat(reasons.get(4)).isEqualTo("5: messages[1].from: 'bot' is not agent or customer");
    assertThat(reasons.get(5))
        .startsWith("6: messages[0].at 2026-03-02T15:40:00Z is before started_at");
    assertThat(reasons.get(6)).isEqualTo("9: invalid UTF-8 in the line");
    // Line 7 is blank; line 8 is the good conversation.
    assertThat(
            p.stream()
                .filter(x -> x.record() != null)
                .map(x -> x.record().getLong(Chats.SCHEMA.fieldIndex("source_line"))))
        .containsExactly(8L);
    // A rejected conversation is personal data too: its raw text is masked.
    assertThat(p.get(1).reject().getString(Rejects.SCHEMA.fieldIndex(Rejects.RAW)))
        .contains("**** **** **** 6467")
        .doesNotContain("4539 1488");
  }

  @Test
  void anEmptyFileIsOneFileLevelReject() {
    assertThat(parse("\n\n"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reject().getLong(Rejects.SCHEMA.fieldIndex(Rejects.LINE))).isZero();
              assertThat(x.reject().getString(Rejects.SCHEMA.fieldIndex(Rejects.REASON)))
                  .isEqualTo("empty file: no conversation");
            });
  }
}
