package io.pulse.orderingest;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusEventCodec;
import io.pulse.service.AcknowledgedPublisher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/** Decodes a request into events (all valid, or an InvalidEventException) and publishes them. */
@Singleton
public class OrderEventService {
  private final OrderStatusEventCodec codec;
  private final Producer<String, byte[]> producer;
  private final AcknowledgedPublisher publisher;
  private final String topic;

  public OrderEventService(
      OrderIngestConfig config,
      @KafkaClient("order-events") Producer<String, byte[]> producer,
      AcknowledgedPublisher publisher,
      @Value("${pulse.topics.order-status-events}") String topic) {
    this.codec = new OrderStatusEventCodec(Clock.systemUTC(), config.maxClockSkew());
    this.producer = producer;
    this.publisher = publisher;
    this.topic = topic;
  }

  public CompletableFuture<HttpResponse<?>> accept(byte[] body) {
    List<OrderStatusEvent> events = codec.decodeRequest(body);
    // Keyed by orderId: one order's changes stay in one partition, in order.
    return publisher.publish(
        producer,
        topic,
        events,
        OrderStatusEvent::orderId,
        OrderStatusEventCodec::encode,
        OrderStatusEvent::eventId);
  }
}
