package io.pulse.jobs.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.events.JsonReader;
import java.time.Instant;

/**
 * The model registry as one JSON object: what FraudScoring publishes on analytics.fraud-models (key
 * {@code fraud-registry}) whenever the registry's state changes, and what {@code ./pulse models
 * list} prints. {@code {live, shadow, previous[], versions:[{version, model, threshold,
 * test:{aucRoc, averagePrecision, cardPrecisionAtK}}], updatedAt}}; the test metrics are the
 * selected model's on the trainer's test period.
 */
final class RegistryReport {
  private RegistryReport() {}

  static ObjectNode of(ModelRegistry registry, ModelRegistry.State state, Instant now) {
    ObjectNode root = JsonReader.mapper().createObjectNode();
    root.put("live", state.live().orElse(null));
    root.put("shadow", state.shadow().orElse(null));
    ArrayNode previous = root.putArray("previous");
    state.previous().forEach(previous::add);
    ArrayNode versions = root.putArray("versions");
    for (String id : registry.versions()) {
      versions.add(version(id, registry.metadata(id)));
    }
    root.put("updatedAt", now.toString());
    return root;
  }

  static ObjectNode version(String id, JsonNode metadata) {
    ObjectNode v = JsonReader.mapper().createObjectNode();
    v.put("version", id);
    String model = metadata.path("model").asText(null);
    v.put("model", model);
    JsonNode threshold = metadata.get("threshold");
    if (threshold != null && threshold.isNumber()) {
      v.put("threshold", threshold.doubleValue());
    } else {
      v.putNull("threshold");
    }
    ObjectNode test = v.putObject("test");
    JsonNode chosen = null;
    for (JsonNode m : metadata.path("metrics")) {
      if (m.path("model").asText("").equals(model)) {
        chosen = m.path("test");
      }
    }
    for (String name : new String[] {"aucRoc", "averagePrecision", "cardPrecisionAtK"}) {
      JsonNode n = chosen == null ? null : chosen.get(name);
      if (n != null && n.isNumber() && !Double.isNaN(n.doubleValue())) {
        test.put(name, n.doubleValue());
      } else {
        test.putNull(name);
      }
    }
    return v;
  }
}
