package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.jobs.FlatJsonDecoder;
import io.pulse.jobs.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FraudScoring reads its own records (bank.transactions.scored, bank.fraud-labels.scored) into
 * exactly the rows from_json read: records rendered by the real {@link FraudScoring#scoredRecords}
 * and {@link LabelJoin#records}, decoded both ways.
 */
class ScoredRecordsDecodingTest {
  private static final Timestamp RECEIVED = Timestamp.from(Instant.parse("2026-11-26T08:00:00Z"));

  /** What scoredRecords takes: the live-scored rows with the shadow's columns. */
  private static final StructType SCORED_INPUT =
      new StructType()
          .add("transactionId", DataTypes.StringType)
          .add("terminalId", DataTypes.StringType)
          .add("timestamp", DataTypes.TimestampType)
          .add("amountCents", DataTypes.LongType)
          .add("score", DataTypes.DoubleType)
          .add("alert", DataTypes.BooleanType)
          .add(FraudScoring.MODEL_VERSION, DataTypes.StringType)
          .add(FraudScoring.SHADOW_VERSION, DataTypes.StringType)
          .add(FraudScoring.SHADOW_SCORE, DataTypes.DoubleType)
          .add(FraudScoring.SHADOW_ALERT, DataTypes.BooleanType);

  private static final double[] EDGE_SCORES = {
    0.0, 1.0, 4.9e-324, 1.0e-300, 2.2250738585072014e-308, 1.0e-7, 0.1, 0.999999999999, 1.0e20
  };

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("scored-records-decoding-test", "local[2]", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void scoredAndLabelRecordsDecodeToFromJsonsRows() {
    Random random = new Random(20261126);
    List<Row> scored = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      scored.add(scoredInput(random, i));
    }
    Dataset<Row> scoredRecords =
        kafka(FraudScoring.scoredRecords(spark.createDataFrame(scored, SCORED_INPUT)));

    List<Row> parsed = assertSameRows(scoredRecords, FraudScoring.SCORED);
    assertEquals(
        referenceParseScored(scoredRecords).collectAsList(),
        FraudScoring.parseScored(scoredRecords).collectAsList());
    assertEquals(
        referenceReceivedAt(scoredRecords, FraudScoring.SCORED).collectAsList(),
        FraudScoring.receivedAt(scoredRecords, FraudScoring.SCORED).collectAsList());
    assertEquals(400, FraudScoring.parseScored(scoredRecords).count());

    // Labels as the join emits them: matched ones (the scored row from the records above) and
    // unmatched ones (dead letters, on the other topic).
    List<Row> joined = new ArrayList<>();
    for (Row s : parsed) {
      joined.add(joinedLabel(random, s));
      if (random.nextInt(10) == 0) {
        joined.add(joinedLabel(random, null));
      }
    }
    Dataset<Row> labelRecords =
        kafka(
            LabelJoin.records(
                    spark.createDataFrame(joined, joinedSchema()), "labels.scored", "labels.dlq")
                .where(col("topic").equalTo("labels.scored")));
    assertSameRows(labelRecords, FraudScoring.SCORED_LABEL);
    assertSameRows(labelRecords, LabelJoin.SCORED_LABEL);
    assertEquals(
        referenceReceivedAt(labelRecords, FraudScoring.SCORED_LABEL).collectAsList(),
        FraudScoring.receivedAt(labelRecords, FraudScoring.SCORED_LABEL).collectAsList());
  }

  @Test
  void malformedValuesNeitherThrowNorPassTheFilters() {
    String record =
        "{\"transactionId\":\"t-1\",\"terminalId\":\"T1\",\"timestamp\":\"2026-11-24T10:15:00.123Z\","
            + "\"amount\":12.50,\"score\":0.5,\"alert\":false,\"modelVersion\":\"v1\"}";
    List<String> values =
        List.of(
            "not json",
            "[]",
            "{\"transactionId\": 5}",
            record.substring(0, record.length() / 2),
            record.substring(0, record.length() - 1),
            "{\"timestamp\":\"2026-11-24T10:15:00Z\",\"modelVersion\":\"v1\"}");
    List<Row> rows = new ArrayList<>();
    for (String v : values) {
      rows.add(RowFactory.create(v.getBytes(StandardCharsets.UTF_8), RECEIVED));
    }
    rows.add(RowFactory.create(null, RECEIVED));
    Dataset<Row> records = spark.createDataFrame(rows, kafkaSchema());

    assertEquals(0, FraudScoring.parseScored(records).count());
    assertEquals(0, referenceParseScored(records).count());
    // receivedAt keeps a record with a transactionId alone: {"transactionId": 5} reads as "5"
    // both ways (from_json's text of a number); the per-version counts drop it, having no version.
    List<Row> kept = FraudScoring.receivedAt(records, FraudScoring.SCORED).collectAsList();
    assertEquals(
        referenceReceivedAt(records, FraudScoring.SCORED).collectAsList(), kept, kept.toString());
    assertEquals(1, kept.size());
    assertTrue(kept.get(0).isNullAt(kept.get(0).fieldIndex(FraudScoring.MODEL_VERSION)));
  }

  private static Row scoredInput(Random random, int i) {
    String id =
        switch (i % 50) {
          case 0 -> "tx-\"quoted\"\\" + i;
          case 1 -> "tx-é-ü-\u2028-" + i;
          default -> "tx-" + Long.toHexString(random.nextLong());
        };
    String terminal = i % 37 == 0 ? null : "T" + random.nextInt(2000);
    long micros =
        Instant.parse("2026-11-01T00:00:00Z").getEpochSecond() * 1_000_000L
            + (long) (random.nextDouble() * 30L * 86_400_000_000L);
    // Whole seconds, whole millis and micros: to_json writes millis.
    long t =
        switch (i % 3) {
          case 0 -> micros / 1_000_000L * 1_000_000L;
          case 1 -> micros / 1000L * 1000L;
          default -> micros;
        };
    Timestamp timestamp = new Timestamp(Math.floorDiv(t, 1000L));
    timestamp.setNanos((int) Math.floorMod(t, 1_000_000L) * 1000);
    long cents =
        switch (i % 7) {
          case 0 -> 0L;
          case 1 -> 1L;
          case 2 -> 99_999_999_999_999L; // MONEY's largest
          case 3 -> -random.nextInt(100_000);
          default -> (long) (random.nextDouble() * 5_000_000L);
        };
    double score =
        i < EDGE_SCORES.length * 2
            ? EDGE_SCORES[i % EDGE_SCORES.length] * (i < EDGE_SCORES.length ? 1 : -1)
            : random.nextDouble();
    boolean shadow = random.nextBoolean();
    Double shadowScore = shadow ? (Double) (i % 11 == 0 ? 1.0e-9 : random.nextDouble()) : null;
    return RowFactory.create(
        id,
        terminal,
        timestamp,
        cents,
        score,
        score >= 0.5,
        "v" + (1 + random.nextInt(3)),
        shadow ? "v" + (4 + random.nextInt(2)) : null,
        shadowScore,
        shadow ? shadowScore >= 0.4 : null);
  }

  /** A row of the join's output: a match with {@code scored}, or, when null, an unmatched label. */
  private static Row joinedLabel(Random random, Row scored) {
    List<Object> values = new ArrayList<>();
    for (int f = 0; f < FraudScoring.SCORED.size(); f++) {
      values.add(scored == null ? null : scored.get(f));
    }
    Timestamp labelledAt =
        Timestamp.from(
            Instant.parse("2026-11-26T00:00:00Z").plusMillis(random.nextInt(86_400_000)));
    labelledAt.setNanos(labelledAt.getNanos() + random.nextInt(1000) * 1000);
    values.add(random.nextInt(4) == 0 ? null : random.nextBoolean());
    values.add(random.nextBoolean() ? "chargeback" : random.nextBoolean() ? null : "investigation");
    values.add(labelledAt);
    values.add(random.nextBoolean());
    values.add("k".getBytes(StandardCharsets.UTF_8));
    values.add("{\"transactionId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    values.add("bank.fraud-labels");
    values.add(0);
    values.add((long) random.nextInt(1000));
    values.add(RECEIVED);
    return RowFactory.create(values.toArray());
  }

  /** {@link LabelJoin#join}'s output: the scored label, then the label's own Kafka record. */
  private static StructType joinedSchema() {
    return LabelJoin.SCORED_LABEL
        .add("label_key", DataTypes.BinaryType)
        .add("label_value", DataTypes.BinaryType)
        .add("label_topic", DataTypes.StringType)
        .add("label_partition", DataTypes.IntegerType)
        .add("label_offset", DataTypes.LongType)
        .add("label_receivedAt", DataTypes.TimestampType);
  }

  private static StructType kafkaSchema() {
    return new StructType()
        .add("value", DataTypes.BinaryType)
        .add("timestamp", DataTypes.TimestampType);
  }

  /** Records as the Kafka source gives them: the value's bytes and the record's time. */
  private static Dataset<Row> kafka(Dataset<Row> keyedJson) {
    List<Row> rows = new ArrayList<>();
    for (Row r : keyedJson.collectAsList()) {
      rows.add(RowFactory.create(r.getString(1).getBytes(StandardCharsets.UTF_8), RECEIVED));
    }
    return spark.createDataFrame(rows, kafkaSchema());
  }

  /** The decoder's rows of {@code schema} equal from_json's, record by record; from_json's. */
  private static List<Row> assertSameRows(Dataset<Row> records, StructType schema) {
    List<Row> expected =
        records
            .select(from_json(col("value").cast("string"), schema).alias("s"))
            .select("s.*")
            .collectAsList();
    List<Row> actual = FlatJsonDecoder.rows(records, schema).collectAsList();
    List<Row> values = records.collectAsList();
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(
          expected.get(i),
          actual.get(i),
          new String(values.get(i).<byte[]>getAs("value"), StandardCharsets.UTF_8));
    }
    return expected;
  }

  /** parseScored as it was, with from_json. */
  private static Dataset<Row> referenceParseScored(Dataset<Row> records) {
    return records
        .select(from_json(col("value").cast("string"), FraudScoring.SCORED).alias("s"))
        .select("s.*")
        .where(col("transactionId").isNotNull().and(col("timestamp").isNotNull()));
  }

  /** receivedAt as it was, with from_json. */
  private static Dataset<Row> referenceReceivedAt(Dataset<Row> records, StructType schema) {
    return records
        .select(
            from_json(col("value").cast("string"), schema).alias("s"),
            col("timestamp").alias(FraudScoring.RECEIVED_AT))
        .select(col("s.*"), col(FraudScoring.RECEIVED_AT))
        .where(col("transactionId").isNotNull());
  }
}
