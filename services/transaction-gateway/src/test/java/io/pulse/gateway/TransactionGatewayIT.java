package io.pulse.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudLabel;
import io.pulse.events.Topics;
import io.pulse.testsupport.AuthContract;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.IngestContract;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** transaction-gateway against a real broker: accepted transactions land keyed by customer. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionGatewayIT implements TestPropertyProvider {
  private static final String PATH = "/v1/transactions";
  private static final String LABELS = "/v1/transactions/labels";
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    kafka.createTopic(Topics.BANK_TRANSACTIONS, 3, false);
    kafka.createTopic(Topics.FRAUD_LABELS, 3, true);
    return TestCredentials.withServiceProperties(
        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "micronaut.server.port", "-1"));
  }

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  private JsonHttp http() {
    return new JsonHttp(server.getURI()).withBearer(TestCredentials.INGEST_TOKEN);
  }

  @Test
  void acceptsABatchAndPublishesEachTransactionKeyedByCustomer() {
    int before = kafka.readAll(Topics.BANK_TRANSACTIONS).size();
    HttpResponse<String> response =
        http()
            .post(
                PATH,
                """
                [{"transactionId": "t-1", "customerId": "c-7", "terminalId": "k-3", "amount": 57.16,
                  "currency": "EUR", "timestamp": "2026-11-24T10:15:03Z"},
                 {"transactionId": "t-2", "customerId": "c-8", "terminalId": "k-3", "amount": 230,
                  "currency": "USD", "timestamp": "2026-11-24T10:15:04Z"}]
                """);
    assertEquals(202, response.statusCode(), response.body());
    assertEquals("{\"accepted\":2}", response.body());
    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(Topics.BANK_TRANSACTIONS);
    assertEquals(before + 2, records.size());
    ConsumerRecord<String, byte[]> first =
        records.stream().filter(r -> r.key().equals("c-7")).findFirst().orElseThrow();
    BankTransaction tx = BankTransactionCodec.decodeStored(first.value());
    assertEquals("t-1", tx.transactionId());
    assertEquals(new BigDecimal("57.16"), tx.amount());
    assertEquals("EUR", tx.currency().getCurrencyCode());
  }

  static Stream<Arguments> badRequests() {
    String valid =
        "{\"transactionId\":\"t\",\"customerId\":\"c\",\"terminalId\":\"k\",\"amount\":10.5,\"currency\":\"EUR\",\"timestamp\":\"2026-11-24T10:00:00Z\"}";
    return Stream.of(
        Arguments.of("malformed JSON", "{\"amount\": ", 400, "malformed JSON", null),
        Arguments.of(
            "zero amount",
            valid.replace("10.5", "0"),
            400,
            "amount must be greater than 0",
            "$.amount"),
        Arguments.of(
            "negative amount",
            valid.replace("10.5", "-3"),
            400,
            "amount must be greater than 0",
            "$.amount"),
        Arguments.of(
            "three decimals",
            valid.replace("10.5", "10.505"),
            400,
            "more than two decimals",
            "$.amount"),
        Arguments.of(
            "amount as string",
            valid.replace("10.5", "\"10.5\""),
            400,
            "amount must be a number",
            "$.amount"),
        Arguments.of(
            "unknown currency",
            valid.replace("EUR", "EUX"),
            400,
            "not an ISO 4217 code",
            "$.currency"),
        Arguments.of(
            "lower-case currency",
            valid.replace("EUR", "eur"),
            400,
            "not an ISO 4217 code",
            "$.currency"),
        Arguments.of(
            "missing customer",
            valid.replace("\"customerId\":\"c\",", ""),
            400,
            "customerId is required",
            "$.customerId"),
        Arguments.of(
            "bad timestamp",
            valid.replace("2026-11-24T10:00:00Z", "24/11/2026"),
            400,
            "not an ISO-8601 timestamp",
            "$.timestamp"),
        Arguments.of("empty array", "[]", 400, "empty batch", "$"),
        Arguments.of(
            "second of two is bad",
            "[" + valid + "," + valid.replace("EUR", "XXXX") + "]",
            400,
            "ISO 4217",
            "$[1].currency"),
        Arguments.of("oversize body", IngestContract.oversizeArray(valid), 413, "", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void rejectsBadInputWithAJsonErrorAndPublishesNothing(
      String name, String body, int status, String message, String field) {
    IngestContract.assertRejected(
        http(), kafka, Topics.BANK_TRANSACTIONS, PATH, body, status, message, field);
  }

  @Test
  void servesHealthAndPrometheusMetricsThatCountPublishedTransactions() {
    http()
        .post(
            PATH,
            "{\"transactionId\":\"m-1\",\"customerId\":\"c\",\"terminalId\":\"k\",\"amount\":1.5,"
                + "\"currency\":\"EUR\",\"timestamp\":\"2026-11-24T10:00:00Z\"}");
    assertEquals(200, http().get("/health").statusCode());
    String metrics = http().get("/prometheus").body();
    assertTrue(
        metrics.contains("pulse_ingest_published_records_total{topic=\"bank.transactions\"}"),
        metrics);
  }

  @Test
  void onlyTheIngestTokenPublishes() {
    JsonHttp anonymous = new JsonHttp(server.getURI());
    int before = kafka.readAll(Topics.BANK_TRANSACTIONS).size();
    double missingBefore = AuthContract.failuresCounted(anonymous, "missing");
    AuthContract.assertRefused(
        anonymous,
        new AuthContract.Endpoint(
            "/v1/transactions",
            "{\"transactionId\":\"auth-1\",\"customerId\":\"c\",\"terminalId\":\"k\",\"amount\":1.5,\"currency\":\"EUR\",\"timestamp\":\"2026-11-24T10:00:00Z\"}"),
        TestCredentials.READ_TOKEN);
    assertEquals(
        before,
        kafka.readAll(Topics.BANK_TRANSACTIONS).size(),
        "a refused request publishes nothing");
    assertTrue(
        AuthContract.failuresCounted(anonymous, "missing") > missingBefore,
        "refusals are counted on /prometheus");
    HttpResponse<String> ok =
        http()
            .post(
                "/v1/transactions",
                "{\"transactionId\":\"auth-1\",\"customerId\":\"c\",\"terminalId\":\"k\",\"amount\":1.5,\"currency\":\"EUR\",\"timestamp\":\"2026-11-24T10:00:00Z\"}");
    assertEquals(202, ok.statusCode(), ok.body());
  }

  @Test
  void acceptsLabelsWithAndWithoutTerminalAndPublishesThemKeyedByTransaction() {
    int before = kafka.readAll(Topics.FRAUD_LABELS).size();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    HttpResponse<String> response =
        http()
            .post(
                LABELS,
                """
                [{"transactionId": "t-1", "fraud": true, "source": "chargeback",
                  "labelledAt": "%s"},
                 {"transactionId": "t-2", "fraud": false, "source": "investigator",
                  "labelledAt": "%s", "terminalId": "k-3", "timestamp": "2026-11-24T10:15:04Z"}]
                """
                    .formatted(now, now));
    assertEquals(202, response.statusCode(), response.body());
    assertEquals("{\"accepted\":2,\"eventIds\":[\"t-1\",\"t-2\"]}", response.body());
    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(Topics.FRAUD_LABELS);
    assertEquals(before + 2, records.size());
    FraudLabel chargeback =
        FraudLabel.decode(
            records.stream().filter(r -> r.key().equals("t-1")).findFirst().orElseThrow().value());
    assertEquals(
        new FraudLabel("t-1", null, null, true, Instant.parse(now), "chargeback"), chargeback);
    FraudLabel cleared =
        FraudLabel.decode(
            records.stream().filter(r -> r.key().equals("t-2")).findFirst().orElseThrow().value());
    assertEquals("k-3", cleared.terminalId());
    assertEquals(Instant.parse("2026-11-24T10:15:04Z"), cleared.timestamp());
    assertEquals("investigator", cleared.source());
  }

  static Stream<Arguments> badLabels() {
    String valid =
        "{\"transactionId\":\"t\",\"fraud\":true,\"source\":\"chargeback\",\"labelledAt\":\"2026-11-24T10:00:00Z\"}";
    String future =
        Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    return Stream.of(
        Arguments.of("malformed JSON", "{\"fraud\": ", 400, "malformed JSON", null),
        Arguments.of(
            "missing transaction",
            valid.replace("\"transactionId\":\"t\",", ""),
            400,
            "transactionId is required",
            "$.transactionId"),
        Arguments.of(
            "missing fraud",
            valid.replace("\"fraud\":true,", ""),
            400,
            "fraud is required",
            "$.fraud"),
        Arguments.of(
            "fraud as string",
            valid.replace("true", "\"yes\""),
            400,
            "fraud must be true or false",
            "$.fraud"),
        Arguments.of(
            "missing source",
            valid.replace("\"source\":\"chargeback\",", ""),
            400,
            "source is required",
            "$.source"),
        Arguments.of(
            "source not a token",
            valid.replace("chargeback", "Bank Ops; DROP"),
            400,
            "is not a token",
            "$.source"),
        Arguments.of(
            "source too long",
            valid.replace("chargeback", "c".repeat(33)),
            400,
            "is not a token",
            "$.source"),
        Arguments.of(
            "missing labelledAt",
            valid.replace(",\"labelledAt\":\"2026-11-24T10:00:00Z\"", ""),
            400,
            "labelledAt is required",
            "$.labelledAt"),
        Arguments.of(
            "labelledAt in the future",
            valid.replace("2026-11-24T10:00:00Z", future),
            400,
            "in the future",
            "$.labelledAt"),
        Arguments.of(
            "bad labelledAt",
            valid.replace("2026-11-24T10:00:00Z", "24/11/2026"),
            400,
            "not an ISO-8601 timestamp",
            "$.labelledAt"),
        Arguments.of(
            "transaction after its label",
            valid.replace("}", ",\"timestamp\":\"2026-11-24T11:00:00Z\"}"),
            400,
            "is after labelledAt",
            "$.timestamp"),
        Arguments.of(
            "blank terminal",
            valid.replace("}", ",\"terminalId\":\" \"}"),
            400,
            "terminalId must not be blank",
            "$.terminalId"),
        Arguments.of("not an object", "\"t\"", 400, "expected a JSON object", "$"),
        Arguments.of("empty array", "[]", 400, "empty batch", "$"),
        Arguments.of(
            "second of two is bad",
            "[" + valid + "," + valid.replace("chargeback", "") + "]",
            400,
            "is not a token",
            "$[1].source"),
        Arguments.of("oversize body", IngestContract.oversizeArray(valid), 413, "", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLabels")
  void rejectsBadLabelsWithAJsonErrorAndPublishesNothing(
      String name, String body, int status, String message, String field) {
    IngestContract.assertRejected(
        http(), kafka, Topics.FRAUD_LABELS, LABELS, body, status, message, field);
  }

  @Test
  void onlyTheIngestTokenPublishesLabels() {
    String label =
        "{\"transactionId\":\"auth-2\",\"fraud\":true,\"source\":\"investigator\",\"labelledAt\":\"2026-11-24T10:00:00Z\"}";
    int before = kafka.readAll(Topics.FRAUD_LABELS).size();
    AuthContract.assertRefused(
        new JsonHttp(server.getURI()),
        new AuthContract.Endpoint(LABELS, label),
        TestCredentials.READ_TOKEN);
    assertEquals(
        before, kafka.readAll(Topics.FRAUD_LABELS).size(), "a refused request publishes nothing");
    HttpResponse<String> ok = http().post(LABELS, label);
    assertEquals(202, ok.statusCode(), ok.body());
  }

  @Test
  void probesAreOpenAndHealthDetailsNeedAToken() {
    AuthContract.assertProbesOpenAndHealthDetailsPrivate(
        new JsonHttp(server.getURI()), TestCredentials.INGEST_TOKEN);
  }

  @Test
  void withoutAConfiguredTokenEveryRequestIsRefused() {
    try (EmbeddedServer closed =
        io.micronaut.context.ApplicationContext.run(
            EmbeddedServer.class, TestCredentials.withoutTokens(kafka.bootstrapServers()))) {
      AuthContract.assertFailsClosed(
          new JsonHttp(closed.getURI()),
          new AuthContract.Endpoint(
              "/v1/transactions",
              "{\"transactionId\":\"auth-1\",\"customerId\":\"c\",\"terminalId\":\"k\",\"amount\":1.5,\"currency\":\"EUR\",\"timestamp\":\"2026-11-24T10:00:00Z\"}"));
    }
  }
}
