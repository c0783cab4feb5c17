package io.pulse.orderingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.OrderStatusEventCodec;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.FreePorts;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * order-ingest while Kafka is away: a batch is refused with 503, Retry-After and the ids to resend
 * within the publish timeout, the service stays live and ready, and once a broker is there the same
 * batch resent with those ids lands with exactly those ids.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderIngestKafkaDownIT implements TestPropertyProvider {
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
  private final int kafkaPort = FreePorts.freePort();
  private EmbeddedKafka kafka;

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return TestCredentials.withServiceProperties(
        Map.of(
            "kafka.bootstrap.servers",
            "localhost:" + kafkaPort,
            "kafka.producers.order-events.max.block.ms",
            Long.toString(PUBLISH_TIMEOUT.toMillis()),
            "pulse.ingest.publish-timeout",
            PUBLISH_TIMEOUT.toMillis() + "ms",
            "micronaut.server.port",
            "-1"));
  }

  @AfterAll
  void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void refusesFastWhileKafkaIsAwayAndARetryWithTheReturnedIdsLandsOnce() throws Exception {
    JsonHttp http = new JsonHttp(server.getURI()).withBearer(TestCredentials.INGEST_TOKEN);
    String batch =
        """
        [{"eventId": "k-1", "orderId": "1", "productId": "p", "status": "PURCHASED"},
         {"orderId": "2", "productId": "p", "status": "SHIPPED"}]
        """;

    long started = System.nanoTime();
    HttpResponse<String> refused = http.post("/v1/orders/events", batch);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(503, refused.statusCode(), refused.body());
    // The bound is the publish timeout; the margin is for a loaded CI machine, not a speed claim.
    assertTrue(took.compareTo(PUBLISH_TIMEOUT.plusSeconds(8)) < 0, "answered after " + took);
    assertEquals("2", refused.headers().firstValue("Retry-After").orElse(null));
    Map<String, Object> error = JsonHttp.parseObject(refused.body());
    assertTrue(error.containsKey("field"), refused.body());
    @SuppressWarnings("unchecked")
    List<String> ids = (List<String>) error.get("eventIds");
    assertEquals(2, ids.size(), refused.body());
    assertEquals("k-1", ids.get(0));

    assertEquals(200, http.get("/health/liveness").statusCode());
    assertEquals(200, http.get("/health/readiness").statusCode());

    kafka = EmbeddedKafka.start(kafkaPort);
    kafka.createTopic(Topics.ORDER_STATUS_EVENTS, 3, false);
    String retry =
        """
        [{"eventId": "%s", "orderId": "1", "productId": "p", "status": "PURCHASED"},
         {"eventId": "%s", "orderId": "2", "productId": "p", "status": "SHIPPED"}]
        """
            .formatted(ids.get(0), ids.get(1));
    HttpResponse<String> accepted = postUntilAccepted(http, retry);
    assertEquals(
        "{\"accepted\":2,\"eventIds\":[\"" + ids.get(0) + "\",\"" + ids.get(1) + "\"]}",
        accepted.body());
    Set<String> landed =
        kafka.readAll(Topics.ORDER_STATUS_EVENTS).stream()
            .map(r -> OrderStatusEventCodec.decodeStored(r.value()).eventId())
            .collect(Collectors.toSet());
    assertEquals(Set.copyOf(ids), landed);
  }

  /** The producer finds the new broker at its next metadata refresh: retry as a client would. */
  private static HttpResponse<String> postUntilAccepted(JsonHttp http, String body)
      throws InterruptedException {
    HttpResponse<String> last = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      last = http.post("/v1/orders/events", body);
      if (last.statusCode() == 202) {
        return last;
      }
      assertEquals(503, last.statusCode(), last.body());
      Thread.sleep(1000);
    }
    throw new AssertionError("never accepted: " + last.body());
  }
}
