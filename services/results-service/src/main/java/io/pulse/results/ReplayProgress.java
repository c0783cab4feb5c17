package io.pulse.results;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the start-up replay of the results topics has come: the end offsets read at start are its
 * goal; once every partition's position has reached them, the views answer what they answered
 * before the restart, and the service is ready.
 */
@Singleton
public class ReplayProgress {
  private final Map<TopicPartition, Long> goal = new ConcurrentHashMap<>();
  private volatile boolean started;
  private volatile boolean caughtUp;
  private volatile long behind = -1;

  boolean started() {
    return started;
  }

  void start(Map<TopicPartition, Long> endOffsets) {
    goal.putAll(endOffsets);
    started = true;
  }

  /** Called by the consumer's thread after each poll with its positions. */
  void update(ToLongFunction<TopicPartition> position) {
    if (caughtUp) {
      return;
    }
    long left = 0;
    for (Map.Entry<TopicPartition, Long> e : goal.entrySet()) {
      left += Math.max(0, e.getValue() - position.applyAsLong(e.getKey()));
    }
    behind = left;
    caughtUp = left == 0;
  }

  /** True once the views hold everything that was in Kafka when the service started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Records still to replay, -1 before the end offsets are known. */
  public long behind() {
    return caughtUp ? 0 : behind;
  }
}
