package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderStatusEventCodecTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:20:00Z");
  private final OrderStatusEventCodec codec =
      new OrderStatusEventCodec(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsAStoredEvent() {
    OrderStatusEvent event =
        new OrderStatusEvent(
            "e-1", "1782", "p-9", OrderStatus.SHIPPED, Instant.parse("2026-11-24T10:15:03.250Z"));
    assertEquals(event, OrderStatusEventCodec.decodeStored(OrderStatusEventCodec.encode(event)));
  }

  @Test
  void storesTheSameBytesAsJacksonsTreeWriterEscapesIncluded() throws Exception {
    OrderStatusEvent event =
        new OrderStatusEvent(
            "e-\"1\\", "ordre-\u00e9\u2028", "p-\ud83d\ude00", OrderStatus.SHIPPED, NOW);
    var tree = JsonReader.mapper().createObjectNode();
    tree.put("eventId", event.eventId());
    tree.put("orderId", event.orderId());
    tree.put("productId", event.productId());
    tree.put("status", event.status().name());
    tree.put("eventTime", event.eventTime().toString());
    assertEquals(
        JsonReader.mapper().writeValueAsString(tree),
        new String(OrderStatusEventCodec.encode(event), StandardCharsets.UTF_8));
    assertEquals(
        "{\"eventId\":\"e-1\",\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"PURCHASED\","
            + "\"eventTime\":\"2026-11-24T10:20:00Z\"}",
        new String(
            OrderStatusEventCodec.encode(
                new OrderStatusEvent("e-1", "1", "p", OrderStatus.PURCHASED, NOW)),
            StandardCharsets.UTF_8));
  }

  @Test
  void fillsInEventIdAndEventTimeOnRequestsAndAcceptsOffsets() {
    List<OrderStatusEvent> events =
        codec.decodeRequest(
            json(
                "[{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"PURCHASED\"},"
                    + "{\"orderId\":\"2\",\"productId\":\"p\",\"status\":\"RETURNED\",\"eventTime\":\"2026-11-24T12:15:00+02:00\",\"extra\":true}]"));
    assertEquals(NOW, events.get(0).eventTime());
    assertEquals(36, events.get(0).eventId().length(), "a UUID");
    assertEquals(Instant.parse("2026-11-24T10:15:00Z"), events.get(1).eventTime());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty body||body is empty|",
        "trailing garbage|{\"orderId\":\"1\"} x|malformed JSON|",
        "number id|{\"orderId\":7,\"productId\":\"p\",\"status\":\"SHIPPED\"}|orderId must be a string, got a number|$.orderId",
        "long id|{\"orderId\":\""
            + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            + "\",\"productId\":\"p\",\"status\":\"SHIPPED\"}|over the limit of 128|$.orderId",
        "control char|{\"orderId\":\"a\\u0000b\",\"productId\":\"p\",\"status\":\"SHIPPED\"}|control characters|$.orderId",
        "lower-case status|{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"shipped\"}|unknown status 'shipped'|$.status",
        "status as number|{\"orderId\":\"1\",\"productId\":\"p\",\"status\":2}|status must be a string|$.status",
        "no offset|{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\",\"eventTime\":\"2026-11-24T10:15:00\"}|not an ISO-8601 timestamp|$.eventTime",
        "epoch millis|{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\",\"eventTime\":1764000000000}|eventTime must be a string|$.eventTime",
        "ancient|{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\",\"eventTime\":\"1970-01-01T00:00:00Z\"}|is before 2000-01-01|$.eventTime",
        "six minutes ahead|{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\",\"eventTime\":\"2026-11-24T10:26:00Z\"}|more than 5 minutes in the future|$.eventTime",
        "array of strings|[\"a\"]|expected an object, got a string|$[0]",
      })
  void rejectsWithTheRuleAndTheField(String name, String body, String message, String field) {
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class, () -> codec.decodeRequest(json(body == null ? "" : body)));
    assertEquals(true, e.getMessage().contains(message), e.getMessage());
    assertEquals(field, e.field());
  }

  @Test
  void acceptsAnEventTimeWithinTheAllowedClockSkew() {
    List<OrderStatusEvent> events =
        codec.decodeRequest(
            json(
                "{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\",\"eventTime\":\"2026-11-24T10:24:59Z\"}"));
    assertEquals(1, events.size());
  }

  @Test
  void storedRecordsNeedEveryField() {
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () ->
                OrderStatusEventCodec.decodeStored(
                    json("{\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\"}")));
    assertEquals("$.eventId", e.field());
  }
}
