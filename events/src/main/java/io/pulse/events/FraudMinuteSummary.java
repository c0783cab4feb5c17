package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Totals of one minute of transactions (by transaction time), on {@link Topics#FRAUD_SUMMARY} keyed
 * by {@link #key}: each record holds the minute's full totals, so the newest one per key is the
 * answer and a replay overwrites instead of adding.
 *
 * @param amount sum of all amounts of the minute
 * @param alertAmount sum of the amounts of the alerted transactions
 */
public record FraudMinuteSummary(
    Instant windowStart,
    Instant windowEnd,
    long transactions,
    long alerts,
    BigDecimal amount,
    BigDecimal alertAmount) {
  /** Per-minute sums beyond this are corrupt records, not money. */
  static final java.math.BigDecimal SUM_LIMIT = new java.math.BigDecimal("1e15");

  /** Sums of two-decimal amounts; any more decimals are rounding noise from the job. */
  static final int MAX_SUM_SCALE = 18;

  public static String key(Instant windowStart) {
    return ResultKeys.fraudSummary(windowStart);
  }

  public static FraudMinuteSummary decode(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    if (!root.isObject()) {
      throw new InvalidEventException("expected a JSON object, got " + JsonReader.kind(root), "$");
    }
    return new FraudMinuteSummary(
        JsonReader.instant(root, "windowStart", "$"),
        JsonReader.instant(root, "windowEnd", "$"),
        count(root, "transactions"),
        count(root, "alerts"),
        decimal(root, "amount"),
        decimal(root, "alertAmount"));
  }

  public static byte[] encode(FraudMinuteSummary s) {
    ObjectNode node = JsonReader.mapper().createObjectNode();
    node.put("windowStart", s.windowStart().toString());
    node.put("windowEnd", s.windowEnd().toString());
    node.put("transactions", s.transactions());
    node.put("alerts", s.alerts());
    node.put("amount", s.amount());
    node.put("alertAmount", s.alertAmount());
    return Json.bytes(node);
  }

  private static long count(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (n == null || !n.canConvertToLong() || n.longValue() < 0) {
      throw new InvalidEventException(
          name + " must be a non-negative whole number", JsonReader.path("$", name));
    }
    return n.longValue();
  }

  private static BigDecimal decimal(JsonNode root, String name) {
    // Sums of cents: two decimals, whatever trailing zeros the JSON kept; bounded before rescaling.
    return JsonReader.decimal(root, name, "$", SUM_LIMIT, MAX_SUM_SCALE)
        .setScale(2, java.math.RoundingMode.HALF_UP);
  }
}
