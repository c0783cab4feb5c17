package io.pulse.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Decides whether a batch may be handed to the producer on the caller's thread (the HTTP event
 * loop) instead of a sender thread. {@code Producer.send} blocks in two places only: waiting for
 * the topic's metadata, and waiting for buffer memory. Both are ruled out here without calling into
 * anything that could itself block:
 *
 * <ul>
 *   <li>metadata: the topic had a record acknowledged less than {@link #FRESH} ago and no send to
 *       it has failed since. The producer keeps a topic's metadata while the topic is in use (it
 *       forgets it only after {@code metadata.max.idle.ms}, at least 5 s, without sends), and a
 *       broker going away shows as failures or as acknowledgements growing old;
 *   <li>buffer: at least half of the producer's {@code buffer.memory} is free (its {@code
 *       buffer-available-bytes} metric, which reads the pool without waiting), far more than one
 *       request can hold (the services cap bodies at a few MiB at most).
 * </ul>
 *
 * Otherwise the batch goes to the sender threads, as before: the first batch after a start, every
 * batch while Kafka is away or slow, and any producer without those metrics.
 */
final class DirectSends {
  /** Well under the 5 s minimum of {@code metadata.max.idle.ms}. */
  static final Duration FRESH = Duration.ofSeconds(1);

  private final Map<String, TopicState> topics = new ConcurrentHashMap<>();
  private final Map<Producer<?, ?>, BufferGauge> buffers = new ConcurrentHashMap<>();

  /** The last outcome seen for one topic; {@code lastAck} in {@link System#nanoTime()}. */
  private static final class TopicState {
    volatile long lastAck;
    volatile boolean healthy;
  }

  /** The producer's free and total buffer memory, or nothing for a producer without them. */
  private record BufferGauge(Metric available, Metric total) {
    boolean halfFree() {
      if (available == null || total == null) {
        return false;
      }
      return ((Number) available.metricValue()).doubleValue()
          >= ((Number) total.metricValue()).doubleValue() / 2;
    }
  }

  boolean canSendDirectly(Producer<?, ?> producer, String topic) {
    TopicState state = topics.get(topic);
    if (state == null || !state.healthy || System.nanoTime() - state.lastAck > FRESH.toNanos()) {
      return false;
    }
    return buffers.computeIfAbsent(producer, DirectSends::gauge).halfFree();
  }

  void acknowledged(String topic) {
    TopicState state = topics.computeIfAbsent(topic, t -> new TopicState());
    state.lastAck = System.nanoTime();
    state.healthy = true;
  }

  void failed(String topic) {
    topics.computeIfAbsent(topic, t -> new TopicState()).healthy = false;
  }

  private static BufferGauge gauge(Producer<?, ?> producer) {
    Metric available = null;
    Metric total = null;
    for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
      if (!"producer-metrics".equals(e.getKey().group())) {
        continue;
      }
      switch (e.getKey().name()) {
        case "buffer-available-bytes" -> available = e.getValue();
        case "buffer-total-bytes" -> total = e.getValue();
        default -> {}
      }
    }
    return new BufferGauge(available, total);
  }
}
