package io.pulse.jobs.fraud;

import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Simulated histories as the Datasets the offline and online feature paths start from. */
final class FraudTestData {
  private FraudTestData() {}

  static Dataset<Row> offlineInput(SparkSession spark, SimulatedTransactions txs) {
    List<Row> rows = new ArrayList<>(txs.size());
    for (SimulatedTransaction t : txs.asList()) {
      rows.add(
          RowFactory.create(
              Long.toString(t.transactionId()),
              Integer.toString(t.customerId()),
              Integer.toString(t.terminalId()),
              t.amountCents(),
              Timestamp.from(t.datetime()),
              t.fraud() ? 1 : 0));
    }
    return spark.createDataFrame(rows, FraudFeatures.TRANSACTIONS);
  }

  static Dataset<Row> onlineTransactions(SparkSession spark, List<SimulatedTransaction> txs) {
    List<Row> rows = new ArrayList<>(txs.size());
    for (SimulatedTransaction t : txs) {
      rows.add(
          RowFactory.create(
              Long.toString(t.transactionId()),
              Integer.toString(t.customerId()),
              Integer.toString(t.terminalId()),
              t.amountCents(),
              "EUR",
              Timestamp.from(t.datetime())));
    }
    return spark.createDataFrame(rows, OnlineFraudFeatures.TRANSACTIONS);
  }

  /** A label for every fraud, as investigators would publish them. */
  static Dataset<Row> fraudLabels(SparkSession spark, SimulatedTransactions txs) {
    List<Row> rows = new ArrayList<>();
    for (SimulatedTransaction t : txs.asList()) {
      if (t.fraud()) {
        rows.add(
            RowFactory.create(
                Long.toString(t.transactionId()),
                Integer.toString(t.terminalId()),
                Timestamp.from(t.datetime()),
                true));
      }
    }
    return spark.createDataFrame(rows, OnlineFraudFeatures.LABELS);
  }

  /**
   * The amount in cents above which a tree model trained on {@code history}'s transactions of
   * [from, until) with {@code maxBins} bins must alert scenario 1, whatever the draw. Spark's trees
   * split a continuous feature only at candidates about a quantile stride apart (rows / bins;
   * {@code RandomForest.findSplitsForContinuousFeature} takes the distinct value nearest each
   * stride), and the training rows hold no genuine amount over 220: so a candidate lies between 220
   * and the amount of the (2 strides + 1)-th training transaction over 220, and the boundary a tree
   * learns is at or under it. Amounts between 220 and there fall on either side of it, as the rows
   * leave them: on a 1,000-customer week, with 80 amounts over 220, the band reaches about 240 EUR;
   * on the book's 5,000 customers and 1.8 M rows it is a few cents.
   */
  static long scenarioOneResolvedCents(
      SimulatedTransactions history, Instant from, Instant until, int maxBins) {
    List<Long> over = new ArrayList<>();
    int rows = 0;
    for (SimulatedTransaction t : history.asList()) {
      if (!t.datetime().isBefore(from) && t.datetime().isBefore(until)) {
        rows++;
        if (t.amountCents() > 22_000) {
          over.add(t.amountCents());
        }
      }
    }
    over.sort(null);
    int stride = (int) Math.ceil(rows / (double) maxBins);
    return over.isEmpty() ? 22_000 : over.get(Math.min(over.size() - 1, 2 * stride));
  }
}
