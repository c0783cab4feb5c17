package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.jobs.SparkSessions;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import io.pulse.simulator.fraud.TransactionSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The online features as a streaming query: idle when there is no input, and its checkpoint. */
class OnlineFraudFeaturesStreamIT {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("online-fraud-features-stream-it", "local[2]", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static void write(Dataset<Row> rows, Path dir) {
    rows.coalesce(1).write().mode("append").parquet(dir.toString());
  }

  private static Dataset<Row> features(Path transactions, Path labels) {
    return OnlineFraudFeatures.features(
        spark
            .readStream()
            .schema(OnlineFraudFeatures.TRANSACTIONS)
            .parquet(transactions.toString()),
        spark.readStream().schema(OnlineFraudFeatures.LABELS).parquet(labels.toString()),
        Duration.ofDays(37));
  }

  @Test
  void aQueryWithNoNewInputIsIdle(@TempDir Path dir) throws Exception {
    SimulatedTransactions txs =
        TransactionSimulator.generate(FraudSimulationOptions.of(40, 60, 20, 5));
    List<SimulatedTransaction> all = txs.asList();
    int half = all.size() / 2;
    Path in = dir.resolve("transactions");
    Path labels = dir.resolve("labels");
    write(FraudTestData.onlineTransactions(spark, all.subList(0, half)), in);
    write(FraudTestData.fraudLabels(spark, txs).limit(0), labels);

    StreamingQuery q =
        OnlineFraudFeatures.startQuery(
            spark,
            dir.resolve("checkpoint").toString(),
            features(in, labels)
                .writeStream()
                .format("memory")
                .queryName("online_features_idle")
                .outputMode(OutputMode.Append())
                .trigger(Trigger.ProcessingTime(200))
                .option("checkpointLocation", dir.resolve("checkpoint").toString()));
    try {
      // With processing-time state timeouts this never returned: every trigger ran a batch.
      assertTimeoutPreemptively(Duration.ofMinutes(3), () -> q.processAllAvailable());
      assertEquals(half, spark.table("online_features_idle").count());
      write(
          FraudTestData.onlineTransactions(spark, all.subList(half, all.size()))
              // a resend of one already scored: dropped by the customer state
              .union(FraudTestData.onlineTransactions(spark, all.subList(0, 1))),
          in);
      assertTimeoutPreemptively(Duration.ofMinutes(3), () -> q.processAllAvailable());
      assertEquals(all.size(), spark.table("online_features_idle").count());
      // ... because it runs no batch without input (a processing-time timeout ran one per
      // trigger).
      for (org.apache.spark.sql.streaming.StreamingQueryProgress p : q.recentProgress()) {
        assertTrue(p.numInputRows() > 0, "a batch without input: " + p);
      }
      assertEquals(
          null,
          q.exception().isDefined() ? q.exception().get() : null,
          "the query is still running");
      // The session's own settings are untouched: only the features query runs without
      // data-less batches.
      assertEquals(
          "true", spark.conf().get("spark.sql.streaming.noDataMicroBatches.enabled", "true"));
    } finally {
      q.stop();
    }
  }

  /** What Pulse ran before: flatMapGroupsWithState on the default (HDFS-backed) state store. */
  private static final class Counter
      implements FlatMapGroupsWithStateFunction<String, Row, Long, String> {
    @Override
    public java.util.Iterator<String> call(
        String key,
        java.util.Iterator<Row> rows,
        org.apache.spark.sql.streaming.GroupState<Long> s) {
      long n = s.exists() ? s.get() : 0;
      while (rows.hasNext()) {
        rows.next();
        n++;
      }
      s.update(n);
      return List.of(key).iterator();
    }
  }

  @Test
  void aCheckpointOfTheEarlierStateIsRefused(@TempDir Path dir) throws Exception {
    SimulatedTransactions txs =
        TransactionSimulator.generate(FraudSimulationOptions.of(40, 60, 5, 7));
    Path in = dir.resolve("transactions");
    Path labels = dir.resolve("labels");
    write(FraudTestData.onlineTransactions(spark, txs.asList()), in);
    write(FraudTestData.fraudLabels(spark, txs).limit(0), labels);
    String checkpoint = dir.resolve("checkpoint").toString();
    Dataset<Row> keys =
        spark
            .readStream()
            .schema(OnlineFraudFeatures.TRANSACTIONS)
            .parquet(in.toString())
            .select("customerId")
            .union(
                spark
                    .readStream()
                    .schema(OnlineFraudFeatures.LABELS)
                    .parquet(labels.toString())
                    .select("transactionId"));
    StreamingQuery old =
        keys.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
            .flatMapGroupsWithState(
                new Counter(),
                OutputMode.Append(),
                Encoders.LONG(),
                Encoders.STRING(),
                GroupStateTimeout.NoTimeout())
            .writeStream()
            .format("noop")
            .trigger(Trigger.AvailableNow())
            .option("checkpointLocation", checkpoint)
            .start();
    old.awaitTermination();
    assertTrue(Files.isDirectory(dir.resolve("checkpoint").resolve("state")));

    // What Spark itself does with that checkpoint, once there is input to run a batch on.
    write(FraudTestData.onlineTransactions(spark, txs.asList().subList(0, 1)), in);
    try {
      OnlineFraudFeatures.QUERY_CONF.forEach(spark.conf()::set);
      features(in, labels)
          .writeStream()
          .format("noop")
          .trigger(Trigger.AvailableNow())
          .option("checkpointLocation", checkpoint)
          .start()
          .awaitTermination();
      System.out.println("SPARK-OLD-CHECKPOINT: no error");
    } catch (Exception failure) {
      System.out.println("SPARK-OLD-CHECKPOINT: " + failure);
    } finally {
      OnlineFraudFeatures.QUERY_CONF.keySet().forEach(spark.conf()::unset);
    }

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                OnlineFraudFeatures.startQuery(
                    spark,
                    checkpoint,
                    features(in, labels)
                        .writeStream()
                        .format("noop")
                        .option("checkpointLocation", checkpoint)));
    assertTrue(e.getMessage().contains("flatMapGroupsWithState"), e.getMessage());
    assertTrue(e.getMessage().contains("--checkpoint-location"), e.getMessage());
  }
}
