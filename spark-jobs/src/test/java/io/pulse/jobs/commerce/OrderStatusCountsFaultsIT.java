package io.pulse.jobs.commerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.events.OrderStatusWindow;
import io.pulse.jobs.KafkaAndSpark;
import io.pulse.jobs.LateEvents;
import io.pulse.testsupport.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OrderStatusCounts on a real broker and Spark: an event behind the watermark is not counted but
 * lands in the dead-letter topic with the reason {@code late}; and a restart from a checkpoint
 * whose last batch was planned but never committed (a stop inside a micro-batch) resumes and keeps
 * running with no new input (it died with an NPE in the Kafka source's metrics on Spark 4.1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderStatusCountsFaultsIT {
  private static final String INPUT = "late-it.orders";
  private static final String OUTPUT = "late-it.counts";
  private static final String DLQ = "late-it.orders.dlq";

  @TempDir Path work;

  @RegisterExtension
  static final KafkaAndSpark env = new KafkaAndSpark("order-status-counts-faults-it");

  private EmbeddedKafka kafka;
  private SparkSession spark;

  @BeforeAll
  void start() {
    kafka = env.kafka();
    spark = env.spark();
    kafka.createTopic(INPUT, 2, false);
    kafka.createTopic(OUTPUT, 1, true);
    kafka.createTopic(DLQ, 1, false);
  }

  private OrderStatusCountsOptions options() {
    return OrderStatusCountsOptions.parse(
        new String[] {
          "--kafka-bootstrap-servers",
          kafka.bootstrapServers(),
          "--input-topic",
          INPUT,
          "--output-topic",
          OUTPUT,
          "--dead-letter-topic",
          DLQ,
          "--checkpoint-location",
          work.resolve("checkpoint").toString(),
          "--watermark-delay",
          "2 minutes",
          "--trigger-interval",
          "1 second",
          "--shuffle-partitions",
          "2"
        },
        Map.of());
  }

  private static Map.Entry<String, byte[]> event(String id, String status, String time) {
    return Map.entry(
        id,
        ("{\"eventId\":\""
                + id
                + "\",\"orderId\":\""
                + id
                + "\",\"productId\":\"p\",\"status\":\""
                + status
                + "\",\"eventTime\":\""
                + time
                + "\"}")
            .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aLateEventIsDeadLetteredNotCountedAndAResumeInsideABatchKeepsRunning() throws Exception {
    OrderStatusCountsOptions options = options();
    LateEvents late =
        new LateEvents(
            spark,
            options.streaming().kafka(),
            DLQ,
            List.of(OrderStatusCounts.lateEvents(options)));
    spark.streams().addListener(late);
    List<StreamingQuery> queries = OrderStatusCounts.start(spark, options);

    kafka.send(INPUT, List.of(event("a", "PURCHASED", "2026-11-05T10:10:10Z")));
    processAll(queries);
    // The watermark is now 10:08:10: an event at 10:05 is behind it, one at 10:09 is not.
    kafka.send(
        INPUT,
        List.of(
            event("late", "SHIPPED", "2026-11-05T10:05:00Z"),
            event("b", "DELIVERED", "2026-11-05T10:09:00Z")));
    processAll(queries);

    Map<String, OrderStatusWindow> counts = latestCounts();
    assertEquals(
        1, counts.get("2026-11-05T10:10:00Z").count(io.pulse.events.OrderStatus.PURCHASED));
    assertEquals(
        1, counts.get("2026-11-05T10:09:00Z").count(io.pulse.events.OrderStatus.DELIVERED));
    assertNull(counts.get("2026-11-05T10:05:00Z"), "the late event's window never opened");

    JsonNode letter = awaitDeadLetter("late");
    assertTrue(letter.path("error").asText().startsWith("late: eventTime"), letter.toString());
    assertTrue(letter.path("error").asText().contains("2026-11-05T10:08:10Z"), letter.toString());
    assertEquals("$.eventTime", letter.path("field").asText());
    assertEquals(INPUT, letter.path("topic").asText());
    assertEquals(1, deadLetters().size(), "only the late event");

    // A stop inside a micro-batch: its offsets are written, its commit is not.
    for (StreamingQuery q : queries) {
      q.stop();
    }
    spark.streams().removeListener(late);
    late.close();
    removeNewestCommit(work.resolve("checkpoint").resolve("counts"));
    queries = OrderStatusCounts.start(spark, options);
    StreamingQuery counting =
        queries.stream()
            .filter(q -> q.name().equals(OrderStatusCounts.COUNTS_QUERY))
            .findFirst()
            .orElseThrow();
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
    while (counting.recentProgress().length < 5 && System.nanoTime() < deadline) {
      assertTrue(counting.isActive(), () -> "query died: " + counting.exception());
      Thread.sleep(200);
    }
    assertTrue(counting.isActive(), () -> "query died: " + counting.exception());
    assertTrue(counting.recentProgress().length >= 5, "kept running for several triggers");
    for (StreamingQuery q : queries) {
      q.stop();
    }
    assertEquals(counts, latestCounts(), "the replayed batch changed no count");
  }

  private static void processAll(List<StreamingQuery> queries) throws Exception {
    for (StreamingQuery q : queries) {
      q.processAllAvailable();
    }
  }

  private Map<String, OrderStatusWindow> latestCounts() {
    Map<String, OrderStatusWindow> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : kafka.readAll(OUTPUT)) {
      OrderStatusWindow w = OrderStatusWindow.decode(r.value());
      latest.put(w.windowStart().toString(), w);
    }
    return latest;
  }

  private List<JsonNode> deadLetters() {
    return kafka.readAll(DLQ).stream().map(r -> JsonReader.parse(r.value())).toList();
  }

  /** The re-read runs after the batch, on its own thread. */
  private JsonNode awaitDeadLetter(String key) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : kafka.readAll(DLQ)) {
        if (key.equals(r.key())) {
          return JsonReader.parse(r.value());
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no dead letter for " + key + ": " + deadLetters());
  }

  private static void removeNewestCommit(Path checkpoint) throws IOException {
    Path commits = checkpoint.resolve("commits");
    try (Stream<Path> files = Files.list(commits)) {
      Path newest =
          files
              .filter(p -> p.getFileName().toString().matches("\\d+"))
              .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
              .orElseThrow();
      Files.delete(newest);
      Files.deleteIfExists(commits.resolve("." + newest.getFileName() + ".crc"));
    }
  }
}
