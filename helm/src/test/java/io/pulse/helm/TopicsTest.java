package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.pulse.events.Pipeline;
import io.pulse.events.TopicSpec;
import io.pulse.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's KafkaTopics are the topic catalog ({@link Topics#catalog()}): the same names, and
 * each with the catalog's partitions and topic configuration. values.yaml restates the catalog
 * (Helm cannot read Java); this test is what keeps the two equal.
 */
class TopicsTest {
  private final PulseChart chart = PulseChart.ofRepository();

  @Test
  void theChartsKafkaTopicsAreTheCatalog() {
    Map<String, String> catalog = new TreeMap<>();
    for (TopicSpec t : Topics.catalog()) {
      catalog.put(t.name(), describe(t.partitions(), t.kafkaConfigs()));
    }
    Map<String, String> rendered = new TreeMap<>();
    for (GenericKubernetesResource o : PulseChart.objects(chart.render())) {
      if (o.getKind().equals("KafkaTopic")) {
        Map<String, Object> config = o.get("spec", "config");
        Map<String, String> asText = new TreeMap<>();
        config.forEach((k, v) -> asText.put(k, String.valueOf(v)));
        rendered.put(o.get("spec", "topicName"), describe(o.get("spec", "partitions"), asText));
      }
    }
    assertEquals(catalog, rendered);
  }

  @Test
  void everyTopicAJobIsGivenIsATopicTheChartCreates() {
    List<GenericKubernetesResource> objects = PulseChart.objects(chart.render());
    Set<String> created = new TreeSet<>();
    List<String> given = new ArrayList<>();
    for (GenericKubernetesResource o : objects) {
      if (o.getKind().equals("KafkaTopic")) {
        created.add(o.get("spec", "topicName"));
      } else if (o.getKind().equals("SparkApplication")) {
        List<String> args = o.get("spec", "arguments");
        for (int i = 0; i < args.size() - 1; i++) {
          if (args.get(i).endsWith("-topic")) {
            given.add(args.get(i + 1));
          }
        }
        // A job given no topics uses its pipeline's (the jobs' defaults come from Pipeline).
        for (Pipeline p : Pipeline.values()) {
          if (o.getMetadata().getName().endsWith("-" + p.id())) {
            given.add(p.inputTopic());
            given.add(p.deadLetterTopic());
            given.addAll(p.resultTopics());
          }
        }
      }
    }
    assertFalse(given.isEmpty(), "no job is given a topic");
    for (String topic : given) {
      assertTrue(created.contains(topic), topic + " is not among " + created);
    }
  }

  /** One line per topic, so a failure names the topic and what differs. */
  private static String describe(Object partitions, Map<String, String> config) {
    return "partitions " + partitions + ", config " + new TreeMap<>(config);
  }
}
