package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BankTransactionCodecTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:15:00Z");
  private final BankTransactionCodec codec =
      new BankTransactionCodec(
          Clock.fixed(NOW, ZoneOffset.UTC), BankTransactionCodec.DEFAULT_MAX_CLOCK_SKEW);

  private static final String VALID =
      "{\"transactionId\":\"t-1\",\"customerId\":\"c-1\",\"terminalId\":\"term-9\","
          + "\"amount\":12.5,\"currency\":\"EUR\",\"timestamp\":\"2026-11-24T10:14:00Z\"}";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** VALID with one field replaced by raw JSON, or removed when json is null. */
  private static String with(String field, String json) {
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) JsonReader.parse(bytes(VALID));
    if (json == null) {
      node.remove(field);
    } else {
      node.set(field, JsonReader.parse(bytes(json)));
    }
    return node.toString();
  }

  private InvalidEventException reject(String body) {
    return assertThrows(InvalidEventException.class, () -> codec.decodeRequest(bytes(body)));
  }

  @Test
  void decodesOneTransaction() {
    BankTransaction tx = codec.decodeRequest(bytes(VALID)).get(0);
    assertEquals(
        new BankTransaction(
            "t-1",
            "c-1",
            "term-9",
            new BigDecimal("12.50"),
            Currency.getInstance("EUR"),
            Instant.parse("2026-11-24T10:14:00Z")),
        tx);
  }

  @Test
  void decodesABatchAllOrNothing() {
    assertEquals(2, codec.decodeRequest(bytes("[" + VALID + "," + VALID + "]")).size());
    InvalidEventException e = reject("[" + VALID + "," + with("amount", "0") + "]");
    assertEquals("$[1].amount", e.field());
  }

  @Test
  void encodeThenDecodeStoredIsTheSame() {
    BankTransaction tx = codec.decodeRequest(bytes(VALID)).get(0);
    assertEquals(tx, BankTransactionCodec.decodeStored(BankTransactionCodec.encode(tx)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "transactionId|<absent>|transactionId is required",
        "transactionId|\"\"|transactionId must not be blank",
        "transactionId|42|transactionId must be a string",
        "customerId|<absent>|customerId is required",
        "customerId|\"  \"|customerId must not be blank",
        "terminalId|<absent>|terminalId is required",
        "terminalId|\"a\\u0000b\"|terminalId must not contain control characters",
        "amount|<absent>|amount is required",
        "amount|null|amount is required",
        "amount|\"12.50\"|amount must be a number",
        "amount|0|amount must be greater than 0",
        "amount|-3.20|amount must be greater than 0",
        "amount|12.345|has more than two decimals",
        "amount|1000000000.01|over the limit",
        "currency|<absent>|currency is required",
        "currency|\"eur\"|is not an ISO 4217 code",
        "currency|\"EURO\"|is not an ISO 4217 code",
        "currency|\"ABC\"|is not an ISO 4217 code",
        "currency|978|currency must be a string",
        "timestamp|<absent>|timestamp is required",
        "timestamp|\"yesterday\"|is not an ISO-8601 timestamp",
        "timestamp|\"2026-11-24T10:14:00\"|is not an ISO-8601 timestamp",
        "timestamp|\"1999-12-31T23:59:59Z\"|is before",
        "timestamp|\"2026-11-24T10:21:00Z\"|minutes in the future",
      })
  void rejectsAndNamesTheField(String field, String json, String message) {
    InvalidEventException e = reject(with(field, "<absent>".equals(json) ? null : json));
    assertEquals("$." + field, e.field());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void acceptsWholeAmountsTrailingZerosAndOtherCurrencies() {
    assertEquals(
        new BigDecimal("7.00"), codec.decodeRequest(bytes(with("amount", "7"))).get(0).amount());
    assertEquals(
        new BigDecimal("7.10"),
        codec.decodeRequest(bytes(with("amount", "7.1000"))).get(0).amount());
    assertEquals(
        "JPY",
        codec
            .decodeRequest(bytes(with("currency", "\"JPY\"")))
            .get(0)
            .currency()
            .getCurrencyCode());
    // Within the allowed clock skew.
    assertEquals(
        Instant.parse("2026-11-24T10:19:00Z"),
        codec
            .decodeRequest(bytes(with("timestamp", "\"2026-11-24T11:19:00+01:00\"")))
            .get(0)
            .timestamp());
  }

  @Test
  void rejectsDocumentsThatAreNotTransactions() {
    assertEquals(null, reject("").field());
    assertEquals(null, reject("{\"transactionId\":").field());
    assertEquals("$", reject("[]").field());
    assertEquals("$", reject("\"t-1\"").field());
    assertEquals("$[0]", reject("[1]").field());
  }

  @Test
  void storedRecordsAreNotCheckedAgainstTheClock() {
    String future = with("timestamp", "\"2030-01-01T00:00:00Z\"");
    assertEquals(
        Instant.parse("2030-01-01T00:00:00Z"),
        BankTransactionCodec.decodeStored(bytes(future)).timestamp());
    var e =
        assertThrows(
            InvalidEventException.class,
            () -> BankTransactionCodec.decodeStored(bytes(with("amount", "0.001"))));
    assertEquals("$.amount", e.field());
    assertEquals(
        "$",
        assertThrows(
                InvalidEventException.class, () -> BankTransactionCodec.decodeStored(bytes("[]")))
            .field());
  }

  @Test
  void theBatchLimitHolds() {
    String many = "[" + String.join(",", java.util.Collections.nCopies(1001, VALID)) + "]";
    assertTrue(reject(many).getMessage().contains("over the limit"));
  }
}
