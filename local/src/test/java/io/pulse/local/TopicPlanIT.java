package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.TopicSpec;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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

  /**
   * The moment a preload hung in: many batches in flight from an idempotent producer right after
   * the topics were made. Each send must be acknowledged within seconds, not retried forever.
   */
  @Test
  void createdTopicsTakeBatchesAtOnce() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      TopicPlan.create(
          kafka.admin(), List.of(new NewTopic("a", 3, (short) 1), new NewTopic("b", 3, (short) 1)));
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
        for (int i = 0; i < 20_000; i++) {
          sent.add(
              producer.send(
                  new ProducerRecord<>(i % 2 == 0 ? "a" : "b", Integer.toString(i), new byte[64])));
        }
        for (Future<RecordMetadata> f : sent) {
          f.get(60, TimeUnit.SECONDS);
        }
      }
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (String topic : List.of("a", "b")) {
        for (int p = 0; p < 3; p++) {
          ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      long records =
          kafka.admin().listOffsets(ends).all().get().values().stream()
              .mapToLong(ListOffsetsResultInfo::offset)
              .sum();
      assertEquals(20_000, records);
    }
  }
}
