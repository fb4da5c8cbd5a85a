package io.callqa.nlp.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScorecardTest {

  static Map<String, Double> metrics(Double silence, Double interruptions, Double shift) {
    Map<String, Double> m = new HashMap<>();
    m.put("silence_share", silence);
    m.put("agent_interruptions", interruptions);
    m.put("customer_sentiment_shift", shift);
    return m;
  }

  @Test
  void pointsWithReasons() {
    Scorecard s = Scorecard.load("bundled", CategoryRules.bundled()).get(0);
    Set<String> all =
        Set.of("greeting_with_name", "identity_verification", "recap", "closing_offer", "thanks");
    Scorecard.Score full = s.score(all, metrics(0.1, 0.0, 0.2));
    assertThat(full.score()).isEqualTo(100.0);
    assertThat(full.passed()).isTrue();
    // No verification (20) and 30% silence (15) of 100: 65, below the pass mark of 70.
    Scorecard.Score partial =
        s.score(
            Set.of("greeting_with_name", "recap", "closing_offer", "thanks"),
            metrics(0.3, 1.0, 0.0));
    assertThat(partial.score()).isEqualTo(65.0);
    assertThat(partial.passed()).isFalse();
    assertThat(partial.points())
        .filteredOn(p -> p.id().equals("silence"))
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).isEqualTo("silence_share = 0.300 (max 0.200)"));
    assertThat(partial.points())
        .filteredOn(p -> p.id().equals("verification"))
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).isEqualTo("identity_verification not found"));
    // A chat: silence and interruptions do not apply, so 25 points leave the maximum: 65 of 75 met.
    Scorecard.Score chat =
        s.score(
            Set.of("identity_verification", "recap", "closing_offer", "thanks"),
            metrics(null, null, 0.0));
    assertThat(chat.score()).isEqualTo(Math.round(65.0 / 75 * 1000) / 10.0);
    // Reading a card number back fails the call whatever else was done.
    Scorecard.Score fail = s.score(union(all, "card_number_read_back"), metrics(0.1, 0.0, 0.2));
    assertThat(fail.score()).isZero();
    assertThat(fail.autoFailed()).isTrue();
    assertThat(fail.points())
        .anyMatch(p -> p.reason().equals("AUTO-FAIL: card_number_read_back found"));
  }

  @Test
  void badScorecardsAreNamed() {
    CategoryRules rules = CategoryRules.bundled();
    assertThatThrownBy(
            () ->
                Scorecard.parse(
                    "name: x\nversion: 1\ncriteria:\n  - {id: a, weight: 1, require: nope}\n",
                    "x.yaml",
                    rules))
        .hasMessageContaining("criterion 'a': no category 'nope'");
    assertThatThrownBy(
            () ->
                Scorecard.parse(
                    "name: x\nversion: 1\ncriteria:\n  - {id: b, weight: 1, metric: speed, max: 1}\n",
                    "x.yaml",
                    rules))
        .hasMessageContaining("criterion 'b': unknown metric 'speed'");
    assertThatThrownBy(
            () ->
                CategoryRules.parse(
                    "version: 1\ncategories:\n  - {name: c, match: {near: [a]}}\n", "r.yaml"))
        .hasMessageContaining("r.yaml, category 'c': near needs two phrases");
  }

  private static Set<String> union(Set<String> a, String b) {
    java.util.Set<String> s = new java.util.HashSet<>(a);
    s.add(b);
    return s;
  }
}
