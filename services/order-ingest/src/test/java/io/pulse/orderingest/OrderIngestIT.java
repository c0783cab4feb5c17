package io.pulse.orderingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.OrderStatus;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusEventCodec;
import io.pulse.events.Topics;
import io.pulse.testsupport.AuthContract;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.IngestContract;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
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

/** order-ingest against a real Kafka broker: what is accepted lands on the topic, nothing else. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderIngestIT implements TestPropertyProvider {
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    kafka.createTopic(Topics.ORDER_STATUS_EVENTS, 3, false);
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
  void acceptsABatchAndPublishesEachEventKeyedByOrderOnceAcknowledged() {
    int before = kafka.readAll(Topics.ORDER_STATUS_EVENTS).size();
    String body =
        """
        [{"eventId": "b-1", "orderId": "1782", "productId": "p-9", "status": "PURCHASED",
          "eventTime": "2026-11-24T10:15:03Z"},
         {"orderId": "1783", "productId": "p-2", "status": "SHIPPED"}]
        """;
    HttpResponse<String> response = http().post("/v1/orders/events", body);
    assertEquals(202, response.statusCode(), response.body());
    Map<String, Object> answer = JsonHttp.parseObject(response.body());
    assertEquals(2, ((Number) answer.get("accepted")).intValue());

    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(Topics.ORDER_STATUS_EVENTS);
    assertEquals(before + 2, records.size());
    OrderStatusEvent first = find(records, "1782");
    assertEquals("b-1", first.eventId());
    assertEquals(OrderStatus.PURCHASED, first.status());
    assertEquals("2026-11-24T10:15:03Z", first.eventTime().toString());
    OrderStatusEvent second = find(records, "1783");
    assertNotNull(second.eventId(), "a missing eventId gets a fresh one");
    assertEquals(
        List.of("b-1", second.eventId()),
        answer.get("eventIds"),
        "the 202 names every id in request order, generated ones included");
    assertTrue(
        second.eventTime().isAfter(first.eventTime()), "a missing eventTime is the receipt time");
  }

  private static OrderStatusEvent find(
      List<ConsumerRecord<String, byte[]>> records, String orderId) {
    return records.stream()
        .filter(r -> orderId.equals(r.key()))
        .map(r -> OrderStatusEventCodec.decodeStored(r.value()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no record keyed " + orderId));
  }

  static Stream<Arguments> badRequests() {
    String valid = "{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"PURCHASED\"}";
    return Stream.of(
        Arguments.of("malformed JSON", "{\"orderId\": \"1\",", 400, "malformed JSON", null),
        Arguments.of("not an object", "\"PURCHASED\"", 400, "expected a JSON object", "$"),
        Arguments.of(
            "wrong type",
            "{\"orderId\":1782,\"productId\":\"p\",\"status\":\"PURCHASED\"}",
            400,
            "orderId must be a string",
            "$.orderId"),
        Arguments.of(
            "unknown status",
            "{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"LOST\"}",
            400,
            "unknown status 'LOST'",
            "$.status"),
        Arguments.of(
            "missing orderId",
            "{\"productId\":\"p\",\"status\":\"SHIPPED\"}",
            400,
            "orderId is required",
            "$.orderId"),
        Arguments.of(
            "blank productId",
            "{\"orderId\":\"1\",\"productId\":\"  \",\"status\":\"SHIPPED\"}",
            400,
            "productId must not be blank",
            "$.productId"),
        Arguments.of("empty array", "[]", 400, "empty batch", "$"),
        Arguments.of(
            "bad timestamp",
            "{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\",\"eventTime\":\"yesterday\"}",
            400,
            "not an ISO-8601 timestamp",
            "$.eventTime"),
        Arguments.of(
            "far future",
            "{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\",\"eventTime\":\"2999-01-01T00:00:00Z\"}",
            400,
            "in the future",
            "$.eventTime"),
        Arguments.of(
            "one bad event spoils the batch",
            "[" + valid + ",{\"orderId\":\"2\",\"productId\":\"p\"}]",
            400,
            "status is required",
            "$[1].status"),
        Arguments.of("oversize body", IngestContract.oversizeArray(valid), 413, "", null),
        Arguments.of(
            "too many events",
            "[" + (valid + ",").repeat(1_000) + valid + "]",
            400,
            "over the limit of 1000",
            "$"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void rejectsBadInputWithAJsonErrorAndPublishesNothing(
      String name, String body, int status, String message, String field) {
    IngestContract.assertRejected(
        http(),
        kafka,
        Topics.ORDER_STATUS_EVENTS,
        "/v1/orders/events",
        body,
        status,
        message,
        field);
  }

  @Test
  void rejectsANonJsonContentType() {
    HttpResponse<String> response =
        http().post("/v1/orders/events", "orderId=1", "application/x-www-form-urlencoded");
    assertEquals(415, response.statusCode(), response.body());
    assertTrue(JsonHttp.parseObject(response.body()).containsKey("error"), response.body());
  }

  @Test
  void servesHealthAndPrometheusMetricsThatCountPublishedRecords() {
    http()
        .post(
            "/v1/orders/events",
            "{\"orderId\":\"9\",\"productId\":\"p\",\"status\":\"DELIVERED\"}");
    assertEquals(200, http().get("/health").statusCode());
    HttpResponse<String> metrics = http().get("/prometheus");
    assertEquals(200, metrics.statusCode());
    assertTrue(
        metrics
            .body()
            .contains("pulse_ingest_published_records_total{topic=\"orders.status-events\"}"),
        metrics.body());
    assertTrue(
        metrics.body().contains("http_server_requests_seconds_count"), "HTTP requests are timed");
  }

  @Test
  void onlyTheIngestTokenPublishes() {
    JsonHttp anonymous = new JsonHttp(server.getURI());
    int before = kafka.readAll(Topics.ORDER_STATUS_EVENTS).size();
    double missingBefore = AuthContract.failuresCounted(anonymous, "missing");
    AuthContract.assertRefused(
        anonymous,
        new AuthContract.Endpoint(
            "/v1/orders/events",
            "{\"orderId\":\"auth-1\",\"productId\":\"p\",\"status\":\"PURCHASED\"}"),
        TestCredentials.READ_TOKEN);
    assertEquals(
        before,
        kafka.readAll(Topics.ORDER_STATUS_EVENTS).size(),
        "a refused request publishes nothing");
    assertTrue(
        AuthContract.failuresCounted(anonymous, "missing") > missingBefore,
        "refusals are counted on /prometheus");
    HttpResponse<String> ok =
        http()
            .post(
                "/v1/orders/events",
                "{\"orderId\":\"auth-1\",\"productId\":\"p\",\"status\":\"PURCHASED\"}");
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
              "/v1/orders/events",
              "{\"orderId\":\"auth-1\",\"productId\":\"p\",\"status\":\"PURCHASED\"}"));
    }
  }
}
