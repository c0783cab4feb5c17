package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.TopicSpec;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * On a real broker the runner's topics come out as the catalog says, and a second run keeps them.
 */
class TopicPlanIT {

  @Test
  void aBrokerHoldsTheCatalogAfterTheRunnerEnsuredItTwice() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Admin admin = kafka.admin();
      TopicPlan.ensure(admin);
      TopicPlan.ensure(admin);

      List<String> names = Topics.catalog().stream().map(TopicSpec::name).toList();
      Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
      List<ConfigResource> resources =
          names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
      Map<String, String> expected = new TreeMap<>();
      Map<String, String> actual = new TreeMap<>();
      for (TopicSpec t : Topics.catalog()) {
        expected.put(t.name(), t.partitions() + " " + new TreeMap<>(t.kafkaConfigs()));
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
        Map<String, String> held = new TreeMap<>();
        for (String key : t.kafkaConfigs().keySet()) {
          held.put(key, config.get(key).value());
        }
        actual.put(t.name(), described.get(t.name()).partitions().size() + " " + held);
      }
      assertEquals(expected, actual);
    }
  }
}
