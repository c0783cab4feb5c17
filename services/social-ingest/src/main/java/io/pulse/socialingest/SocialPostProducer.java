package io.pulse.socialingest;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Posts to Kafka keyed by source + source id: a redelivery lands on the same key and partition. */
@KafkaClient(id = "social-posts", acks = KafkaClient.Acknowledge.ALL)
public interface SocialPostProducer {
  @Topic("${pulse.topics.social-posts}")
  CompletableFuture<RecordMetadata> send(@KafkaKey String key, byte[] post);
}
