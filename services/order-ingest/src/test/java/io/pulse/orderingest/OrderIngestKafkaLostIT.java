package io.pulse.orderingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * order-ingest when Kafka goes away while the service is busy: right after acknowledged sends, when
 * the producer knows the topic and single events go to it straight from the event loop, a request
 * is still answered 503 with Retry-After and its ids within the publish timeout, and the service
 * keeps answering other requests meanwhile.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderIngestKafkaLostIT implements TestPropertyProvider {
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    kafka.createTopic(Topics.ORDER_STATUS_EVENTS, 3, false);
    return TestCredentials.withServiceProperties(
        Map.of(
            "kafka.bootstrap.servers",
            kafka.bootstrapServers(),
            "kafka.producers.order-events.max.block.ms",
            Long.toString(PUBLISH_TIMEOUT.toMillis()),
            "pulse.ingest.publish-timeout",
            PUBLISH_TIMEOUT.toMillis() + "ms",
            "micronaut.server.port",
            "-1"));
  }

  @Test
  void aRequestRightAfterKafkaWentAwayIsRefusedWithinThePublishTimeout() throws Exception {
    JsonHttp http = new JsonHttp(server.getURI()).withBearer(TestCredentials.INGEST_TOKEN);
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> accepted = http.post("/v1/orders/events", event("warm-" + i));
      assertEquals(202, accepted.statusCode(), accepted.body());
    }
    kafka.close();

    long started = System.nanoTime();
    HttpResponse<String> refused = http.post("/v1/orders/events", event("lost-1"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(503, refused.statusCode(), refused.body());
    // The bound is the publish timeout; the margin is for a loaded CI machine, not a speed claim.
    assertTrue(took.compareTo(PUBLISH_TIMEOUT.plusSeconds(8)) < 0, "answered after " + took);
    assertEquals("2", refused.headers().firstValue("Retry-After").orElse(null));
    assertEquals(List.of("lost-1"), JsonHttp.parseObject(refused.body()).get("eventIds"));
    assertEquals(200, http.get("/health/liveness").statusCode());
  }

  private static String event(String id) {
    return """
        {"eventId": "%s", "orderId": "o-%s", "productId": "p", "status": "PURCHASED"}
        """
        .formatted(id, id);
  }
}
