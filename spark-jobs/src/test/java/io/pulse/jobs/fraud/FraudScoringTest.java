package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.FraudMinuteSummary;
import io.pulse.events.ResultKeys;
import io.pulse.jobs.SparkSessions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The summary's transforms on literal rows, in batch mode. */
class FraudScoringTest {
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.create("fraud-scoring-test", "local[2]", 2);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static Row scored(String id, String time, String amount, boolean alert) {
    return RowFactory.create(
        id,
        "T1",
        Timestamp.from(Instant.parse(time)),
        new BigDecimal(amount),
        alert ? 0.9 : 0.1,
        alert,
        "v1",
        null,
        null,
        null);
  }

  @Test
  void summaryRecordsAreKeyedByTheResultKeyOfTheirWindow() {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                scored("t1", "2026-11-24T10:15:03Z", "10.00", false),
                scored("t2", "2026-11-24T10:15:59Z", "250.50", true),
                scored("t2", "2026-11-24T10:15:59Z", "250.50", true),
                scored("t3", "2026-11-24T10:16:00Z", "1.25", false)),
            FraudScoring.SCORED);
    List<Row> records =
        FraudScoring.summaryRecords(
                FraudScoring.summarise(rows, Duration.ofMinutes(1), Duration.ofMinutes(10)))
            .orderBy("key")
            .collectAsList();
    assertEquals(2, records.size());
    for (Row r : records) {
      FraudMinuteSummary minute =
          FraudMinuteSummary.decode(r.getString(1).getBytes(StandardCharsets.UTF_8));
      assertEquals(ResultKeys.fraudSummary(minute.windowStart()), r.getString(0));
    }
    FraudMinuteSummary first =
        FraudMinuteSummary.decode(records.get(0).getString(1).getBytes(StandardCharsets.UTF_8));
    assertEquals(2, first.transactions());
    assertEquals(1, first.alerts());
  }

  private static Row versioned(
      String id, String live, boolean alert, String shadow, Boolean shadowAlert, Boolean fraud) {
    Timestamp t = Timestamp.from(Instant.parse("2026-11-24T10:15:00Z"));
    Object[] scoredFields = {
      id,
      "T1",
      t,
      new BigDecimal("1.00"),
      0.5,
      alert,
      live,
      shadow,
      shadow == null ? null : 0.5,
      shadowAlert
    };
    if (fraud == null) {
      return RowFactory.create(append(scoredFields, t));
    }
    return RowFactory.create(append(scoredFields, fraud, "chargeback", t, t));
  }

  private static Object[] append(Object[] fields, Object... more) {
    Object[] all = java.util.Arrays.copyOf(fields, fields.length + more.length);
    System.arraycopy(more, 0, all, fields.length, more.length);
    return all;
  }

  @Test
  void countsEachVersionsScoredAlertsAndConfusionMatrixOnce() {
    List<Row> scoredRows = new java.util.ArrayList<>();
    List<Row> labelRows = new java.util.ArrayList<>();
    java.util.Map<String, long[]> truth = new java.util.TreeMap<>();
    java.util.Random random = new java.util.Random(12);
    for (int i = 0; i < 200; i++) {
      String id = "t" + i;
      boolean alert = random.nextInt(4) == 0;
      String shadow = i < 120 ? "v2" : null;
      Boolean shadowAlert = shadow == null ? null : random.nextInt(3) == 0;
      scoredRows.add(versioned(id, "v1", alert, shadow, shadowAlert, null));
      if (i % 10 == 0) {
        scoredRows.add(versioned(id, "v1", alert, shadow, shadowAlert, null)); // replayed
      }
      add(truth, "v1", alert, null);
      if (shadow != null) {
        add(truth, shadow, shadowAlert, null);
      }
      if (i % 3 == 0) {
        boolean fraud = random.nextInt(5) == 0;
        labelRows.add(versioned(id, "v1", alert, shadow, shadowAlert, fraud));
        labelRows.add(versioned(id, "v1", alert, shadow, shadowAlert, fraud)); // resent
        add(truth, "v1", alert, fraud);
        if (shadow != null) {
          add(truth, shadow, shadowAlert, fraud);
        }
      }
    }
    org.apache.spark.sql.types.StructType scoredSchema =
        FraudScoring.SCORED.add(FraudScoring.RECEIVED_AT, DataTypes.TimestampType);
    org.apache.spark.sql.types.StructType labelSchema =
        FraudScoring.SCORED_LABEL.add(FraudScoring.RECEIVED_AT, DataTypes.TimestampType);
    List<Row> records =
        FraudScoring.modelRecords(
                FraudScoring.modelCounts(
                    spark.createDataFrame(scoredRows, scoredSchema),
                    spark.createDataFrame(labelRows, labelSchema),
                    Duration.ofMinutes(10),
                    Duration.ofDays(7)))
            .collectAsList();
    java.util.Map<String, String> actual = new java.util.TreeMap<>();
    for (Row r : records) {
      com.fasterxml.jackson.databind.JsonNode n =
          io.pulse.events.JsonReader.parse(r.getString(1).getBytes(StandardCharsets.UTF_8));
      assertEquals(ResultKeys.fraudModel(n.get("version").asText()), r.getString(0));
      actual.put(
          n.get("version").asText(),
          List.of(
                  n.get("scored").asLong(),
                  n.get("alerts").asLong(),
                  n.get("labelled").asLong(),
                  n.get("truePositives").asLong(),
                  n.get("falsePositives").asLong(),
                  n.get("falseNegatives").asLong(),
                  n.get("trueNegatives").asLong())
              .toString());
    }
    java.util.Map<String, String> expected = new java.util.TreeMap<>();
    truth.forEach(
        (v, c) -> expected.put(v, java.util.Arrays.stream(c).boxed().toList().toString()));
    assertEquals(expected, actual);
    assertEquals(200, truth.get("v1")[0]);
    assertEquals(120, truth.get("v2")[0]);
  }

  @Test
  void aRelabelledTransactionCountsOnceWithItsLatestLabel() {
    org.apache.spark.sql.types.StructType scoredSchema =
        FraudScoring.SCORED.add(FraudScoring.RECEIVED_AT, DataTypes.TimestampType);
    org.apache.spark.sql.types.StructType labelSchema =
        FraudScoring.SCORED_LABEL.add(FraudScoring.RECEIVED_AT, DataTypes.TimestampType);
    // t1 alerted: fraud, then genuine a day later (FP); t2 not alerted: genuine, then an older
    // fraud label read after it (stays TN); t3 alerted: one label sent twice (TP).
    List<Row> scored =
        List.of(
            versioned("t1", "v1", true, null, null, null),
            versioned("t2", "v1", false, null, null, null),
            versioned("t3", "v1", true, null, null, null));
    List<Row> labels =
        List.of(
            labelled("t1", true, true, "2026-11-24T12:00:00Z"),
            labelled("t1", true, false, "2026-11-25T12:00:00Z"),
            labelled("t2", false, false, "2026-11-25T12:00:00Z"),
            labelled("t2", false, true, "2026-11-24T12:00:00Z"),
            labelled("t3", true, true, "2026-11-24T12:00:00Z"),
            labelled("t3", true, true, "2026-11-24T12:00:00Z"));
    Row counts =
        FraudScoring.modelCounts(
                spark.createDataFrame(scored, scoredSchema),
                spark.createDataFrame(labels, labelSchema),
                Duration.ofMinutes(10),
                Duration.ofDays(7))
            .collectAsList()
            .get(0);
    assertEquals("v1", counts.getAs("version"));
    assertEquals(
        List.of(3L, 2L, 3L, 1L, 1L, 0L, 1L),
        List.of(
            counts.<Long>getAs("scored"),
            counts.<Long>getAs("alerts"),
            counts.<Long>getAs("labelled"),
            counts.<Long>getAs("truePositives"),
            counts.<Long>getAs("falsePositives"),
            counts.<Long>getAs("falseNegatives"),
            counts.<Long>getAs("trueNegatives")));
  }

  private static Row labelled(String id, boolean alert, boolean fraud, String labelledAt) {
    Row r = versioned(id, "v1", alert, null, null, fraud);
    Object[] fields = new Object[r.length()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = r.get(i);
    }
    fields[FraudScoring.SCORED_LABEL.fieldIndex("labelledAt")] =
        Timestamp.from(Instant.parse(labelledAt));
    return RowFactory.create(fields);
  }

  /** scored, alerts, labelled, TP, FP, FN, TN; fraud null: a scored record, else a label. */
  private static void add(
      java.util.Map<String, long[]> truth, String v, boolean alert, Boolean fraud) {
    long[] c = truth.computeIfAbsent(v, k -> new long[7]);
    if (fraud == null) {
      c[0]++;
      c[1] += alert ? 1 : 0;
      return;
    }
    c[2]++;
    c[alert ? (fraud ? 3 : 4) : (fraud ? 5 : 6)]++;
  }
}
