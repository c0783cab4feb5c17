package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    return Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "micronaut.server.port", "-1");
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
    JsonHttp http = new JsonHttp(server.getURI());
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
  void rejectsABadTimeRangeWithAJsonError() {
    HttpResponse<String> response =
        new JsonHttp(server.getURI()).get("/v1/commerce/status-counts?from=yesterday");
    assertEquals(400, response.statusCode());
    assertEquals("from", JsonHttp.parseObject(response.body()).get("field"));
    HttpResponse<String> reversed =
        new JsonHttp(server.getURI())
            .get("/v1/commerce/status-counts?from=2026-11-24T11:00:00Z&to=2026-11-24T10:00:00Z");
    assertEquals(400, reversed.statusCode());
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
}
