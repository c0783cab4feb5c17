package io.pulse.bench;

import io.pulse.events.OrderStatus;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Request bodies for the ingest benchmark: typical events, as the simulator sizes them. */
final class IngestBodies {
  private IngestBodies() {}

  /**
   * A JSON body of {@code batch} events (an object when 1, an array otherwise); {@code variant}
   * shifts the ids, so different variants carry different orders (and land in different
   * partitions).
   */
  static byte[] body(int batch, int variant) {
    StringBuilder json = new StringBuilder(batch == 1 ? "" : "[");
    for (int i = 0; i < batch; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(
          new String(
              OrderStatusEventCodec.encode(sample(variant * batch + i)), StandardCharsets.UTF_8));
    }
    return json.append(batch == 1 ? "" : "]").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The orderId of a single-event body of {@code variant}. */
  static String orderId(int variant) {
    return sample(variant).orderId();
  }

  /** A typical event: ids and time of the sizes the simulator produces. */
  static OrderStatusEvent sample(int i) {
    return new OrderStatusEvent(
        "e-mj2k8a1c-" + (100000 + i) + "-1",
        "o-mj2k8a1c-" + (100000 + i),
        "p-" + (i % 50),
        OrderStatus.SHIPPED,
        Instant.parse("2026-11-24T10:15:03.123Z"));
  }
}
