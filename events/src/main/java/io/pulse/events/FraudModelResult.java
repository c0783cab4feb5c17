package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A record of {@link Topics#FRAUD_MODELS}: either the model registry's state ({@link Registry}, key
 * {@link ResultKeys#FRAUD_REGISTRY}) or one model version's counts ({@link Counts}, key {@link
 * ResultKeys#fraudModel}). FraudScoring writes both; results-service joins them into {@code
 * /v1/fraud/models}.
 */
public sealed interface FraudModelResult {
  String key();

  Instant updatedAt();

  /** What one version scored and alerted (live or shadow alike), and its alerts against labels. */
  record Counts(
      String version,
      long scored,
      long alerts,
      long labelled,
      long truePositives,
      long falsePositives,
      long falseNegatives,
      long trueNegatives,
      Instant updatedAt)
      implements FraudModelResult {
    @Override
    public String key() {
      return ResultKeys.fraudModel(version);
    }
  }

  /** The registry's state: live, shadow, earlier live versions, and every saved version. */
  record Registry(
      String live, String shadow, List<String> previous, List<Version> versions, Instant updatedAt)
      implements FraudModelResult {
    @Override
    public String key() {
      return ResultKeys.FRAUD_REGISTRY;
    }
  }

  /**
   * A saved version: the model the trainer selected, its alert threshold, and its metrics on the
   * trainer's test period (null when the metadata has none).
   */
  record Version(
      String version,
      String model,
      Double threshold,
      Double aucRoc,
      Double averagePrecision,
      Double cardPrecisionAtK) {}

  /** A registry record has {@code versions}; a counts record has {@code version}. */
  static FraudModelResult decode(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    if (!root.isObject()) {
      throw new InvalidEventException("expected a JSON object, got " + JsonReader.kind(root), "$");
    }
    Instant updatedAt = JsonReader.instant(root, "updatedAt", "$");
    if (root.has("versions")) {
      List<String> previous = new ArrayList<>();
      for (JsonNode p : root.path("previous")) {
        previous.add(JsonReader.id(wrap(p), "id", "$.previous"));
      }
      List<Version> versions = new ArrayList<>();
      for (JsonNode v : root.get("versions")) {
        JsonNode test = v.path("test");
        versions.add(
            new Version(
                JsonReader.id(v, "version", "$.versions"),
                JsonReader.text(v, "model", "$.versions"),
                number(v.get("threshold")),
                number(test.get("aucRoc")),
                number(test.get("averagePrecision")),
                number(test.get("cardPrecisionAtK"))));
      }
      return new Registry(
          JsonReader.optionalId(root, "live", "$"),
          JsonReader.optionalId(root, "shadow", "$"),
          List.copyOf(previous),
          List.copyOf(versions),
          updatedAt);
    }
    return new Counts(
        JsonReader.id(root, "version", "$"),
        count(root, "scored"),
        count(root, "alerts"),
        count(root, "labelled"),
        count(root, "truePositives"),
        count(root, "falsePositives"),
        count(root, "falseNegatives"),
        count(root, "trueNegatives"),
        updatedAt);
  }

  private static JsonNode wrap(JsonNode value) {
    return JsonReader.mapper().createObjectNode().set("id", value);
  }

  private static Double number(JsonNode n) {
    return n == null || !n.isNumber() ? null : n.doubleValue();
  }

  private static long count(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (n == null || !n.canConvertToLong() || n.longValue() < 0) {
      throw new InvalidEventException(
          name + " must be a non-negative whole number", JsonReader.path("$", name));
    }
    return n.longValue();
  }
}
