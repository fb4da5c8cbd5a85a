package io.callqa.nlp.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {

  static Stream<Arguments> corpus() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = RedactorTest.class.getResourceAsStream("/redaction/corpus.tsv")) {
      int line = 0;
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line++;
        if (l.isBlank() || l.startsWith("#")) {
          continue;
        }
        String[] cols = l.split("\t", -1);
        assertThat(cols).as("corpus.tsv line %d has input and expected output", line).hasSize(2);
        cases.add(Arguments.of(line, cols[0], cols[1]));
      }
    }
    assertThat(cases).hasSizeGreaterThan(25);
    return cases.stream();
  }

  @ParameterizedTest(name = "corpus.tsv line {0}: {1}")
  @MethodSource("corpus")
  void corpusMasksWhatItShouldAndNothingElse(int line, String input, String expected) {
    assertThat(Redactor.redactText(input)).isEqualTo(expected);
  }

  @Test
  void wordsKeepTheirCountAndACardShowsItsLastFourDigits() {
    List<String> words =
        Arrays.asList(
            "my card is four five three nine one four eight eight zero three four three six four six seven thanks"
                .split(" "));
    Redactor.Result r = Redactor.redactWords(words);

    assertThat(r.words()).hasSameSizeAs(words);
    assertThat(String.join(" ", r.words()))
        .isEqualTo("my card is * * * * * * * * * * * * 6 4 6 7 thanks");
    assertThat(r.spans())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.kind()).isEqualTo(Redactor.Kind.CARD);
              assertThat(s.from()).isEqualTo(3);
              assertThat(s.to()).isEqualTo(19);
              assertThat(s.mask()).isEqualTo("**** **** **** 6467");
            });
  }

  @Test
  void doubleAndTripleCountTheirDigitTwiceAndThrice() {
    Redactor.Result r =
        Redactor.redactWords(
            Arrays.asList(
                "card four five three nine one four double eight zero three four three six four six seven"
                    .split(" ")));
    assertThat(r.spans()).singleElement().satisfies(s -> assertThat(s.mask()).endsWith("6467"));
    assertThat(Redactor.redactText("phone five five five triple two one two three four"))
        .isEqualTo("phone [phone]");
  }

  @Test
  void spansPointAtTheMaskedCharacters() {
    String text = "卡号6222021234567890123请冻结";
    Redactor.Result r = Redactor.redactTextWithSpans(text);
    assertThat(r.spans())
        .singleElement()
        .satisfies(
            s -> assertThat(text.substring(s.from(), s.to())).isEqualTo("6222021234567890123"));
  }

  @Test
  void checksums() {
    assertThat(Redactor.luhn("4539148803436467")).isTrue();
    assertThat(Redactor.luhn("4539148803436468")).isFalse();
    assertThat(Redactor.validId("11010519491231002X")).isTrue();
    assertThat(Redactor.validId("110105194912310021")).isFalse();
  }

  @Test
  void emptyAndNullTextStayEmpty() {
    assertThat(Redactor.redactText("")).isEmpty();
    assertThat(Redactor.redactText(null)).isEmpty();
  }

  @Test
  void longestDigitRunCountsDigitsHoweverTheyWereRecognised() {
    assertThat(
            Redactor.longestDigitRun(
                List.of("my", "pin", "is", "four", "for", "one", "nine", "thanks")))
        .isEqualTo(4);
    assertThat(Redactor.longestDigitRun(List.of("card", "4539", "1488", "double", "five", "x")))
        .isEqualTo(10);
    assertThat(Redactor.longestDigitRun(List.of("七三一", "好"))).isEqualTo(3);
    assertThat(Redactor.longestDigitRun(List.of("the", "security", "code", "is", "thank", "you")))
        .isZero();
  }
}
