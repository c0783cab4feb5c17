package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.pulse.events.Pipeline;
import io.pulse.events.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The chart's KafkaTopics are the topics of io.pulse.events.Topics, configured as designed. */
class TopicsTest {
  private final PulseChart chart = PulseChart.ofRepository();

  @Test
  void everyTopicOfTheEventsContractExistsWithItsPartitionsAndPolicy() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    for (String input :
        new String[] {Topics.ORDER_STATUS_EVENTS, Topics.SOCIAL_POSTS, Topics.BANK_TRANSACTIONS}) {
      expected.put(input, "6 delete 604800000");
      expected.put(Topics.deadLetter(input), "1 delete 1209600000");
    }
    expected.put(Topics.FRAUD_LABELS, "3 compact -");
    expected.put(Topics.SCORED_TRANSACTIONS, "6 delete 604800000");
    for (String result :
        new String[] {
          Topics.ORDER_STATUS_COUNTS,
          Topics.SENTIMENT_WINDOWS,
          Topics.SCORED_POSTS,
          Topics.FRAUD_ALERTS,
          Topics.FRAUD_SUMMARY
        }) {
      expected.put(result, "3 compact -");
    }
    // One small record per pipeline: one partition keeps them in one place.
    expected.put(Topics.PIPELINE_STATUS, "1 compact -");
    TreeSet<String> designed = new TreeSet<>(expected.keySet());
    designed.removeIf(t -> t.endsWith(".dlq"));
    assertEquals(
        allTopicConstants(),
        designed,
        "a topic of io.pulse.events.Topics is missing from this test");

    Map<String, String> rendered = new TreeMap<>();
    for (GenericKubernetesResource o : PulseChart.objects(chart.render())) {
      if (o.getKind().equals("KafkaTopic")) {
        Map<String, Object> spec = o.get("spec");
        Map<String, Object> config = o.get("spec", "config");
        Object retention = config.get("retention.ms");
        rendered.put(
            (String) spec.get("topicName"),
            spec.get("partitions")
                + " "
                + config.get("cleanup.policy")
                + " "
                + (retention == null ? "-" : retention));
      }
    }
    assertEquals(expected, rendered);
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

  private static TreeSet<String> allTopicConstants() throws IllegalAccessException {
    TreeSet<String> names = new TreeSet<>();
    for (Field f : Topics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())
          && f.getType() == String.class
          && !f.getName().endsWith("_PREFIX")) {
        names.add((String) f.get(null));
      }
    }
    return names;
  }
}
