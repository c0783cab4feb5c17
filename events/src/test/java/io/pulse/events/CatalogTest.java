package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogTest {
  @Test
  void everyTopicNamedOnceAndEveryPipelineTopicCatalogued() {
    Set<String> names = new HashSet<>();
    for (TopicSpec t : Topics.catalog()) {
      assertTrue(names.add(t.name()), "twice in the catalog: " + t.name());
    }
    for (Pipeline p : Pipeline.values()) {
      assertTrue(names.contains(p.inputTopic()), p.inputTopic());
      assertTrue(names.contains(p.deadLetterTopic()), p.deadLetterTopic());
      p.resultTopics().forEach(r -> assertTrue(names.contains(r), r));
    }
  }

  @Test
  void resultsAreCompactedAndInputsExpire() {
    for (TopicSpec t : Topics.catalog()) {
      if (t.name().startsWith(Topics.ANALYTICS_PREFIX)) {
        assertTrue(t.kafkaConfigs().get("cleanup.policy").contains("compact"), t.name());
      }
    }
    assertEquals(
        Long.toString(Topics.INPUT_RETENTION.toMillis()),
        Topics.spec(Topics.ORDER_STATUS_EVENTS).kafkaConfigs().get("retention.ms"));
    assertThrows(IllegalArgumentException.class, () -> Topics.spec("no.such.topic"));
  }

  @Test
  void commerceKeyIsPipelineAndWindow() {
    Instant start = Instant.parse("2026-11-24T10:15:00Z");
    String key = ResultKeys.orderStatusWindow(start);
    assertEquals("order-status-counts|2026-11-24T10:15:00Z", key);
  }

  @Test
  void sentimentKeyNamesAllProducts() {
    assertEquals(
        "social-sentiment|2026-11-24T10:15:00Z|reviews|*",
        ResultKeys.sentimentWindow(Instant.parse("2026-11-24T10:15:00Z"), "reviews", null));
  }

  @Test
  void pipelinesByName() {
    assertEquals(Pipeline.FRAUD_SCORING, Pipeline.byId("fraud-scoring"));
    assertThrows(IllegalArgumentException.class, () -> Pipeline.byId("nope"));
  }
}
