package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulse.events.Pipeline;
import io.pulse.events.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each service's application.yml against the catalog and the component list: its topics are catalog
 * topics under their own names, results-service subscribes to exactly the results topics and
 * expects exactly the pipelines, and its port is the component's, under the same variable.
 */
class ServiceConfigTest {
  private static final Path REPO = Path.of(System.getProperty("pulse.repo.dir", ".."));

  @Test
  void everyTopicAServicePublishesToIsTheCatalogTopicOfThatName() throws Exception {
    Map<String, String> configured = new TreeMap<>();
    Map<String, String> expected = new TreeMap<>();
    for (Component service : Components.services()) {
      config(service)
          .path("pulse")
          .path("topics")
          .fields()
          .forEachRemaining(
              e -> {
                String key = service.name() + ": pulse.topics." + e.getKey();
                configured.put(key, e.getValue().asText());
                expected.put(key, catalogTopic(e.getKey()));
              });
    }
    assertEquals(
        Map.of(
            "order-ingest: pulse.topics.order-status-events", Topics.ORDER_STATUS_EVENTS,
            "social-ingest: pulse.topics.social-posts", Topics.SOCIAL_POSTS,
            "transaction-gateway: pulse.topics.bank-transactions", Topics.BANK_TRANSACTIONS,
            "transaction-gateway: pulse.topics.fraud-labels", Topics.FRAUD_LABELS),
        configured,
        "each ingest service publishes to its pipeline's input topic");
    assertEquals(expected, configured);
  }

  /** results-service's subscription is its routing table, held to the catalog by its own test. */
  @Test
  void resultsServiceExpectsEveryPipeline() throws Exception {
    JsonNode config = config(Components.RESULTS_SERVICE);
    assertEquals(
        Arrays.stream(Pipeline.values()).map(Pipeline::id).toList(),
        List.of(config.path("pulse").path("pipelines").path("expected").asText().split(",")));
  }

  @Test
  void everyServiceListensOnItsComponentPortUnderTheSameVariable() throws Exception {
    for (Component service : Components.services()) {
      assertEquals(
          "${" + service.portEnv() + ":" + service.defaultPort() + "}",
          config(service).path("micronaut").path("server").path("port").asText(),
          service.name());
    }
  }

  private static JsonNode config(Component service) throws IOException {
    Path file =
        REPO.resolve("services")
            .resolve(service.name())
            .resolve("src/main/resources/application.yml");
    return new YAMLMapper().readTree(file.toFile());
  }

  /**
   * The catalog topic whose constant in Topics has this name: order-status-events ->
   * ORDER_STATUS_EVENTS.
   */
  private static String catalogTopic(String key) {
    try {
      String name = (String) Topics.class.getField(key.toUpperCase().replace('-', '_')).get(null);
      return Topics.spec(name).name();
    } catch (ReflectiveOperationException e) {
      return "(no constant Topics." + key.toUpperCase().replace('-', '_') + ")";
    }
  }
}
