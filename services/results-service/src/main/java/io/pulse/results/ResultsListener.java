package io.pulse.results;

import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads every results topic from the beginning, with a group of its own per instance, so each
 * replica and each restart rebuilds the whole view from Kafka: nothing lives only in memory.
 */
@KafkaListener(
    groupId = "results-service",
    uniqueGroupId = true,
    offsetReset = OffsetReset.EARLIEST,
    clientId = "results-service")
public class ResultsListener {
  private final ResultRouter router;

  public ResultsListener(ResultRouter router) {
    this.router = router;
  }

  @Topic(patterns = "${pulse.results.topic-pattern}")
  public void receive(ConsumerRecord<String, byte[]> record) {
    router.apply(record.topic(), record.key(), record.value());
  }
}
