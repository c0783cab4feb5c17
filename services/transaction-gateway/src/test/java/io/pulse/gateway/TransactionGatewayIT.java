package io.pulse.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.Topics;
import io.pulse.testsupport.AuthContract;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.IngestContract;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
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
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    kafka.createTopic(Topics.BANK_TRANSACTIONS, 3, false);
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
