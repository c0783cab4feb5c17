package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.FraudMinuteSummary;
import io.pulse.events.OrderStatusWindow;
import io.pulse.events.Pipeline;
import io.pulse.events.ResultKeys;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The query side of the views against a real broker: empty answers, tombstones, paging of long
 * ranges (with a small answer cap) and query-parameter errors.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsQueriesIT implements TestPropertyProvider {
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @Inject EmbeddedServer server;
  @Inject ResultsConsumer consumer;

  @Override
  public Map<String, String> getProperties() {
    for (Pipeline pipeline : Pipeline.values()) {
      pipeline.resultTopics().forEach(t -> kafka.createTopic(t, 1, true));
    }
    kafka.createTopic(Topics.PIPELINE_STATUS, 1, true);
    return TestCredentials.withServiceProperties(
        Map.of(
            "kafka.bootstrap.servers",
            kafka.bootstrapServers(),
            "micronaut.server.port",
            "-1",
            "pulse.results.answer.max-entries",
            "4"));
  }

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  private JsonHttp http() {
    return new JsonHttp(server.getURI()).withBearer(TestCredentials.READ_TOKEN);
  }

  private static byte[] window(Instant start, long purchased) {
    return ("{\"windowStart\":\""
            + start
            + "\",\"windowEnd\":\""
            + start.plusSeconds(60)
            + "\",\"counts\":{\"PURCHASED\":"
            + purchased
            + ",\"SHIPPED\":0,\"DELIVERED\":0,\"CANCELLED\":0,\"RETURNED\":0}}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void readsExactlyTheCatalogsResultTopics() throws InterruptedException {
    Set<String> catalog = new TreeSet<>();
    for (Pipeline pipeline : Pipeline.values()) {
      catalog.addAll(pipeline.resultTopics());
    }
    catalog.add(Topics.PIPELINE_STATUS);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!consumer.subscribedTopics().equals(catalog) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(catalog, consumer.subscribedTopics());
  }

  @Test
  void anEmptyRangeAnswersAnEmptyListNotAnEmptyObject() {
    assertEquals(
        "{\"windows\":[]}",
        http()
            .get("/v1/commerce/status-counts?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z")
            .body());
    assertEquals(
        "{\"minutes\":[]}",
        http().get("/v1/fraud/summary?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z").body());
  }

  @Test
  void aTombstoneDeletesItsWindow() throws Exception {
    Instant start = Instant.parse("2026-11-20T08:00:00Z");
    String key = OrderStatusWindow.key(start);
    String range = "?from=2026-11-20T08:00:00Z&to=2026-11-20T09:00:00Z";
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      producer.send(new ProducerRecord<>(Topics.ORDER_STATUS_COUNTS, key, window(start, 5))).get();
      assertTrue(
          await("/v1/commerce/status-counts" + range, b -> b.contains("\"PURCHASED\":5"))
              .contains("08:00:00Z"));
      producer.send(new ProducerRecord<>(Topics.ORDER_STATUS_COUNTS, key, null)).get();
    }
    assertEquals(
        "{\"windows\":[]}",
        await("/v1/commerce/status-counts" + range, b -> b.equals("{\"windows\":[]}")));
  }

  @Test
  void aLongRangeComesInPagesThatFollowTheNextCursor() {
    Instant first = Instant.parse("2026-11-21T00:00:00Z");
    List<Map.Entry<String, byte[]>> minutes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Instant start = first.plusSeconds(60L * i);
      FraudMinuteSummary minute =
          new FraudMinuteSummary(
              start, start.plusSeconds(60), i, 0, new BigDecimal("1.00"), BigDecimal.ZERO);
      minutes.add(Map.entry(FraudMinuteSummary.key(start), FraudMinuteSummary.encode(minute)));
    }
    kafka.send(Topics.FRAUD_SUMMARY, minutes);
    String to = "&to=2026-11-22T00:00:00Z";
    await(
        "/v1/fraud/summary?from=2026-11-21T00:09:00Z" + to, b -> b.contains("\"transactions\":9"));

    List<Object> seen = new ArrayList<>();
    String from = first.toString();
    int pages = 0;
    while (from != null) {
      Map<String, Object> page =
          JsonHttp.parseObject(http().get("/v1/fraud/summary?from=" + from + to).body());
      List<?> entries = (List<?>) page.get("minutes");
      assertTrue(entries.size() <= 4, "capped at pulse.results.answer.max-entries");
      entries.forEach(m -> seen.add(((Map<?, ?>) m).get("transactions")));
      from = (String) page.get("next");
      assertEquals(from != null, Boolean.TRUE.equals(page.get("truncated")));
      pages++;
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
    assertEquals(3, pages);
  }

  @Test
  void fraudModelsJoinsTheRegistryWithEachVersionsCounts() {
    assertEquals(
        "{\"live\":null,\"shadow\":null,\"previous\":[],\"models\":[]}",
        http().get("/v1/fraud/models").body(),
        "nothing published yet");
    String registry =
        "{\"live\":\"v2\",\"shadow\":\"v3\",\"previous\":[\"v1\"],\"versions\":["
            + version("v1", "lr", 0.5, 0.8)
            + ","
            + version("v2", "rf", 0.3, 0.9)
            + ","
            + version("v3", "gbt", 0.4, 0.7)
            + ","
            + version("v4", "rf", 0.2, 0.6)
            + "],\"updatedAt\":\"2026-11-26T10:00:00Z\"}";
    kafka.send(
        Topics.FRAUD_MODELS,
        List.of(
            Map.entry(ResultKeys.FRAUD_REGISTRY, bytes(registry)),
            Map.entry(ResultKeys.fraudModel("v2"), bytes(counts("v2", 100, 7, 10, 3, 4, 1, 2))),
            Map.entry(ResultKeys.fraudModel("v3"), bytes(counts("v3", 100, 5, 10, 0, 0, 4, 6)))));
    Map<String, Object> answer =
        JsonHttp.parseObject(
            // Both versions' counts (each scored 100), not just the first record to arrive.
            await("/v1/fraud/models", b -> b.split("\"scored\":100", -1).length == 3));
    assertEquals("v2", answer.get("live"));
    assertEquals("v3", answer.get("shadow"));
    assertEquals(List.of("v1"), answer.get("previous"));
    List<?> models = (List<?>) answer.get("models");
    assertEquals(4, models.size());
    Map<?, ?> v1 = (Map<?, ?>) models.get(0);
    Map<?, ?> v2 = (Map<?, ?>) models.get(1);
    Map<?, ?> v3 = (Map<?, ?>) models.get(2);
    Map<?, ?> v4 = (Map<?, ?>) models.get(3);
    assertEquals(
        List.of("previous", "live", "shadow", "candidate"),
        List.of(v1.get("role"), v2.get("role"), v3.get("role"), v4.get("role")));
    assertEquals("rf", v2.get("model"));
    assertEquals(0.3, ((Number) v2.get("threshold")).doubleValue());
    assertEquals(
        0.9, ((Number) ((Map<?, ?>) v2.get("offline")).get("averagePrecision")).doubleValue());
    assertEquals(3.0 / 7, ((Number) v2.get("precision")).doubleValue(), 1e-12);
    assertEquals(3.0 / 4, ((Number) v2.get("recall")).doubleValue(), 1e-12);
    assertEquals(4, ((Number) v2.get("falsePositives")).intValue());
    assertEquals(null, v3.get("precision"), "no alert among its labels: undefined");
    assertEquals(0.0, ((Number) v3.get("recall")).doubleValue());
    assertEquals(0, ((Number) v1.get("scored")).intValue(), "no counts yet: zero");
    assertEquals(null, v1.get("recall"));
  }

  private static byte[] bytes(String json) {
    return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String version(String id, String model, double threshold, double ap) {
    return "{\"version\":\""
        + id
        + "\",\"model\":\""
        + model
        + "\",\"threshold\":"
        + threshold
        + ",\"test\":{\"aucRoc\":0.87,\"averagePrecision\":"
        + ap
        + ",\"cardPrecisionAtK\":0.29}}";
  }

  private static String counts(
      String version, long scored, long alerts, long labelled, long tp, long fp, long fn, long tn) {
    return "{\"version\":\""
        + version
        + "\",\"scored\":"
        + scored
        + ",\"alerts\":"
        + alerts
        + ",\"labelled\":"
        + labelled
        + ",\"truePositives\":"
        + tp
        + ",\"falsePositives\":"
        + fp
        + ",\"falseNegatives\":"
        + fn
        + ",\"trueNegatives\":"
        + tn
        + ",\"updatedAt\":\"2026-11-26T10:00:01.000Z\"}";
  }

  @Test
  void badQueryParametersAreA400NamingTheParameter() {
    Map<String, String> cases =
        Map.of(
            "/v1/commerce/status-counts?from=yesterday", "from",
            "/v1/sentiment/windows?to=noon", "to",
            "/v1/fraud/summary?from=2026-11-24T11:00:00Z&to=2026-11-24T10:00:00Z", "from",
            "/v1/fraud/alerts?limit=0", "limit",
            "/v1/sentiment/posts?limit=100000", "limit",
            "/v1/sentiment/windows?source=myspace", "source");
    cases.forEach(
        (path, field) -> {
          var response = http().get(path);
          assertEquals(400, response.statusCode(), path);
          Map<String, Object> error = JsonHttp.parseObject(response.body());
          assertEquals(field, error.get("field"), path + " -> " + response.body());
          assertTrue(error.get("error") instanceof String, response.body());
        });
  }

  private String await(String path, Predicate<String> done) {
    String body = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !done.test(body)) {
      body = http().get(path).body();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return body;
  }
}
