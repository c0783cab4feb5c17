package io.pulse.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one topic is kept: the one place that says it. The local runner creates topics from these,
 * the chart's KafkaTopics are checked against them.
 *
 * @param name the topic
 * @param partitions how many partitions (inputs: the parallelism of ingest and of the jobs' reads)
 * @param cleanupPolicy Kafka's {@code cleanup.policy}
 * @param retention Kafka's {@code retention.ms}; null keeps the broker's default (and for a purely
 *     compacted topic, every key forever)
 * @param purpose one line for people reading the catalog or the chart
 */
public record TopicSpec(
    String name, int partitions, CleanupPolicy cleanupPolicy, Duration retention, String purpose) {

  /** Kafka's cleanup policies as Pulse uses them. */
  public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact"),
    COMPACT_DELETE("compact,delete");

    private final String kafkaValue;

    CleanupPolicy(String kafkaValue) {
      this.kafkaValue = kafkaValue;
    }

    /** The value of {@code cleanup.policy}. */
    public String kafkaValue() {
      return kafkaValue;
    }
  }

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be at least 1");
    }
  }

  /** The topic-level configuration to create the topic with. */
  public Map<String, String> kafkaConfigs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", cleanupPolicy.kafkaValue());
    if (retention != null) {
      configs.put("retention.ms", Long.toString(retention.toMillis()));
    }
    return configs;
  }
}
