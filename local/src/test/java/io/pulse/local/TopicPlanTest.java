package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.TopicSpec;
import io.pulse.events.Topics;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The runner creates the catalog's topics: each name once, its partitions and configuration. */
class TopicPlanTest {

  @Test
  void theRunnersTopicsAreTheCatalogWithOneReplica() {
    Map<String, String> catalog = new TreeMap<>();
    for (TopicSpec t : Topics.catalog()) {
      catalog.put(t.name(), t.partitions() + " 1 " + new TreeMap<>(t.kafkaConfigs()));
    }
    Map<String, String> planned = new TreeMap<>();
    for (NewTopic t : TopicPlan.topics()) {
      String previous =
          planned.put(
              t.name(),
              t.numPartitions() + " " + t.replicationFactor() + " " + new TreeMap<>(t.configs()));
      assertEquals(null, previous, t.name() + " planned twice");
    }
    assertEquals(catalog, planned);
  }
}
