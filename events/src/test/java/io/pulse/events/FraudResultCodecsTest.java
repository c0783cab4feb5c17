package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
            Instant.parse("2018-04-05T09:00:00Z"));
    assertEquals(label, FraudLabel.decode(FraudLabel.encode(label)));

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
    String noTerminal =
        noFraud.replace("\"terminalId\":\"x\",", "").replace("}", ",\"fraud\":true}");
    assertEquals(
        "$.terminalId",
        assertThrows(InvalidEventException.class, () -> FraudLabel.decode(bytes(noTerminal)))
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
