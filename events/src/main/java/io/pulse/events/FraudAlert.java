package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A transaction FraudScoring scored above the model's threshold, on {@link Topics#FRAUD_ALERTS}
 * keyed by {@link #key}: one record per transaction, so a resend or a replay overwrites.
 *
 * @param score the model's fraud probability, 0..1
 * @param features the features the model saw (name -> value): the reasons, for an analyst
 * @param modelVersion the model registry's version that scored it; null from a job before the
 *     registry
 */
public record FraudAlert(
    String transactionId,
    String customerId,
    String terminalId,
    BigDecimal amount,
    String currency,
    Instant timestamp,
    double score,
    Instant scoredAt,
    Map<String, Double> features,
    String modelVersion) {

  public FraudAlert {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(timestamp, "timestamp");
    features = features == null ? Map.of() : Map.copyOf(features);
  }

  /** An alert that names no model version. */
  public FraudAlert(
      String transactionId,
      String customerId,
      String terminalId,
      BigDecimal amount,
      String currency,
      Instant timestamp,
      double score,
      Instant scoredAt,
      Map<String, Double> features) {
    this(
        transactionId,
        customerId,
        terminalId,
        amount,
        currency,
        timestamp,
        score,
        scoredAt,
        features,
        null);
  }

  public static String key(String transactionId) {
    return ResultKeys.fraudAlert(transactionId);
  }

  public static FraudAlert decode(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    if (!root.isObject()) {
      throw new InvalidEventException("expected a JSON object, got " + JsonReader.kind(root), "$");
    }
    Map<String, Double> features = new LinkedHashMap<>();
    JsonNode f = root.path("features");
    f.fieldNames().forEachRemaining(name -> features.put(name, f.get(name).asDouble()));
    return new FraudAlert(
        JsonReader.id(root, "transactionId", "$"),
        JsonReader.id(root, "customerId", "$"),
        JsonReader.id(root, "terminalId", "$"),
        BankTransactionCodec.amount(root, "$"),
        JsonReader.text(root, "currency", "$"),
        JsonReader.instant(root, "timestamp", "$"),
        number(root, "score"),
        JsonReader.instant(root, "scoredAt", "$"),
        features,
        root.hasNonNull("modelVersion") ? root.get("modelVersion").asText() : null);
  }

  public static byte[] encode(FraudAlert a) {
    ObjectNode node = JsonReader.mapper().createObjectNode();
    node.put("transactionId", a.transactionId());
    node.put("customerId", a.customerId());
    node.put("terminalId", a.terminalId());
    node.put("amount", a.amount());
    node.put("currency", a.currency());
    node.put("timestamp", a.timestamp().toString());
    node.put("score", a.score());
    node.put("scoredAt", a.scoredAt().toString());
    ObjectNode features = node.putObject("features");
    a.features().forEach(features::put);
    if (a.modelVersion() != null) {
      node.put("modelVersion", a.modelVersion());
    }
    return Json.bytes(node);
  }

  static double number(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (n == null || !n.isNumber()) {
      throw new InvalidEventException(name + " must be a number", JsonReader.path("$", name));
    }
    return n.doubleValue();
  }
}
