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
    wait.until(
        b ->
            Math.abs(
                    ((Number) js("return document.getElementById('player').currentTime"))
                            .doubleValue()
                        - start)
                < 0.05);
    WebElement current = browser.findElement(By.cssSelector(".line.current"));
    assertThat(current.getDomAttribute("data-start")).isEqualTo(String.valueOf(start));
    assertThat(current.getText()).contains("stolen");
    assertThat(((Number) js("return document.getElementById('player').duration")).doubleValue())
        .isCloseTo(f.call.durationS(), org.assertj.core.data.Offset.offset(0.5));
    assertThat(browser.findElement(By.id("audionote")).getText()).startsWith("Redacted recording:");
    assertThat(browser.findElement(By.id("complaints")).getText()).contains("T-9");
    assertThat(browser.findElement(By.id("facts")).getText())
        .contains("WUHAN")
        .contains("fcr resolved");
    screenshot("review-call.png");

    // A category chip jumps to its utterance.
    browser.findElement(By.cssSelector("button.category[data-line='2']")).click();
    double verify = f.call.turns().get(2).startS();
    wait.until(
        b ->
            Math.abs(
                    ((Number) js("return document.getElementById('player').currentTime"))
                            .doubleValue()
                        - verify)
                < 0.05);
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
    last.click();
    wait.until(
        b -> {
          double t =
              ((Number) js("return document.getElementById('player').currentTime")).doubleValue();
          return t >= lastStart - 0.05 && t < lastStart + 2;
        });
    assertThat(last.getDomAttribute("class")).contains("current");
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
    assertThat(hit.getText())
        .contains("(transcript hidden for your role)")
        .doesNotContain("stolen");
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
