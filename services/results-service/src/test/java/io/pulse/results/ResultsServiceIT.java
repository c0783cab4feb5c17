package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.FraudAlert;
import io.pulse.events.FraudMinuteSummary;
import io.pulse.events.ScoredPost;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialSource;
import io.pulse.events.Topics;
import io.pulse.testsupport.AuthContract;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** results-service reading a real broker: newest value per window wins, bad records are skipped. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsServiceIT implements TestPropertyProvider {
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    kafka.createTopic(Topics.ORDER_STATUS_COUNTS, 1, true);
    for (String topic :
        List.of(
            Topics.SENTIMENT_WINDOWS,
            Topics.SCORED_POSTS,
            Topics.FRAUD_ALERTS,
            Topics.FRAUD_SUMMARY)) {
      kafka.createTopic(topic, 1, true);
    }
    return TestCredentials.withServiceProperties(
        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "micronaut.server.port", "-1"));
  }

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  private static Map.Entry<String, byte[]> window(
      String start, String end, int purchased, int shipped) {
    String json =
        "{\"windowStart\":\""
            + start
            + "\",\"windowEnd\":\""
            + end
            + "\",\"counts\":{\"PURCHASED\":"
            + purchased
            + ",\"SHIPPED\":"
            + shipped
            + ",\"DELIVERED\":0,\"CANCELLED\":0,\"RETURNED\":0}}";
    return Map.entry("order-status-counts|" + start, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void servesTheNewestCountsPerWindowSortedAndFilteredByTime() {
    kafka.send(
        Topics.ORDER_STATUS_COUNTS,
        List.of(
            window("2026-11-24T10:16:00Z", "2026-11-24T10:17:00Z", 4, 1),
            window("2026-11-24T10:15:00Z", "2026-11-24T10:16:00Z", 3, 0),
            Map.entry("order-status-counts|garbage", "not json".getBytes(StandardCharsets.UTF_8)),
            window("2026-11-24T10:15:00Z", "2026-11-24T10:16:00Z", 7, 2)));
    JsonHttp http = new JsonHttp(server.getURI()).withBearer(TestCredentials.READ_TOKEN);
    String expected =
        "{\"windows\":[{\"windowStart\":\"2026-11-24T10:15:00Z\",\"windowEnd\":\"2026-11-24T10:16:00Z\","
            + "\"counts\":{\"PURCHASED\":7,\"SHIPPED\":2,\"DELIVERED\":0,\"CANCELLED\":0,\"RETURNED\":0}},"
            + "{\"windowStart\":\"2026-11-24T10:16:00Z\",\"windowEnd\":\"2026-11-24T10:17:00Z\","
            + "\"counts\":{\"PURCHASED\":4,\"SHIPPED\":1,\"DELIVERED\":0,\"CANCELLED\":0,\"RETURNED\":0}}]}";
    assertEquals(expected, awaitBody(http, "/v1/commerce/status-counts", expected));

    HttpResponse<String> filtered =
        http.get("/v1/commerce/status-counts?from=2026-11-24T10:16:00Z&to=2026-11-24T11:00:00Z");
    assertEquals(200, filtered.statusCode());
    assertTrue(
        filtered.body().contains("10:16:00Z") && !filtered.body().contains("10:15:00Z"),
        filtered.body());
  }

  @Test
  void exposesPrometheusMetricsThatCountRequestsAndConsumedRecords() {
    JsonHttp http = new JsonHttp(server.getURI()).withBearer(TestCredentials.READ_TOKEN);
    http.get("/v1/commerce/status-counts");
    String metrics = http.get("/prometheus").body();
    assertTrue(
        metrics.contains("http_server_requests_seconds_count{")
            && metrics.contains("uri=\"/v1/commerce/status-counts\""),
        metrics);
    assertTrue(metrics.contains("kafka_consumer"), "consumer metrics, lag among them");
  }

  @Test
  void rejectsABadTimeRangeWithAJsonError() {
    HttpResponse<String> response =
        new JsonHttp(server.getURI())
            .withBearer(TestCredentials.READ_TOKEN)
            .get("/v1/commerce/status-counts?from=yesterday");
    assertEquals(400, response.statusCode());
    assertEquals("from", JsonHttp.parseObject(response.body()).get("field"));
    HttpResponse<String> reversed =
        new JsonHttp(server.getURI())
            .withBearer(TestCredentials.READ_TOKEN)
            .get("/v1/commerce/status-counts?from=2026-11-24T11:00:00Z&to=2026-11-24T10:00:00Z");
    assertEquals(400, reversed.statusCode());
  }

  private static FraudAlert alert(String id, String time, String amount, double score) {
    return new FraudAlert(
        id,
        "c-1",
        "k-1",
        new BigDecimal(amount),
        "EUR",
        Instant.parse(time),
        score,
        Instant.parse(time).plusSeconds(30),
        Map.of("TX_AMOUNT", Double.parseDouble(amount)));
  }

  @Test
  void servesFraudAlertsNewestFirstOncePerTransactionAndPerMinuteTotals() {
    kafka.send(
        Topics.FRAUD_ALERTS,
        List.of(
            Map.entry(
                "t-1", FraudAlert.encode(alert("t-1", "2026-11-24T10:15:03Z", "250.00", 0.91))),
            Map.entry(
                "t-2", FraudAlert.encode(alert("t-2", "2026-11-24T10:16:40Z", "12.10", 0.75))),
            // A replayed alert for t-1 (the job restarted): still one alert.
            Map.entry(
                "t-1", FraudAlert.encode(alert("t-1", "2026-11-24T10:15:03Z", "250.00", 0.91)))));
    FraudMinuteSummary minute =
        new FraudMinuteSummary(
            Instant.parse("2026-11-24T10:15:00Z"),
            Instant.parse("2026-11-24T10:16:00Z"),
            120,
            1,
            new BigDecimal("5120.75"),
            new BigDecimal("250.00"));
    kafka.send(
        Topics.FRAUD_SUMMARY,
        List.of(
            Map.entry(
                FraudMinuteSummary.key(minute.windowStart()), FraudMinuteSummary.encode(minute))));
    JsonHttp http = new JsonHttp(server.getURI()).withBearer(TestCredentials.READ_TOKEN);

    String alerts =
        awaitMatching(http, "/v1/fraud/alerts", b -> b.contains("t-1") && b.contains("t-2"));
    assertTrue(alerts.indexOf("t-2") < alerts.indexOf("t-1"), "newest first: " + alerts);
    assertEquals(1, alerts.split("\"transactionId\":\"t-1\"", -1).length - 1, alerts);
    assertTrue(http.get("/v1/fraud/alerts?limit=1").body().contains("t-2"));
    assertFalse(http.get("/v1/fraud/alerts?limit=1").body().contains("t-1"));
    assertEquals(400, http.get("/v1/fraud/alerts?limit=0").statusCode());

    String summary = awaitMatching(http, "/v1/fraud/summary", b -> b.contains("transactions"));
    assertEquals(
        "{\"minutes\":[{\"windowStart\":\"2026-11-24T10:15:00Z\",\"windowEnd\":\"2026-11-24T10:16:00Z\",\"transactions\":120,\"alerts\":1,\"amount\":5120.75,\"alertAmount\":250.00}]}",
        summary);
  }

  @Test
  void servesSentimentWindowsPerSourceAndProductAndTheirScoredPosts() {
    Instant start = Instant.parse("2026-11-24T10:00:00Z");
    SentimentWindow all =
        new SentimentWindow(
            start,
            start.plusSeconds(900),
            SocialSource.TWITTER,
            null,
            3,
            2.5,
            List.of(0L, 1L, 0L, 1L, 1L));
    SentimentWindow phone =
        new SentimentWindow(
            start,
            start.plusSeconds(900),
            SocialSource.TWITTER,
            "pulsephone",
            1,
            4.0,
            List.of(0L, 0L, 0L, 0L, 1L));
    SentimentWindow reviews =
        new SentimentWindow(
            start,
            start.plusSeconds(900),
            SocialSource.REVIEWS,
            null,
            2,
            1.0,
            List.of(1L, 0L, 1L, 0L, 0L));
    kafka.send(
        Topics.SENTIMENT_WINDOWS,
        List.of(
            Map.entry(all.key(), SentimentWindow.encode(all)),
            Map.entry(phone.key(), SentimentWindow.encode(phone)),
            Map.entry(reviews.key(), SentimentWindow.encode(reviews))));
    SocialPost post =
        new SocialPost(
            SocialSource.TWITTER,
            "1850",
            "ann",
            "I love my PulsePhone",
            "en",
            start.plusSeconds(60),
            "pulsephone",
            null);
    kafka.send(
        Topics.SCORED_POSTS,
        List.of(Map.entry(post.key(), ScoredPost.encode(new ScoredPost(post, 3.6, 4, 1)))));
    JsonHttp http = new JsonHttp(server.getURI()).withBearer(TestCredentials.READ_TOKEN);

    String twitter =
        awaitMatching(http, "/v1/sentiment/windows?source=twitter", b -> b.contains("twitter"));
    assertTrue(
        twitter.contains("\"posts\":3")
            && !twitter.contains("pulsephone")
            && !twitter.contains("reviews"),
        twitter);
    assertTrue(
        http.get("/v1/sentiment/windows?source=twitter&product=pulsephone")
            .body()
            .contains("\"meanScore\":4.0"));
    assertTrue(
        awaitMatching(http, "/v1/sentiment/windows", b -> b.contains("reviews"))
            .contains("twitter"));
    assertEquals(400, http.get("/v1/sentiment/windows?source=myspace").statusCode());
    assertTrue(
        awaitMatching(http, "/v1/sentiment/posts?source=twitter", b -> b.contains("1850"))
            .contains("\"score\":3.6"));
  }

  private static String awaitMatching(
      JsonHttp http, String path, java.util.function.Predicate<String> done) {
    String body = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !done.test(body)) {
      body = http.get(path).body();
      sleep();
    }
    return body;
  }

  private static String awaitBody(JsonHttp http, String path, String expected) {
    String body = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !body.equals(expected)) {
      body = http.get(path).body();
      sleep();
    }
    return body;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final List<String> READ_ENDPOINTS =
      List.of(
          "/v1/commerce/status-counts",
          "/v1/sentiment/windows",
          "/v1/sentiment/posts",
          "/v1/fraud/alerts",
          "/v1/fraud/summary",
          "/v1/fraud/models",
          "/v1/pipelines",
          "/v1/stream");

  @Test
  void everyReadEndpointNeedsTheReadToken() {
    JsonHttp anonymous = new JsonHttp(server.getURI());
    for (String path : READ_ENDPOINTS) {
      AuthContract.assertRefused(
          anonymous, new AuthContract.Endpoint(path, null), TestCredentials.INGEST_TOKEN);
      assertEquals(200, status(anonymous.withBearer(TestCredentials.READ_TOKEN), path), path);
    }
    assertEquals(200, anonymous.get("/").statusCode(), "the dashboard page is open");
    assertEquals(200, anonymous.get("/dashboard.js").statusCode(), "and so are its assets");
    AuthContract.assertProbesOpenAndHealthDetailsPrivate(anonymous, TestCredentials.READ_TOKEN);
  }

  @Test
  void theDashboardSignsInOnceWithTheReadTokenAndThenUsesAnHttpOnlyCookie() {
    JsonHttp anonymous = new JsonHttp(server.getURI());
    HttpResponse<String> signIn = signIn(anonymous, TestCredentials.READ_TOKEN);
    assertEquals(200, signIn.statusCode(), signIn.body());
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith("PULSE_SESSION="), setCookie);
    assertTrue(setCookie.toLowerCase().contains("; httponly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    assertFalse(setCookie.toLowerCase().contains("; secure"), "plain http here: " + setCookie);
    assertFalse(setCookie.contains(TestCredentials.READ_TOKEN), "the cookie is not the token");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    JsonHttp session = anonymous.withHeader("Cookie", cookie);
    for (String path : READ_ENDPOINTS) {
      assertEquals(200, status(session, path), path);
    }
    String value = cookie.substring(cookie.indexOf('=') + 1);
    String forged = value.substring(0, value.length() - 2) + (value.endsWith("A") ? "BB" : "AA");
    assertEquals(
        401,
        anonymous
            .withHeader("Cookie", "PULSE_SESSION=" + forged)
            .get("/v1/pipelines")
            .statusCode());

    HttpResponse<String> ingest = signIn(anonymous, TestCredentials.INGEST_TOKEN);
    assertEquals(401, ingest.statusCode(), "ingest token");
    assertEquals(null, JsonHttp.parseObject(ingest.body()).get("field"), ingest.body());
    assertFalse(ingest.body().contains(TestCredentials.INGEST_TOKEN));
    assertEquals(401, signIn(anonymous, TestCredentials.WRONG_TOKEN).statusCode(), "wrong token");
    assertTrue(AuthContract.failuresCounted(anonymous, "invalid") >= 2, "failed sign-ins counted");
  }

  private static HttpResponse<String> signIn(JsonHttp http, String token) {
    return http.post("/login", "{\"username\":\"dashboard\",\"password\":\"" + token + "\"}");
  }

  /** The status of a GET; an event stream is not read to its (never) end. */
  private static int status(JsonHttp http, String path) {
    try {
      HttpResponse<java.io.InputStream> response =
          java.net.http.HttpClient.newHttpClient()
              .send(http.request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return response.statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
