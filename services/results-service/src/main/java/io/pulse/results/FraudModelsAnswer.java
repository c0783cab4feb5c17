package io.pulse.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.events.FraudModelResult;
import io.pulse.events.JsonReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/fraud/models}: the registry's state joined with each version's counts. Versions come
 * in the registry's order (oldest first), then any version that has counts but is no longer in the
 * registry (deleted), as a candidate.
 */
final class FraudModelsAnswer {
  private FraudModelsAnswer() {}

  static byte[] of(List<ResultView.Entry<FraudModelResult>> entries) {
    FraudModelResult.Registry registry = null;
    Map<String, FraudModelResult.Counts> counts = new LinkedHashMap<>();
    for (ResultView.Entry<FraudModelResult> e : entries) {
      if (e.attributes() instanceof FraudModelResult.Registry r) {
        registry = r;
      } else if (e.attributes() instanceof FraudModelResult.Counts c) {
        counts.put(c.version(), c);
      }
    }
    ObjectNode root = JsonReader.mapper().createObjectNode();
    root.put("live", registry == null ? null : registry.live());
    root.put("shadow", registry == null ? null : registry.shadow());
    ArrayNode previous = root.putArray("previous");
    ArrayNode models = root.putArray("models");
    Map<String, FraudModelResult.Version> versions = new LinkedHashMap<>();
    if (registry != null) {
      registry.previous().forEach(previous::add);
      registry.versions().forEach(v -> versions.put(v.version(), v));
    }
    counts.keySet().forEach(v -> versions.putIfAbsent(v, null));
    for (Map.Entry<String, FraudModelResult.Version> v : versions.entrySet()) {
      models.add(model(v.getKey(), v.getValue(), counts.get(v.getKey()), registry));
    }
    try {
      return JsonReader.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode model(
      String id,
      FraudModelResult.Version version,
      FraudModelResult.Counts c,
      FraudModelResult.Registry registry) {
    ObjectNode m = JsonReader.mapper().createObjectNode();
    m.put("version", id);
    m.put("role", role(id, registry));
    m.put("model", version == null ? null : version.model());
    m.put("threshold", version == null ? null : version.threshold());
    ObjectNode offline = m.putObject("offline");
    offline.put("aucRoc", version == null ? null : version.aucRoc());
    offline.put("averagePrecision", version == null ? null : version.averagePrecision());
    offline.put("cardPrecisionAtK", version == null ? null : version.cardPrecisionAtK());
    long tp = c == null ? 0 : c.truePositives();
    long fp = c == null ? 0 : c.falsePositives();
    long fn = c == null ? 0 : c.falseNegatives();
    m.put("scored", c == null ? 0 : c.scored());
    m.put("alerts", c == null ? 0 : c.alerts());
    m.put("labelled", c == null ? 0 : c.labelled());
    m.put("truePositives", tp);
    m.put("falsePositives", fp);
    m.put("falseNegatives", fn);
    m.put("trueNegatives", c == null ? 0 : c.trueNegatives());
    m.put("precision", ratio(tp, tp + fp));
    m.put("recall", ratio(tp, tp + fn));
    return m;
  }

  private static String role(String id, FraudModelResult.Registry registry) {
    if (registry == null) {
      return "candidate";
    }
    if (id.equals(registry.live())) {
      return "live";
    }
    if (id.equals(registry.shadow())) {
      return "shadow";
    }
    return registry.previous().contains(id) ? "previous" : "candidate";
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
