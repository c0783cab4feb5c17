package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every per-record decode failure becomes a dead letter, whatever threw it. */
class KafkaRecordDecoderTest {
  private static final StructType COLUMNS = new StructType().add("n", DataTypes.IntegerType);
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("kafka-record-decoder-test", "local[1]", 1);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** "1" decodes; "bad" breaks a rule; "boom" makes the decoding code itself fail. */
  private static Object[] decode(byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    return switch (text) {
      case "bad" -> throw new InvalidEventException("n must be a number", "$.n");
      case "boom" -> throw new IllegalStateException("a bug in a decoder");
      default -> new Object[] {Integer.parseInt(text)};
    };
  }

  @Test
  void aRuleBrokenOrADecoderFailingBothBecomeDeadLettersAndTheRestDecodes() {
    List<Row> records =
        List.of(record(0, "1"), record(1, "bad"), record(2, "boom"), record(3, "2"));
    Dataset<Row> decoded =
        KafkaRecordDecoder.decode(
            spark.createDataFrame(records, KafkaRecordDecoder.KAFKA_COLUMNS),
            COLUMNS,
            KafkaRecordDecoderTest::decode);
    List<Row> rows = decoded.orderBy("offset").collectAsList();

    assertEquals(1, rows.get(0).<Integer>getAs("n"));
    assertNull(rows.get(0).getAs(DeadLetters.ERROR));
    assertEquals("n must be a number", rows.get(1).getAs(DeadLetters.ERROR));
    assertEquals("$.n", rows.get(1).getAs(DeadLetters.ERROR_FIELD));
    String failure = rows.get(2).getAs(DeadLetters.ERROR);
    assertTrue(failure.startsWith("cannot decode: java.lang.IllegalStateException"), failure);
    assertNull(rows.get(2).getAs("n"));
    assertEquals(2, rows.get(3).<Integer>getAs("n"));
    assertEquals(2, DeadLetters.of(decoded).count(), "both failures are dead letters");
  }

  private static Row record(long offset, String value) {
    return RowFactory.create(
        ("k" + offset).getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        "t",
        0,
        offset,
        new Timestamp(0));
  }
}
