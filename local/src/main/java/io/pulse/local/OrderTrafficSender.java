package io.pulse.local;

import io.pulse.events.OrderStatusEventCodec;
import io.pulse.simulator.OrderEmission;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends simulated order emissions to order-ingest's HTTP API, in order, in batches, each batch
 * acknowledged (202) before the next is sent, as a well-behaved order management system would.
 */
public final class OrderTrafficSender {
  private final IngestClient client;
  private final int batchSize;

  public OrderTrafficSender(URI orderIngest, LocalCredentials credentials, int batchSize) {
    this(new IngestClient(orderIngest, credentials), batchSize);
  }

  public OrderTrafficSender(IngestClient client, int batchSize) {
    this.client = client;
    this.batchSize = batchSize;
  }

  /** Sends every emission; throws if order-ingest refuses a batch. */
  public void send(List<OrderEmission> emissions) throws IOException, InterruptedException {
    for (int from = 0; from < emissions.size(); from += batchSize) {
      List<OrderEmission> batch =
          emissions.subList(from, Math.min(emissions.size(), from + batchSize));
      client.post("/v1/orders/events", toJsonArray(batch));
    }
  }

  static byte[] toJsonArray(List<OrderEmission> batch) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(
          new String(OrderStatusEventCodec.encode(batch.get(i).event()), StandardCharsets.UTF_8));
    }
    return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }
}
