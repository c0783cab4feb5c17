package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The outcome of an investigation of one transaction, published to {@link Topics#FRAUD_LABELS}
 * keyed by transactionId: the topic is compacted, so the key must be what a label replaces, and a
 * later label of the same transaction replaces the earlier one (an investigation may clear a card).
 * FraudScoring uses labels for the terminals' fraud risk; a transaction never labelled counts as
 * genuine, as in the handbook.
 *
 * <p>A chargeback names the transaction, not always its terminal or time: those are optional, and
 * FraudScoring finds them by joining the label with the scored transaction.
 *
 * @param terminalId the labelled transaction's terminal; null when the labeller did not name it
 * @param timestamp when the labelled transaction happened; null when the labeller did not say
 * @param labelledAt when the investigation concluded
 * @param source who labelled: a short lower-case token ({@link #SOURCE}) such as chargeback,
 *     investigator or customer; {@link #UNKNOWN_SOURCE} for records written before labels had one
 */
public record FraudLabel(
    String transactionId,
    String terminalId,
    Instant timestamp,
    boolean fraud,
    Instant labelledAt,
    String source) {

  /** What a source looks like: a token for dashboards and per-source metrics, not free text. */
  public static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** The source of a stored label written before labels named theirs. */
  public static final String UNKNOWN_SOURCE = "unknown";

  public FraudLabel {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(labelledAt, "labelledAt");
    Objects.requireNonNull(source, "source");
    if (!SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException("source '" + source + "' is not a token");
    }
  }

  /** Whether FraudScoring must find the terminal and time from the scored transaction. */
  public boolean needsResolving() {
    return terminalId == null || timestamp == null;
  }

  /** Decoder of stored records: no clock (replays are legitimate), no source is "unknown". */
  public static FraudLabel decode(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    if (!root.isObject()) {
      throw new InvalidEventException("expected a JSON object, got " + JsonReader.kind(root), "$");
    }
    String source = source(root, "$", false);
    return decodeFields(root, "$", source == null ? UNKNOWN_SOURCE : source);
  }

  static FraudLabel decodeFields(JsonNode node, String path, String source) {
    JsonNode fraud = node.get("fraud");
    String fraudPath = JsonReader.path(path, "fraud");
    if (fraud == null || fraud.isNull()) {
      throw new InvalidEventException("fraud is required", fraudPath);
    }
    if (!fraud.isBoolean()) {
      throw new InvalidEventException(
          "fraud must be true or false, got " + JsonReader.kind(fraud), fraudPath);
    }
    return new FraudLabel(
        JsonReader.id(node, "transactionId", path),
        JsonReader.optionalId(node, "terminalId", path),
        JsonReader.optionalInstant(node, "timestamp", path),
        fraud.booleanValue(),
        JsonReader.instant(node, "labelledAt", path),
        source);
  }

  /** The source token, or null when absent and not {@code required}. */
  static String source(JsonNode node, String path, boolean required) {
    String field = JsonReader.path(path, "source");
    String value = JsonReader.text(node, "source", path);
    if (value == null) {
      if (required) {
        throw new InvalidEventException(
            "source is required (who labelled: chargeback, investigator, customer, ...)", field);
      }
      return null;
    }
    if (!SOURCE.matcher(value).matches()) {
      throw new InvalidEventException(
          "source '"
              + JsonReader.abbreviate(value)
              + "' is not a token such as chargeback or investigator (a lower-case letter, then"
              + " up to 31 lower-case letters, digits or '-')",
          field);
    }
    return value;
  }

  public static byte[] encode(FraudLabel label) {
    ObjectNode node = JsonReader.mapper().createObjectNode();
    node.put("transactionId", label.transactionId());
    if (label.terminalId() != null) {
      node.put("terminalId", label.terminalId());
    }
    if (label.timestamp() != null) {
      node.put("timestamp", label.timestamp().toString());
    }
    node.put("fraud", label.fraud());
    node.put("labelledAt", label.labelledAt().toString());
    node.put("source", label.source());
    return Json.bytes(node);
  }
}
