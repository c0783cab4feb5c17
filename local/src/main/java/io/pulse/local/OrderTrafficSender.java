package io.pulse.local;

import io.pulse.events.OrderStatusEventCodec;
import io.pulse.simulator.OrderEmission;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sends simulated order emissions to order-ingest's HTTP API, in order, in batches, each batch
 * acknowledged (202) before the next is sent, as a well-behaved order management system would.
 */
public final class OrderTrafficSender {
  private final URI endpoint;
  private final int batchSize;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public OrderTrafficSender(URI orderIngest, int batchSize) {
    this.endpoint = orderIngest.resolve("/v1/orders/events");
    this.batchSize = batchSize;
  }

  /** Sends every emission; throws if order-ingest refuses a batch. */
  public void send(List<OrderEmission> emissions) throws IOException, InterruptedException {
    for (int from = 0; from < emissions.size(); from += batchSize) {
      List<OrderEmission> batch =
          emissions.subList(from, Math.min(emissions.size(), from + batchSize));
      HttpResponse<String> response = post(toJsonArray(batch));
      if (response.statusCode() != 202) {
        throw new IOException(
            "order-ingest answered " + response.statusCode() + ": " + response.body());
      }
    }
  }

  private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
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
