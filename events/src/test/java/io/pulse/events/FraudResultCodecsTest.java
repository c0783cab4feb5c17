package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FraudResultCodecsTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void labelRoundTripsAndIsValidated() {
    FraudLabel label =
        new FraudLabel(
            "t-1",
            "term-9",
            Instant.parse("2018-04-01T10:00:00Z"),
            true,
            Instant.parse("2018-04-05T09:00:00Z"),
            "investigator");
    assertEquals(label, FraudLabel.decode(FraudLabel.encode(label)));
    assertFalse(label.needsResolving());

    String noFraud =
        "{\"transactionId\":\"t\",\"terminalId\":\"x\",\"timestamp\":\"2018-04-01T10:00:00Z\","
            + "\"labelledAt\":\"2018-04-01T10:00:00Z\"}";
    assertEquals(
        "$.fraud",
        assertThrows(InvalidEventException.class, () -> FraudLabel.decode(bytes(noFraud))).field());
    String stringFraud = noFraud.replace("}", ",\"fraud\":\"yes\"}");
    assertEquals(
        "$.fraud",
        assertThrows(InvalidEventException.class, () -> FraudLabel.decode(bytes(stringFraud)))
            .field());
    // A record written before labels had a source still decodes, as "unknown".
    FraudLabel old = FraudLabel.decode(bytes(noFraud.replace("}", ",\"fraud\":true}")));
    assertEquals(FraudLabel.UNKNOWN_SOURCE, old.source());
    String badSource = noFraud.replace("}", ",\"fraud\":true,\"source\":\"Bank Ops\"}");
    assertEquals(
        "$.source",
        assertThrows(InvalidEventException.class, () -> FraudLabel.decode(bytes(badSource)))
            .field());
  }

  @Test
  void aChargebackNeedNotNameTheTerminalOrTime() {
    FraudLabel chargeback =
        new FraudLabel(
            "t-2", null, null, true, Instant.parse("2018-04-05T09:00:00Z"), "chargeback");
    assertEquals(chargeback, FraudLabel.decode(FraudLabel.encode(chargeback)));
    assertTrue(chargeback.needsResolving());
    assertFalse(new String(FraudLabel.encode(chargeback), StandardCharsets.UTF_8).contains("null"));
  }

  @Test
  void requestsNeedASourceAndNoFutureTimes() {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    FraudLabelCodec codec =
        new FraudLabelCodec(Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5));
    String valid =
        "{\"transactionId\":\"t\",\"fraud\":true,\"source\":\"chargeback\","
            + "\"labelledAt\":\"2026-11-24T10:04:00Z\"}";
    assertEquals("chargeback", codec.decodeRequest(bytes(valid)).get(0).source());
    assertEquals(
        "$.source",
        assertThrows(
                InvalidEventException.class,
                () -> codec.decodeRequest(bytes(valid.replace(",\"source\":\"chargeback\"", ""))))
            .field());
    assertEquals(
        "$.labelledAt",
        assertThrows(
                InvalidEventException.class,
                () -> codec.decodeRequest(bytes(valid.replace("10:04", "10:06"))))
            .field());
    assertEquals(
        "$[1].timestamp",
        assertThrows(
                InvalidEventException.class,
                () ->
                    codec.decodeRequest(
                        bytes(
                            "["
                                + valid
                                + ","
                                + valid.replace("}", ",\"timestamp\":\"2026-11-24T10:04:30Z\"}")
                                + "]")))
            .field());
  }

  @Test
  void alertRoundTrips() {
    FraudAlert alert =
        new FraudAlert(
            "t-1",
            "c-1",
            "term-9",
            new BigDecimal("250.00"),
            "EUR",
            Instant.parse("2018-04-01T10:00:00Z"),
            0.93,
            Instant.parse("2026-11-24T10:15:00Z"),
            Map.of("TX_AMOUNT", 250.0, "TX_DURING_NIGHT", 0.0));
    assertEquals(alert, FraudAlert.decode(FraudAlert.encode(alert)));
    assertEquals("t-1", FraudAlert.key("t-1"));
  }

  @Test
  void alertNamesTheModelVersionThatScoredIt() {
    FraudAlert alert =
        new FraudAlert(
            "t-1",
            "c-1",
            "term-9",
            new BigDecimal("250.00"),
            "EUR",
            Instant.parse("2018-04-01T10:00:00Z"),
            0.93,
            Instant.parse("2026-11-24T10:15:00Z"),
            Map.of("TX_AMOUNT", 250.0),
            "20261124T101500Z");
    FraudAlert back = FraudAlert.decode(FraudAlert.encode(alert));
    assertEquals(alert, back);
    assertEquals("20261124T101500Z", back.modelVersion());
  }

  @Test
  void alertWithoutScoreIsRejected() {
    String json =
        "{\"transactionId\":\"t\",\"customerId\":\"c\",\"terminalId\":\"x\",\"amount\":1.5,"
            + "\"currency\":\"EUR\",\"timestamp\":\"2018-04-01T10:00:00Z\","
            + "\"scoredAt\":\"2018-04-01T10:00:00Z\"}";
    assertEquals(
        "$.score",
        assertThrows(InvalidEventException.class, () -> FraudAlert.decode(bytes(json))).field());
  }

  @Test
  void summaryRoundTripsAndIsValidated() {
    FraudMinuteSummary s =
        new FraudMinuteSummary(
            Instant.parse("2018-04-01T10:00:00Z"),
            Instant.parse("2018-04-01T10:01:00Z"),
            120,
            2,
            new BigDecimal("6012.40"),
            new BigDecimal("512.00"));
    assertEquals(s, FraudMinuteSummary.decode(FraudMinuteSummary.encode(s)));
    assertEquals("fraud-summary|2018-04-01T10:00:00Z", FraudMinuteSummary.key(s.windowStart()));
    String negative =
        new String(FraudMinuteSummary.encode(s), StandardCharsets.UTF_8)
            .replace("\"alerts\":2", "\"alerts\":-1");
    assertEquals(
        "$.alerts",
        assertThrows(InvalidEventException.class, () -> FraudMinuteSummary.decode(bytes(negative)))
            .field());
  }

  @Test
  void aModelsRecordIsTheRegistryOrOneVersionsCountsKeyedAccordingly() {
    FraudModelResult registry =
        FraudModelResult.decode(
            ("{\"live\":\"v2\",\"shadow\":null,\"previous\":[\"v1\"],\"versions\":[{\"version\":"
                    + "\"v2\",\"model\":\"rf\",\"threshold\":0.3,\"test\":{\"aucRoc\":0.87,"
                    + "\"averagePrecision\":null,\"cardPrecisionAtK\":0.29}}],"
                    + "\"updatedAt\":\"2026-11-26T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(
        new FraudModelResult.Registry(
            "v2",
            null,
            java.util.List.of("v1"),
            java.util.List.of(new FraudModelResult.Version("v2", "rf", 0.3, 0.87, null, 0.29)),
            Instant.parse("2026-11-26T10:00:00Z")),
        registry);
    assertEquals(ResultKeys.FRAUD_REGISTRY, registry.key());
    FraudModelResult counts =
        FraudModelResult.decode(
            ("{\"version\":\"v2\",\"scored\":10,\"alerts\":2,\"labelled\":4,\"truePositives\":1,"
                    + "\"falsePositives\":1,\"falseNegatives\":0,\"trueNegatives\":2,"
                    + "\"updatedAt\":\"2026-11-26T10:00:01.000Z\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertEquals("fraud-model|v2", counts.key());
    assertEquals(2, ((FraudModelResult.Counts) counts).alerts());
    assertThrows(
        InvalidEventException.class,
        () ->
            FraudModelResult.decode(
                "{\"version\":\"v2\",\"scored\":-1,\"updatedAt\":\"2026-11-26T10:00:00Z\"}"
                    .getBytes(StandardCharsets.UTF_8)));
  }
}
