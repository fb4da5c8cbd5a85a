package io.callqa.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.nlp.analytics.ManualScoreJournal;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review page as a reviewer uses it, in headless Chromium (Debian's chromium and
 * chromium-driver): sign in, type a query, see the hit, open it, and find the player at the hit's
 * second. Screenshots go to {@code review/target/test-artifacts/}.
 */
class ReviewPageIT {
  @TempDir static Path dir;
  static ReviewFixture f;
  static WebDriver browser;
  static WebDriverWait wait;
  static final Path ARTIFACTS =
      Path.of(System.getProperty("callqa.artifacts.dir", "target/test-artifacts"));

  @BeforeAll
  static void start() {
    f = new ReviewFixture(dir);
    String chromium = System.getProperty("callqa.chromium", "/usr/bin/chromium");
    String driver = System.getProperty("callqa.chromedriver", "/usr/bin/chromedriver");
    if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(driver))) {
      throw new IllegalStateException(
          "the browser test needs "
              + chromium
              + " and "
              + driver
              + ": apt-get install -y chromium chromium-driver"
              + " (./test does it)");
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(chromium);
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--mute-audio",
        "--window-size=1280,900",
        "--autoplay-policy=no-user-gesture-required");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(driver))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, o);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (f != null) {
      f.close();
    }
  }

  static void signIn(String user) {
    browser.manage().deleteAllCookies();
    browser.get(f.url("/"));
    wait.until(ExpectedConditions.urlToBe(f.url("/login")));
    browser.findElement(By.id("user")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(ReviewFixture.PASSWORD);
    browser.findElement(By.id("signin")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), user));
  }

  static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** Waits until the player stands at {@code seconds} (within 50 ms). */
  static void waitForPlayerAt(double seconds) {
    wait.until(b -> Math.abs(playerTime() - seconds) < 0.05);
  }

  static double playerTime() {
    return ((Number) js("return document.getElementById('player').currentTime")).doubleValue();
  }

  static void screenshot(String name) throws Exception {
    Files.createDirectories(ARTIFACTS);
    Files.write(
        ARTIFACTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void reviewerFindsTheCallAndHearsItFromTheHit() throws Exception {
    signIn("anna");
    browser.findElement(By.id("q")).sendKeys("customer:stolen", Keys.ENTER);
    WebElement hit =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(By.cssSelector(".hit[data-id='S01']")));
    assertThat(hit.findElement(By.cssSelector(".snippet mark")).getText()).isEqualTo("stolen");
    assertThat(hit.getText()).contains("customer @ 0:05");
    assertThat(browser.findElement(By.id("total")).getText()).startsWith("4 conversations match");
    assertThat(browser.findElements(By.cssSelector("#facets ul[data-dim='site'] button")))
        .extracting(WebElement::getText)
        .contains("WUHAN (1)");
    screenshot("review-search.png");

    hit.findElement(By.cssSelector("a.open")).click();
    wait.until(ExpectedConditions.urlContains("/call.html?id=S01"));
    double start = f.stolenTurn().startS();
    wait.until(
        b -> ((Number) js("return document.getElementById('player').readyState")).intValue() >= 1);
    waitForPlayerAt(start);
    WebElement current = browser.findElement(By.cssSelector(".line.current"));
    assertThat(current.getDomAttribute("data-start")).isEqualTo(String.valueOf(start));
    assertThat(current.getText()).contains("stolen");
    assertThat(((Number) js("return document.getElementById('player').duration")).doubleValue())
        .isCloseTo(f.call.durationS(), org.assertj.core.data.Offset.offset(0.5));
    assertThat(browser.findElement(By.id("audionote")).getText()).startsWith("Redacted recording:");
    assertThat(browser.findElement(By.id("complaints")).getText()).contains("T-9");
    assertThat(browser.findElement(By.id("facts")).getText())
        .contains("WUHAN")
        .contains("First-contact resolution 首次解决 resolved");
    screenshot("review-call.png");

    // A category chip jumps to its utterance.
    browser.findElement(By.cssSelector("button.category[data-line='2']")).click();
    double verify = f.call.turns().get(2).startS();
    waitForPlayerAt(verify);
    assertThat(browser.findElement(By.cssSelector(".line.current")).getDomAttribute("data-no"))
        .isEqualTo("2");

    // A manual score is saved from the page.
    browser.findElement(By.id("score")).sendKeys("85");
    browser.findElement(By.id("comment")).sendKeys("verified identity, clear recap");
    browser.findElement(By.id("save")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("saved"), "Saved"));
    assertThat(Files.readString(ManualScoreJournal.reviewPageFile(dir)))
        .contains("verified identity, clear recap");

    // Clicking another utterance moves the player there.
    List<WebElement> lines = browser.findElements(By.cssSelector(".line"));
    WebElement last = lines.get(lines.size() - 1);
    double lastStart = Double.parseDouble(last.getDomAttribute("data-start"));
    // Where a reviewer sees it: below the player and timeline, which stay at the top.
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", last);
    last.click();
    wait.until(
        b -> {
          double t = playerTime();
          return t >= lastStart - 0.05 && t < lastStart + 2;
        });
    assertThat(last.getDomAttribute("class")).contains("current");
  }

  @Test
  void searchShowsFacetsHitFactsSameLineChatsAndPlainErrors() throws Exception {
    signIn("anna");
    browser.get(f.url("/?q=" + java.net.URLEncoder.encode("lost card", "UTF-8")));
    WebElement hit =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(By.cssSelector(".hit[data-id='S01']")));
    // The hit's facts: length, CSAT, QA score and its categories as chips.
    assertThat(hit.findElement(By.cssSelector(".facts")).getText())
        .contains("CSAT 4/5")
        .contains("QA 85")
        .contains("lost stolen card")
        .contains("identity verification");
    // The three chats with one canned line are one hit with the others listed.
    List<WebElement> chats = browser.findElements(By.cssSelector(".hit[data-id^='CH']"));
    assertThat(chats).hasSize(1);
    WebElement same = chats.get(0).findElement(By.cssSelector("details.same"));
    assertThat(same.getText()).contains("the same line in 2 more chats (3 in all)");
    same.click();
    assertThat(same.findElements(By.cssSelector("a.same-link"))).hasSize(2);
    // Facets beside site, queue and agent: category, kind, language and day.
    for (String dim : List.of("site", "queue", "agent_id", "category", "kind", "language", "day")) {
      assertThat(browser.findElements(By.cssSelector("#facets ul[data-dim='" + dim + "'] button")))
          .as(dim)
          .isNotEmpty();
    }
    screenshot("review-search-facets.png");
    // A facet narrows the search through its filter.
    browser
        .findElement(By.cssSelector("#facets ul[data-dim='kind'] button[data-value='CHAT']"))
        .click();
    wait.until(
        b ->
            b.findElements(By.cssSelector(".hit")).size() == 1
                && b.findElements(By.cssSelector(".hit[data-id='S01']")).isEmpty());
    assertThat(browser.getCurrentUrl()).contains("kind=CHAT");
    browser.findElement(By.cssSelector("#facets ul[data-dim='day'] button")).click();
    wait.until(ExpectedConditions.urlContains("from=2026-03-05"));
    assertThat(browser.getCurrentUrl()).contains("to=2026-03-05");
    // A mistake in the query, in plain words.
    browser.get(f.url("/"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), "anna"));
    browser.findElement(By.id("q")).sendKeys("customer:(card", Keys.ENTER);
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertThat(error.getText())
        .contains("parentheses do not match")
        .contains("for example")
        .doesNotContain("Encountered")
        .doesNotContainIgnoringCase("lexical");
    screenshot("review-search-error.png");
  }

  @Test
  void theConversationPageShowsLocalTimesScorecardAndTimeline() throws Exception {
    signIn("anna");
    browser.get(f.url("/call.html?id=S01"));
    wait.until(ExpectedConditions.attributeToBe(By.id("player"), "data-ready", "true"));
    // Local time of the centre, with its offset, in the title and the facts.
    assertThat(browser.findElement(By.id("title")).getText())
        .contains("2026-03-05 10:00:00 +08:00 (Asia/Shanghai)");
    WebElement facts = browser.findElement(By.id("facts"));
    assertThat(facts.findElement(By.cssSelector("tr[data-key='started_at']")).getText())
        .isEqualTo("Started 开始时间 10:00:00 +08:00");
    assertThat(facts.findElements(By.cssSelector("tr[data-key='handle_s']"))).hasSize(1);
    assertThat(facts.getText()).doesNotContain("handle s").doesNotContain("within sl");
    // Every point of the scorecard, passed and missed, with its weight.
    List<WebElement> points = browser.findElements(By.cssSelector("#qa li.point"));
    assertThat(points).hasSize(4);
    assertThat(browser.findElement(By.cssSelector("#qa li.point.met[data-id='verify']")).getText())
        .contains("Verifies identity")
        .contains("20 / 20");
    assertThat(
            browser.findElement(By.cssSelector("#qa li.point.missed[data-id='recap']")).getText())
        .contains("0 / 15");
    assertThat(
            browser.findElement(By.cssSelector("#qa li.point.na[data-id='interrupt']")).getText())
        .contains("n/a");
    // Its evidence seeks the player to the line where the category was found.
    browser.findElement(By.cssSelector("#qa li.point[data-id='verify'] button.evidence")).click();
    double verify = f.call.turns().get(2).startS();
    waitForPlayerAt(verify);
    assertThat(browser.findElement(By.cssSelector(".line.current")).getDomAttribute("data-no"))
        .isEqualTo("2");
    // The timeline: each speaker's talk, and the sentiment of each quarter; a block seeks.
    WebElement timeline = browser.findElement(By.id("timeline"));
    assertThat(timeline.isDisplayed()).isTrue();
    assertThat(timeline.findElements(By.cssSelector("[data-lane='AGENT'] .span.talk")))
        .isNotEmpty();
    assertThat(timeline.findElements(By.cssSelector("[data-lane='CUSTOMER'] .span.talk")))
        .isNotEmpty();
    assertThat(timeline.findElements(By.cssSelector(".span.sentiment"))).isNotEmpty();
    WebElement customer =
        timeline.findElements(By.cssSelector("[data-lane='CUSTOMER'] .span.talk")).get(1);
    double from = Double.parseDouble(customer.getDomAttribute("data-from"));
    customer.click();
    waitForPlayerAt(from);
    // Category chips seek too.
    assertThat(browser.findElements(By.cssSelector("#categories button.chip"))).hasSize(2);
    screenshot("review-call-scorecard.png");
  }

  @Test
  void analystSeesCountsButNoTranscript() throws Exception {
    signIn("bob");
    browser.findElement(By.id("q")).sendKeys("stolen", Keys.ENTER);
    WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertThat(refused.getText()).contains("may search by filters only");
    browser.get(f.url("/?site=WUHAN"));
    WebElement hit =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".hit")));
    // No word said: the snippet is withheld. The facts an analyst may filter by stay (CSAT, QA
    // score, categories: the analyse stage's labels, not the transcript).
    assertThat(hit.findElement(By.cssSelector(".snippet")).getText())
        .isEqualTo("(transcript hidden for your role)");
    assertThat(hit.getText()).doesNotContain("my card was stolen").contains("QA 85");
    assertThat(browser.findElements(By.cssSelector("a.open"))).isEmpty();
    browser.get(f.url("/call.html?id=S01"));
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertThat(error.getText()).contains("may not read transcripts");
    assertThat(browser.findElements(By.cssSelector(".line"))).isEmpty();
  }

  /**
   * A page on another port of the same host (same site, other origin) tries to score a call as the
   * signed-in reviewer, by an auto-submitted form and by fetch with credentials: both are refused.
   */
  @Test
  void aPageOfAnotherOriginCannotActAsTheSignedInReviewer() throws Exception {
    signIn("anna");
    Path journal = ManualScoreJournal.reviewPageFile(dir);
    String before = Files.exists(journal) ? Files.readString(journal) : "";
    String target = f.url("/api/calls/S01/review");
    String page =
        "<!doctype html><html><body><form id='f' method='post' action='"
            + target
            + "'>"
            + "<input name='scorecard' value='card-hotline'><input name='score' value='1'>"
            + "<input name='comment' value='forged by a form'></form><script>"
            + "fetch('"
            + target
            + "', {method: 'POST', credentials: 'include', mode: 'no-cors',"
            + " headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
            + " body: 'scorecard=card-hotline&score=2&comment=forged+by+fetch'})"
            + ".finally(() => { document.title = 'fetched'; document.getElementById('f').submit(); });"
            + "</script></body></html>";
    com.sun.net.httpserver.HttpServer attacker =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    attacker.createContext(
        "/",
        ex -> {
          byte[] b = page.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    attacker.start();
    try {
      long auditBefore = Files.readAllLines(f.auditFile).size();
      browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
      // The form's submission navigates the browser to the review server's answer.
      wait.until(ExpectedConditions.urlToBe(target));
      assertThat(browser.getPageSource()).contains("cross-origin request refused");
      wait.until(
          b -> {
            try {
              return Files.readAllLines(f.auditFile).stream()
                      .skip(auditBefore)
                      .filter(l -> l.contains("cross-origin request refused"))
                      .count()
                  >= 2;
            } catch (java.io.IOException e) {
              return false;
            }
          });
    } finally {
      attacker.stop(0);
    }
    assertThat(Files.exists(journal) ? Files.readString(journal) : "").isEqualTo(before);
  }
}
