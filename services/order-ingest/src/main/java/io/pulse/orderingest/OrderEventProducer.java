package io.pulse.orderingest;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Order status events to Kafka, keyed by orderId so that one order's changes stay in order. */
@KafkaClient(id = "order-events", acks = KafkaClient.Acknowledge.ALL)
public interface OrderEventProducer {
  @Topic("${pulse.topics.order-status-events}")
  CompletableFuture<RecordMetadata> send(@KafkaKey String orderId, byte[] event);
}
