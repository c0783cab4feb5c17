package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.FraudAlert;
import io.pulse.events.PipelineStatus;
import io.pulse.events.ResultKeys;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialSource;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's, driven by Selenium through Debian's
 * chromedriver), against results-service fed through a real Kafka broker.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT implements TestPropertyProvider {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    kafka.createTopic(Topics.ORDER_STATUS_COUNTS, 1, true);
    kafka.createTopic(Topics.PIPELINE_STATUS, 1, true);
    kafka.createTopic(Topics.FRAUD_ALERTS, 1, true);
    kafka.createTopic(Topics.SENTIMENT_WINDOWS, 1, true);
    kafka.createTopic(Topics.FRAUD_MODELS, 1, true);
    return TestCredentials.withServiceProperties(
        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "micronaut.server.port", "-1"));
  }

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  private void sendWindow(Instant start, int purchased, int shipped) {
    String json =
        "{\"windowStart\":\""
            + start
            + "\",\"windowEnd\":\""
            + start.plusSeconds(60)
            + "\",\"counts\":{\"PURCHASED\":"
            + purchased
            + ",\"SHIPPED\":"
            + shipped
            + ",\"DELIVERED\":0,\"CANCELLED\":0,\"RETURNED\":0}}";
    kafka.send(
        Topics.ORDER_STATUS_COUNTS,
        List.of(Map.entry("order-status-counts|" + start, json.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void showsTheApisNumbersAndUpdatesLiveWithoutReload() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "SKIPPED: needs Debian's chromium and chromium-driver (.ci/run installs them)");
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    sendWindow(minute.minusSeconds(60), 40, 12);
    sendWindow(minute, 17, 3);
    PipelineStatus running =
        new PipelineStatus(
            "order-status-counts",
            "RUNNING",
            null,
            Instant.now(),
            Instant.now(),
            850,
            120.5,
            140.25,
            37,
            0L);
    kafka.send(Topics.PIPELINE_STATUS, List.of(Map.entry(running.name(), running.encode())));

    kafka.send(
        Topics.FRAUD_ALERTS, List.of(alert("t-first", Instant.now().minusSeconds(90), "312.40")));
    Instant quarter = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 900 * 900);
    SentimentWindow twitter =
        new SentimentWindow(
            quarter,
            quarter.plusSeconds(900),
            SocialSource.TWITTER,
            null,
            4,
            2.75,
            List.of(0L, 1L, 0L, 2L, 1L));
    kafka.send(
        Topics.SENTIMENT_WINDOWS,
        List.of(Map.entry(twitter.key(), SentimentWindow.encode(twitter))));

    ChromeDriver browser = startChromium();
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      browser.get(server.getURI().toString());
      // Reads need the read token: the page asks for it once, then lives on its session cookie.
      wait.until(d -> d.findElement(By.id("signin")).isDisplayed());
      assertFalse(browser.findElement(By.id("dashboard")).isDisplayed());
      browser.findElement(By.id("signin-token")).sendKeys(TestCredentials.INGEST_TOKEN);
      browser.findElement(By.cssSelector("#signin button")).click();
      wait.until(d -> !d.findElement(By.id("signin-error")).getText().isEmpty());
      browser.findElement(By.id("signin-token")).sendKeys(TestCredentials.READ_TOKEN);
      browser.findElement(By.cssSelector("#signin button")).click();
      wait.until(d -> d.findElement(By.id("dashboard")).isDisplayed());
      assertEquals(
          "",
          ((JavascriptExecutor) browser).executeScript("return document.cookie;"),
          "the session cookie is HttpOnly: page scripts cannot read it");
      wait.until(
          d ->
              "17"
                  .equals(
                      text(d.findElement(By.cssSelector("[data-status=PURCHASED]")).getText())));
      assertEquals("3", browser.findElement(By.cssSelector("[data-status=SHIPPED]")).getText());
      wait.until(
          d ->
              d.findElement(By.cssSelector("tr[data-pipeline=order-status-counts] td:nth-child(2)"))
                  .getText()
                  .equals("RUNNING"));
      wait.until(d -> d.findElement(By.id("live")).getText().equals("live"));

      // A marker in the page's JavaScript state survives only if the page is not reloaded.
      ((JavascriptExecutor) browser).executeScript("window.pulseTestMarker = 42;");
      sendWindow(minute, 23, 5);
      wait.until(
          d ->
              "23"
                  .equals(
                      text(d.findElement(By.cssSelector("[data-status=PURCHASED]")).getText())));
      assertEquals(
          42L, ((JavascriptExecutor) browser).executeScript("return window.pulseTestMarker;"));
      assertEquals("5", browser.findElement(By.cssSelector("[data-status=SHIPPED]")).getText());

      // Fraud alerts: the one sent before the page opened, then one that arrives live.
      wait.until(d -> !d.findElements(By.cssSelector("tr[data-transaction=t-first]")).isEmpty());
      assertTrue(
          browser
              .findElement(By.cssSelector("tr[data-transaction=t-first]"))
              .getText()
              .contains("312.40 EUR"));
      kafka.send(
          Topics.FRAUD_ALERTS,
          List.of(
              alert(
                  "t-live",
                  Instant.now(),
                  "999.99",
                  Map.of(
                      "TX_AMOUNT", 999.99,
                      "CUSTOMER_ID_NB_TX_30DAY_WINDOW", 12.0,
                      "CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW", 100.0,
                      "TERMINAL_ID_RISK_7DAY_WINDOW", 0.25),
                  "20261126T120000Z")));
      wait.until(d -> !d.findElements(By.cssSelector("tr[data-transaction=t-live]")).isEmpty());
      assertEquals("2", browser.findElement(By.id("alert-count")).getText());
      // What stands out in the live alert's features, and the model version that raised it.
      String live = browser.findElement(By.cssSelector("tr[data-transaction=t-live]")).getText();
      assertTrue(live.contains("amount 10.0× the customer's 30-day mean"), live);
      assertTrue(live.contains("terminal 25% fraud over 7 days"), live);
      assertTrue(live.contains("20261126T120000Z"), live);
      assertEquals(
          42L, ((JavascriptExecutor) browser).executeScript("return window.pulseTestMarker;"));

      // The models table: the registry's versions with their live counts, updated live too.
      kafka.send(
          Topics.FRAUD_MODELS,
          List.of(
              Map.entry(
                  ResultKeys.FRAUD_REGISTRY,
                  ("{\"live\":\"v2\",\"shadow\":\"v3\",\"previous\":[],\"versions\":["
                          + "{\"version\":\"v2\",\"model\":\"rf\",\"threshold\":0.3,\"test\":"
                          + "{\"averagePrecision\":0.691}},{\"version\":\"v3\",\"model\":\"gbt\","
                          + "\"threshold\":0.4,\"test\":{}}],\"updatedAt\":\""
                          + Instant.now()
                          + "\"}")
                      .getBytes(StandardCharsets.UTF_8)),
              modelCounts("v2", 3, 1)));
      // Each update re-renders the rows: a row found a moment ago may be gone.
      WebDriverWait rows =
          (WebDriverWait) wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
      rows.until(d -> rowText(d, "v2").equals("v2 live rf 0.691 400 4 4 0.750 0.750"));
      rows.until(d -> rowText(d, "v3").startsWith("v3 shadow gbt – 0"));
      kafka.send(Topics.FRAUD_MODELS, List.of(modelCounts("v2", 1, 3)));
      rows.until(d -> rowText(d, "v2").endsWith("0.250 0.250"));

      Path shot = Path.of("target", "dashboard.png");
      Files.createDirectories(shot.getParent());
      Files.copy(
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
          shot,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.quit();
    }
  }

  /** The models table's row of {@code version}, empty while there is none. */
  private static String rowText(org.openqa.selenium.WebDriver d, String version) {
    return d.findElements(By.cssSelector("tr[data-version=" + version + "]")).stream()
        .findFirst()
        .map(org.openqa.selenium.WebElement::getText)
        .orElse("");
  }

  /** Counts of {@code version}: 400 scored, 4 alerts, 4 labelled: tp right, fp and fn wrong. */
  private static Map.Entry<String, byte[]> modelCounts(String version, int tp, int wrong) {
    String json =
        "{\"version\":\""
            + version
            + "\",\"scored\":400,\"alerts\":4,\"labelled\":4,\"truePositives\":"
            + tp
            + ",\"falsePositives\":"
            + wrong
            + ",\"falseNegatives\":"
            + wrong
            + ",\"trueNegatives\":0,\"updatedAt\":\""
            + Instant.now()
            + "\"}";
    return Map.entry(ResultKeys.fraudModel(version), json.getBytes(StandardCharsets.UTF_8));
  }

  private static Map.Entry<String, byte[]> alert(String id, Instant time, String amount) {
    return alert(id, time, amount, Map.of(), null);
  }

  private static Map.Entry<String, byte[]> alert(
      String id, Instant time, String amount, Map<String, Double> features, String version) {
    FraudAlert alert =
        new FraudAlert(
            id,
            "c-42",
            "k-7",
            new BigDecimal(amount),
            "EUR",
            time,
            0.93,
            time.plusSeconds(20),
            features,
            version);
    return Map.entry(FraudAlert.key(id), FraudAlert.encode(alert));
  }

  private static String text(String s) {
    return s.replace(",", "");
  }

  /** The flags this sandbox needs: no sandbox as root, and nothing that phones home. */
  private static ChromeDriver startChromium() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,2300",
        "--user-data-dir=" + Files.createTempDirectory("pulse-chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }
}
