package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;

/**
 * JSON form of {@link BankTransaction}. The gateway decodes client requests, FraudScoring decodes
 * stored records; both apply the same rules, so the job scores exactly what the API accepts.
 *
 * <p>Every field is required: a transaction without its own id could not be recognised when resent,
 * and one without its time would get features of the wrong day.
 */
public final class BankTransactionCodec {
  /** How far ahead of the receiving clock a timestamp may be: clock skew, not time travel. */
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** Larger amounts are unit mistakes (cents sent as units, say), not card payments. */
  public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000.00");

  private final Clock clock;
  private final Duration maxClockSkew;

  public BankTransactionCodec(Clock clock, Duration maxClockSkew) {
    this.clock = clock;
    this.maxClockSkew = maxClockSkew;
  }

  /** Decoder of stored records: no clock, since replays of old records are legitimate. */
  public static BankTransaction decodeStored(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    if (!root.isObject()) {
      throw new InvalidEventException("expected a JSON object, got " + JsonReader.kind(root), "$");
    }
    return decodeFields(root, "$");
  }

  /** Decodes a client request: one transaction or an array; all valid or an exception. */
  public List<BankTransaction> decodeRequest(byte[] body) {
    Instant receivedAt = clock.instant();
    return JsonReader.readBatch(
        JsonReader.parse(body), (node, path) -> decodeOne(node, path, receivedAt));
  }

  private BankTransaction decodeOne(JsonNode node, String path, Instant receivedAt) {
    BankTransaction tx = decodeFields(node, path);
    if (tx.timestamp().isAfter(receivedAt.plus(maxClockSkew))) {
      throw new InvalidEventException(
          "timestamp "
              + tx.timestamp()
              + " is more than "
              + maxClockSkew.toMinutes()
              + " minutes in the future (server time "
              + receivedAt
              + ")",
          JsonReader.path(path, "timestamp"));
    }
    return tx;
  }

  private static BankTransaction decodeFields(JsonNode node, String path) {
    return new BankTransaction(
        JsonReader.id(node, "transactionId", path),
        JsonReader.id(node, "customerId", path),
        JsonReader.id(node, "terminalId", path),
        amount(node, path),
        currency(node, path),
        JsonReader.instant(node, "timestamp", path));
  }

  /** A JSON number, > 0, at most two decimals ({@code 12.50} and {@code 12.5} are the same). */
  static BigDecimal amount(JsonNode node, String path) {
    BigDecimal amount = JsonReader.decimal(node, "amount", path, MAX_AMOUNT, 2);
    if (amount.signum() <= 0) {
      throw new InvalidEventException(
          "amount must be greater than 0, got " + amount, JsonReader.path(path, "amount"));
    }
    return amount.setScale(2, java.math.RoundingMode.UNNECESSARY);
  }

  /** An ISO 4217 code as written by the standard: three upper-case letters Java knows. */
  static Currency currency(JsonNode node, String path) {
    String field = JsonReader.path(path, "currency");
    String code = JsonReader.text(node, "currency", path);
    if (code == null) {
      throw new InvalidEventException("currency is required", field);
    }
    if (!code.matches("[A-Z]{3}")) {
      throw new InvalidEventException(
          "currency '"
              + JsonReader.abbreviate(code)
              + "' is not an ISO 4217 code such as EUR or USD (three upper-case letters)",
          field);
    }
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("currency '" + code + "' is not an ISO 4217 code", field);
    }
  }

  public static byte[] encode(BankTransaction tx) {
    ObjectNode node = JsonReader.mapper().createObjectNode();
    node.put("transactionId", tx.transactionId());
    node.put("customerId", tx.customerId());
    node.put("terminalId", tx.terminalId());
    node.put("amount", tx.amount());
    node.put("currency", tx.currency().getCurrencyCode());
    node.put("timestamp", tx.timestamp().toString());
    return Json.bytes(node);
  }
}
