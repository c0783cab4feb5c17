package io.pulse.jobs.commerce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.JsonReader;
import io.pulse.events.ResultKeys;
import io.pulse.jobs.KafkaRecordDecoder;
import io.pulse.jobs.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job's transforms on literal rows, in batch mode: decoding, counting, the output records. */
class OrderStatusCountsTest {
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.create("order-status-counts-test", "local[2]", 2);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static final StructType KAFKA = KafkaRecordDecoder.KAFKA_COLUMNS;

  private static Row record(long offset, String json) {
    return RowFactory.create(
        "k".getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8),
        "orders.status-events",
        0,
        offset,
        Timestamp.from(Instant.EPOCH));
  }

  private static String event(String id, String status, String time) {
    return "{\"eventId\":\""
        + id
        + "\",\"orderId\":\"o\",\"productId\":\"p\",\"status\":\""
        + status
        + "\",\"eventTime\":\""
        + time
        + "\"}";
  }

  @Test
  void countsEachStatusPerMinuteOncePerEventIdAndWritesKeyedRecords() {
    Dataset<Row> kafka =
        spark.createDataFrame(
            List.of(
                record(0, event("a", "PURCHASED", "2026-11-24T10:15:03Z")),
                record(1, event("b", "PURCHASED", "2026-11-24T10:15:59.999Z")),
                record(2, event("a", "PURCHASED", "2026-11-24T10:15:03Z")),
                record(3, event("c", "SHIPPED", "2026-11-24T10:16:00Z")),
                record(4, "{not json"),
                record(5, event("d", "LOST", "2026-11-24T10:16:00Z"))),
            KAFKA);
    Dataset<Row> decoded = OrderEventDecoder.decode(kafka).cache();
    Dataset<Row> counts =
        OrderStatusCounts.countByWindow(
            decoded.where("error IS NULL"), Duration.ofMinutes(1), Duration.ofMinutes(2));
    List<String> records =
        OrderStatusCounts.toKafkaRecords(counts).orderBy("key").collectAsList().stream()
            .map(r -> r.getString(0) + " " + r.getString(1))
            .collect(Collectors.toList());
    assertEquals(
        List.of(
            "order-status-counts|2026-11-24T10:15:00Z {\"windowStart\":\"2026-11-24T10:15:00Z\",\"windowEnd\":\"2026-11-24T10:16:00Z\",\"counts\":{\"PURCHASED\":2,\"SHIPPED\":0,\"DELIVERED\":0,\"CANCELLED\":0,\"RETURNED\":0}}",
            "order-status-counts|2026-11-24T10:16:00Z {\"windowStart\":\"2026-11-24T10:16:00Z\",\"windowEnd\":\"2026-11-24T10:17:00Z\",\"counts\":{\"PURCHASED\":0,\"SHIPPED\":1,\"DELIVERED\":0,\"CANCELLED\":0,\"RETURNED\":0}}"),
        records);

    for (Row r : OrderStatusCounts.toKafkaRecords(counts).collectAsList()) {
      Instant windowStart =
          Instant.parse(
              JsonReader.parse(r.getString(1).getBytes(StandardCharsets.UTF_8))
                  .get("windowStart")
                  .asText());
      assertEquals(ResultKeys.orderStatusWindow(windowStart), r.getString(0));
    }

    List<String> deadLetters =
        io.pulse.jobs.DeadLetters.of(decoded).collectAsList().stream()
            .map(r -> r.getString(1))
            .sorted()
            .toList();
    assertEquals(2, deadLetters.size());
    assertEquals(
        true,
        deadLetters.get(0).contains("\"offset\":4")
            && deadLetters.get(0).contains("malformed JSON"),
        deadLetters.get(0));
    assertEquals(
        true,
        deadLetters.get(1).contains("\"offset\":5")
            && deadLetters.get(1).contains("\"field\":\"$.status\""),
        deadLetters.get(1));
  }
}
