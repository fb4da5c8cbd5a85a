package io.callqa.jobs.landing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqa.nlp.redact.Redactor;
import io.callqa.warehouse.tables.Chats;
import io.callqa.warehouse.tables.Lineage;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.RowBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Parses {@code chats/*.jsonl}: one conversation per line, {@code {"contact_id", "channel",
 * "started_at", "customer_id", "language", "messages": [{"at", "from": "agent"|"customer",
 * "text"}]}}. Every non-blank line yields one row of {@link Chats} (text masked with {@link
 * Redactor}) or one reject naming the key and value; an empty file is one file-level reject.
 */
final class ChatLines {
  static final Set<String> CHANNELS = Set.of("WEB", "SMS", "EMAIL", "WECHAT", "QQ");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatLines() {}

  static Iterator<LandingFileParser.Parsed> parse(
      String sourceFile, String sha256, byte[] bytes, ZoneId zone, String runId) {
    // {start, end, line number} of every non-blank line; line numbers count blank lines too.
    List<long[]> numbered = new ArrayList<>();
    int start = 0;
    long lineNo = 1;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        if (!new String(bytes, start, end - start, StandardCharsets.UTF_8).isBlank()) {
          numbered.add(new long[] {start, end, lineNo});
        }
        start = i + 1;
        lineNo++;
      }
    }
    if (numbered.isEmpty()) {
      Row reject =
          Rejects.row(sourceFile, sha256, 0L, Chats.NAME, "", "empty file: no conversation", runId);
      return List.of(new LandingFileParser.Parsed(null, reject)).iterator();
    }
    Iterator<long[]> it = numbered.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public LandingFileParser.Parsed next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long[] l = it.next();
        String raw = new String(bytes, (int) l[0], (int) (l[1] - l[0]), StandardCharsets.UTF_8);
        try {
          String text = strictUtf8(bytes, (int) l[0], (int) (l[1] - l[0]));
          RowBuilder row = conversation(text, zone);
          return new LandingFileParser.Parsed(
              Lineage.add(row, sourceFile, l[2], runId).build(), null);
        } catch (RejectException e) {
          // The raw line is kept as delivered, but masked: a rejected chat is personal data too.
          return new LandingFileParser.Parsed(
              null,
              Rejects.row(
                  sourceFile,
                  sha256,
                  l[2],
                  Chats.NAME,
                  Redactor.redactText(raw),
                  e.getMessage(),
                  runId));
        }
      }
    };
  }

  private static String strictUtf8(byte[] b, int off, int len) throws RejectException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RejectException("invalid UTF-8 in the line");
    }
  }

  /** The values of one {@link Chats} row, without lineage. */
  static RowBuilder conversation(String line, ZoneId zone) throws RejectException {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new RejectException("not a JSON object: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new RejectException("not a JSON object");
    }
    String contactId = required(n, Chats.CONTACT_ID);
    String channel = required(n, Chats.CHANNEL).toUpperCase(Locale.ROOT);
    if (!CHANNELS.contains(channel)) {
      throw new RejectException("key channel: '" + channel + "' is not one of " + CHANNELS);
    }
    Instant started = timestamp(Chats.STARTED_AT, required(n, Chats.STARTED_AT));
    String customer =
        n.hasNonNull(Chats.CUSTOMER_ID) && !n.get(Chats.CUSTOMER_ID).asText().isBlank()
            ? n.get(Chats.CUSTOMER_ID).asText()
            : null;
    String language = required(n, Chats.LANGUAGE);
    if (!language.equals("zh") && !language.equals("en")) {
      throw new RejectException("key language: '" + language + "' is not zh or en");
    }
    JsonNode messages = n.get(Chats.MESSAGES);
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new RejectException("key messages: missing or not a non-empty array");
    }
    List<Row> out = new ArrayList<>();
    int masked = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String where = "messages[" + i + "]";
      if (!m.isObject()) {
        throw new RejectException(where + ": not an object");
      }
      Instant at = timestamp(where + "." + Chats.AT, requiredIn(m, Chats.AT, where));
      if (at.isBefore(started)) {
        throw new RejectException(where + ".at " + at + " is before started_at " + started);
      }
      String from = requiredIn(m, Chats.FROM, where).toLowerCase(Locale.ROOT);
      if (!from.equals("agent") && !from.equals("customer")) {
        throw new RejectException(where + ".from: '" + from + "' is not agent or customer");
      }
      JsonNode t = m.get(Chats.TEXT);
      String text = t == null || t.isNull() ? "" : t.asText();
      Redactor.Result r = Redactor.redactTextWithSpans(text);
      masked += r.spans().size();
      out.add(
          Chats.SPEC
              .row(Chats.MESSAGES)
              .set(Chats.AT, at)
              .set(Chats.FROM, from.toUpperCase(Locale.ROOT))
              .set(Chats.TEXT, r.words().get(0))
              .build());
    }
    LocalDate day = started.atZone(zone).toLocalDate();
    return Chats.SPEC
        .row()
        .set(Chats.CONTACT_ID, contactId)
        .set(Chats.CHANNEL, channel)
        .set(Chats.STARTED_AT, started)
        .set(Chats.CUSTOMER_ID, customer)
        .set(Chats.LANGUAGE, language)
        .set(Chats.MESSAGES, out.toArray(Row[]::new))
        .set(Chats.MASKED, masked)
        .set(Chats.DAY, day);
  }

  private static String required(JsonNode n, String key) throws RejectException {
    return requiredIn(n, key, null);
  }

  private static String requiredIn(JsonNode n, String key, String where) throws RejectException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new RejectException(
          (where == null ? "key " : where + ".") + key + ": required value is missing");
    }
    return v.asText().trim();
  }

  private static Instant timestamp(String key, String v) throws RejectException {
    return Fields.parseTimestamp(key, v);
  }
}
