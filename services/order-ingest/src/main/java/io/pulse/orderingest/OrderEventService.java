package io.pulse.orderingest;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusEventCodec;
import io.pulse.service.AcknowledgedPublisher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Decodes a request into events (all valid, or an InvalidEventException) and publishes them. */
@Singleton
public class OrderEventService {
  private final OrderStatusEventCodec codec;
  private final OrderEventProducer producer;
  private final AcknowledgedPublisher publisher;
  private final String topic;

  public OrderEventService(
      OrderIngestConfig config,
      OrderEventProducer producer,
      AcknowledgedPublisher publisher,
      @Value("${pulse.topics.order-status-events}") String topic) {
    this.codec = new OrderStatusEventCodec(Clock.systemUTC(), config.maxClockSkew());
    this.producer = producer;
    this.publisher = publisher;
    this.topic = topic;
  }

  public CompletableFuture<HttpResponse<?>> accept(byte[] body) {
    List<OrderStatusEvent> events = codec.decodeRequest(body);
    return publisher.publish(
        topic, events, e -> producer.send(e.orderId(), OrderStatusEventCodec.encode(e)));
  }
}
