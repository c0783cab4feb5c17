package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.pulse.events.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
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
