package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.jobs.SparkSessions;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import io.pulse.simulator.fraud.TransactionCsv;
import io.pulse.simulator.fraud.TransactionSimulator;
import io.pulse.testsupport.ScenarioOneResolution;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handbook's scenario 1 makes every amount over 220 a fraud: a model trained with the default
 * settings (no test-only options: only the data and its dates are the test's) alerts every one of
 * them at the threshold the trainer chose, both among customers and terminals with their history
 * and among new ones, as in the first minutes of {@code ./pulse local} (features computed from an
 * empty state; FraudFeaturesIT holds the online features equal to these offline ones). Every one
 * above the resolution its training rows give a tree ({@link ScenarioOneResolution}: about 240 EUR
 * on this small history), which includes every amount of 400 EUR and more that a user posts; the
 * few between 220 and there are printed.
 */
class ObviousFraudIT {
  private static SparkSession spark;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("obvious-fraud-it", "local[2]", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyAmountOver220ScoresAboveTheThreshold() {
    Path csv = dir.resolve("history.csv");
    SimulatedTransactions history =
        TransactionSimulator.generate(FraudSimulationOptions.of(1000, 2000, 75, 7));
    TransactionCsv.write(history, csv);
    Path modelPath = dir.resolve("model");
    FraudModelTrainerOptions options =
        FraudModelTrainerOptions.parse(
            new String[] {
              "--input-csv", csv.toString(),
              "--model-path", modelPath.toString(),
              "--train-start", "2018-05-20"
            },
            Map.of());
    TrainingReport report = FraudModelTrainer.run(spark, options);
    System.out.println(report.table());
    long resolved =
        ScenarioOneResolution.cents(
            history,
            report.protocol().trainFrom(),
            report.protocol().trainUntil(),
            options.maxBins());
    PipelineModel model =
        PipelineModel.load(modelPath.resolve(FraudModelTrainer.PIPELINE_DIR).toString());

    // With history: the test week of the same history, features over all of it.
    Dataset<Row> warm =
        ModelEvaluator.split(
            FraudFeatures.offline(FraudTestData.offlineInput(spark, history)),
            report.protocol().testFrom(),
            report.protocol().testUntil());
    assertAllLargeAmountsAlerted(model, warm, report, resolved, "with history");

    // New customers at new terminals: another seed's transactions sent 5 a second from now on,
    // as ./pulse local's simulator does, features from nothing; one in 50 with an amount between
    // 400 and 2,000 EUR, as a user trying the demo would post them.
    SimulatedTransactions other =
        TransactionSimulator.generate(FraudSimulationOptions.of(1000, 2000, 60, 8));
    List<Row> rows = new ArrayList<>();
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    for (int i = 0; i < 3000; i++) {
      SimulatedTransaction t = other.get(i);
      long cents = i % 50 == 49 ? 40_000 + (i * 7_919L) % 160_000 : t.amountCents();
      rows.add(
          RowFactory.create(
              "new-" + i,
              Integer.toString(t.customerId()),
              Integer.toString(t.terminalId()),
              cents,
              Timestamp.from(now.plusMillis(200L * i)),
              t.fraud() ? 1 : 0));
    }
    Dataset<Row> cold =
        FraudFeatures.offline(spark.createDataFrame(rows, FraudFeatures.TRANSACTIONS));
    assertAllLargeAmountsAlerted(model, cold, report, resolved, "new customers and terminals");
  }

  private static void assertAllLargeAmountsAlerted(
      PipelineModel model,
      Dataset<Row> featured,
      TrainingReport report,
      long resolvedCents,
      String what) {
    List<Row> large =
        FraudModelTrainer.score(model, featured)
            .where(col("amountCents").gt(22_000))
            .select("transactionId", "TX_AMOUNT", FraudModelTrainer.SCORE, "amountCents")
            .collectAsList();
    // A week of the history holds dozens (scenario 1, and scenario 3's amounts x 5); the new
    // customers' stream holds 60 posted ones.
    assertTrue(large.size() >= 10, what + ": only " + large.size() + " amounts over 220");
    Map<String, String> missed = new TreeMap<>();
    Map<String, String> inBand = new TreeMap<>();
    for (Row r : large) {
      if (r.getDouble(2) < report.threshold()) {
        boolean resolved = r.getLong(3) > resolvedCents;
        (resolved ? missed : inBand)
            .put(r.getString(0), r.get(1) + " EUR scored " + r.getDouble(2));
      }
    }
    System.out.printf(
        "%s: %d amounts over 220; under the threshold within the training rows' resolution"
            + " (220 to %.2f EUR): %s%n",
        what, large.size(), resolvedCents / 100.0, inBand);
    assertEquals(
        Map.of(),
        missed,
        what
            + ": amounts over "
            + resolvedCents / 100.0
            + " EUR under the threshold "
            + report.threshold()
            + "\n"
            + report.table());
  }
}
