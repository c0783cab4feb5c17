package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderStatusEventCodec#decodeStored}'s fast path against its general path: the same event
 * or the same error for every record, on records Pulse writes and on their mutations.
 */
class StoredFieldsTest {
  private static final String[] PIECES = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\u00e9",
    "\\n",
    "null",
    "true",
    "12",
    "1e3",
    "\"eventId\"",
    "\"status\"",
    "\"eventTime\"",
    "\"SHIPPED\"",
    "\"shipped\"",
    "\"2026-11-24T10:15:03Z\"",
    "\"1999-12-31T23:59:59Z\"",
    "\"\"",
    "\"  \"",
    "é",
    "\u0001",
    "x"
  };

  @Test
  void readsTheStoredShapeAndLeavesEverythingElseToTheGeneralPath() {
    byte[] stored =
        OrderStatusEventCodec.encode(
            new OrderStatusEvent(
                "e-1", "o-1", "p-1", OrderStatus.SHIPPED, Instant.parse("2026-11-24T10:15:03Z")));
    List<String> names = List.of("eventId", "orderId", "productId", "status", "eventTime");
    assertNotNull(StoredFields.read(stored, names));
    assertNull(StoredFields.read(bytes("{\"eventId\":\"é\"}"), List.of("eventId")), "non-ASCII");
    assertNull(StoredFields.read(bytes("{\"a\":\"1\",\"a\":\"2\"}"), List.of("a")), "repeated");
    assertNull(StoredFields.read(bytes("{\"a\":1}"), List.of("a")), "not a string");
    assertNull(StoredFields.read(bytes("{\"a\":\"1\"} {}"), List.of("a")), "trailing tokens");
    assertNull(StoredFields.read(bytes("{\"b\":\"1\"}"), List.of("a")), "missing");
  }

  @Test
  void fastAndGeneralPathsAgreeOnEveryRecord() {
    SplittableRandom random = new SplittableRandom(20261126);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String stored =
          new String(
              OrderStatusEventCodec.encode(
                  new OrderStatusEvent(
                      "e-" + i,
                      "o\"\\" + random.nextInt(100),
                      "p-" + random.nextInt(10),
                      OrderStatus.values()[random.nextInt(OrderStatus.values().length)],
                      Instant.ofEpochMilli(1_700_000_000_000L + random.nextLong(1L << 36)))),
              StandardCharsets.UTF_8);
      records.add(stored);
      records.add(mutate(stored, random));
      records.add(mutate(mutate(stored, random), random));
    }
    int fast = 0;
    for (String record : records) {
      byte[] json = bytes(record);
      assertEquals(
          outcome(() -> OrderStatusEventCodec.decodeStoredTree(json)),
          outcome(() -> OrderStatusEventCodec.decodeStored(json)),
          record);
      if (StoredFields.read(json, List.of("eventId", "orderId", "productId", "status", "eventTime"))
          != null) {
        fast++;
      }
    }
    // The comparison means something only if both paths were taken often.
    assertEquals(true, fast > 2_000 && fast < records.size(), "fast path taken " + fast + " times");
  }

  private static String mutate(String record, SplittableRandom random) {
    int at = random.nextInt(record.length() + 1);
    return switch (random.nextInt(3)) {
      case 0 ->
          record.substring(0, at) + PIECES[random.nextInt(PIECES.length)] + record.substring(at);
      case 1 ->
          record.substring(0, at)
              + record.substring(Math.min(record.length(), at + 1 + random.nextInt(8)));
      default ->
          record.replace("\"productId\"", "\"" + PIECES[random.nextInt(PIECES.length)] + "\"");
    };
  }

  private static Object outcome(java.util.function.Supplier<OrderStatusEvent> decode) {
    try {
      return decode.get();
    } catch (InvalidEventException e) {
      return "error " + e.getMessage() + " at " + e.field();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
