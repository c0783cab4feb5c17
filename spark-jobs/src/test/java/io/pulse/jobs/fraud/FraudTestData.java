package io.pulse.jobs.fraud;

import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import java.sql.Timestamp;
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
}
