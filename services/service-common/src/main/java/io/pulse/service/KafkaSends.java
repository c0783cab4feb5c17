package io.pulse.service;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer send as a future. Services inject the Micronaut-managed producer
 * ({@code @KafkaClient("id") Producer<String, byte[]>}) and send through here: one call into the
 * Kafka client per record, no per-record proxy work, which matters for batches of hundreds of
 * events.
 */
public final class KafkaSends {
  private KafkaSends() {}

  public static CompletableFuture<RecordMetadata> send(
      Producer<String, byte[]> producer, String topic, String key, byte[] value) {
    CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, error) -> {
          if (error != null) {
            acknowledged.completeExceptionally(error);
          } else {
            acknowledged.complete(metadata);
          }
        });
    return acknowledged;
  }
}
