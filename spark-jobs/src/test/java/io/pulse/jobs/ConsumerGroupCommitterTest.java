package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerGroupCommitterTest {
  @Test
  void readsTheKafkaSourceOffsets() {
    assertEquals(
        Map.of(
            new TopicPartition("orders.status-events", 0), 12L,
            new TopicPartition("orders.status-events", 1), 7L),
        ConsumerGroupCommitter.parseKafkaOffsets("{\"orders.status-events\":{\"0\":12,\"1\":7}}"));
  }

  @Test
  void ignoresWhatIsNotKafkaOffsets() {
    assertTrue(ConsumerGroupCommitter.parseKafkaOffsets(null).isEmpty());
    assertTrue(ConsumerGroupCommitter.parseKafkaOffsets("42").isEmpty());
    assertTrue(ConsumerGroupCommitter.parseKafkaOffsets("{\"logOffset\":3}").isEmpty());
    assertTrue(ConsumerGroupCommitter.parseKafkaOffsets("not json").isEmpty());
  }
}
