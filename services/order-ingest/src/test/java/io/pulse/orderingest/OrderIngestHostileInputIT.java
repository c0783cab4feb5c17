package io.pulse.orderingest;

import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.HostileCorpus;
import io.pulse.testsupport.HostileInputCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hostile corpus against order-ingest running in its own JVM with the chart's heap and {@code
 * -XX:+ExitOnOutOfMemoryError}: every attack a JSON 4xx, the process alive throughout, and a valid
 * request accepted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderIngestHostileInputIT {
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  @Test
  void hostileOrderEventsAreRefusedAndTheServiceStaysUp() throws Exception {
    kafka.createTopic(Topics.ORDER_STATUS_EVENTS, 1, false);
    HostileInputCheck.run(
        "io.pulse.orderingest.OrderIngestApplication",
        "order-ingest",
        kafka.bootstrapServers(),
        "/v1/orders/events",
        new HostileCorpus(
            "{\"eventId\":\"e-1\",\"orderId\":%NUMBER%,\"productId\":%TEXT%,\"status\":\"PURCHASED\",\"eventTime\":%DATE%}",
            "\"1782\"", "\"2026-11-24T10:15:00Z\"", "\"p-9\""));
  }
}
