package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of an investigation of one transaction, published to {@link Topics#FRAUD_LABELS}
 * (keyed by terminalId) when it is known. FraudScoring uses labels for the terminals' fraud risk; a
 * transaction never labelled counts as genuine, as in the handbook. A later label of the same
 * transaction replaces the earlier one (an investigation may clear a card).
 *
 * @param timestamp when the labelled transaction happened (bounds how long the label matters)
 * @param labelledAt when the investigation concluded
 */
public record FraudLabel(
    String transactionId, String terminalId, Instant timestamp, boolean fraud, Instant labelledAt) {

  public FraudLabel {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(terminalId, "terminalId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(labelledAt, "labelledAt");
  }

  public static FraudLabel decode(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    if (!root.isObject()) {
      throw new InvalidEventException("expected a JSON object, got " + JsonReader.kind(root), "$");
    }
    JsonNode fraud = root.get("fraud");
    if (fraud == null || fraud.isNull()) {
      throw new InvalidEventException("fraud is required", "$.fraud");
    }
    if (!fraud.isBoolean()) {
      throw new InvalidEventException(
          "fraud must be true or false, got " + JsonReader.kind(fraud), "$.fraud");
    }
    return new FraudLabel(
        JsonReader.id(root, "transactionId", "$"),
        JsonReader.id(root, "terminalId", "$"),
        JsonReader.instant(root, "timestamp", "$"),
        fraud.booleanValue(),
        JsonReader.instant(root, "labelledAt", "$"));
  }

  public static byte[] encode(FraudLabel label) {
    ObjectNode node = JsonReader.mapper().createObjectNode();
    node.put("transactionId", label.transactionId());
    node.put("terminalId", label.terminalId());
    node.put("timestamp", label.timestamp().toString());
    node.put("fraud", label.fraud());
    node.put("labelledAt", label.labelledAt().toString());
    return Json.bytes(node);
  }
}
