package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.jobs.commerce.OrderEventDecoder;
import io.pulse.testsupport.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Decoding in one pass ({@link KafkaRecordDecoder#decodeValid}): the valid events go on, each
 * malformed record reaches the dead-letter topic once, from the task, with the very key and value
 * that {@link DeadLetters#of} writes for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaRecordDecoderIT {
  private static final String DLQ = "decoder-it.dlq";

  @RegisterExtension static final KafkaAndSpark env = new KafkaAndSpark("kafka-record-decoder-it");

  private EmbeddedKafka kafka;
  private SparkSession spark;

  @BeforeAll
  void start() {
    kafka = env.kafka();
    spark = env.spark();
    kafka.createTopic(DLQ, 1, false);
  }

  private static Row record(String key, long offset, byte[] value, Instant receivedAt) {
    return RowFactory.create(
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        "orders.status-events",
        (int) (offset % 2),
        offset,
        Timestamp.from(receivedAt));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void validEventsGoOnAndEachMalformedRecordIsDeadLetteredOnceAsDeadLettersOfWritesIt() {
    String valid =
        "{\"eventId\":\"a\",\"orderId\":\"o\",\"productId\":\"p\",\"status\":\"SHIPPED\","
            + "\"eventTime\":\"2026-11-24T10:15:03Z\"}";
    Dataset<Row> records =
        spark
            .createDataFrame(
                List.of(
                    record("k0", 0, utf8(valid), Instant.parse("2026-11-24T10:15:04.120Z")),
                    record("k1", 1, utf8("{not json"), Instant.parse("2026-11-24T10:15:05Z")),
                    record(
                        null,
                        2,
                        utf8(valid.replace("SHIPPED", "LOST")),
                        Instant.parse("2026-11-24T10:15:06.5Z")),
                    record(
                        "k3",
                        3,
                        new byte[] {'{', (byte) 0xC3, (byte) 0x28, '"', '\\', '}'},
                        Instant.parse("2026-11-24T10:15:07.001Z")),
                    record(
                        "k4",
                        4,
                        utf8(valid.replace(",\"eventTime\":\"2026-11-24T10:15:03Z\"", "")),
                        Instant.parse("2026-11-24T10:15:08Z"))),
                KafkaRecordDecoder.KAFKA_COLUMNS)
            .repartition(2);

    List<Row> events =
        OrderEventDecoder.decodeValid(
                records,
                new DeadLetterSink(Map.of("bootstrap.servers", kafka.bootstrapServers()), DLQ))
            .collectAsList();
    assertEquals(1, events.size(), events.toString());
    assertEquals("a", events.get(0).getString(0));

    List<String> expected =
        DeadLetters.of(OrderEventDecoder.decode(records)).collectAsList().stream()
            .map(r -> r.getString(0) + " " + r.getString(1))
            .sorted()
            .collect(Collectors.toList());
    List<String> sent =
        kafka.readAll(DLQ).stream()
            .map(KafkaRecordDecoderIT::keyAndValue)
            .sorted()
            .collect(Collectors.toList());
    assertEquals(4, expected.size(), expected.toString());
    assertEquals(expected, sent);
  }

  private static String keyAndValue(ConsumerRecord<String, byte[]> r) {
    return r.key() + " " + new String(r.value(), StandardCharsets.UTF_8);
  }
}
