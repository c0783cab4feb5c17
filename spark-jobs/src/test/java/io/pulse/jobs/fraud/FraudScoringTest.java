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
}
