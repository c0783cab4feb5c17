package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.jobs.SparkSessions;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import io.pulse.simulator.fraud.TransactionSimulator;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FraudFeaturesIT {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("fraud-features-it", "local[2]", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Row tx(
      String id, String customer, String terminal, long cents, String at, int fraud) {
    return RowFactory.create(
        id, customer, terminal, cents, Timestamp.from(Instant.parse(at)), fraud);
  }

  private static Map<String, Row> byId(Dataset<Row> features) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : features.collectAsList()) {
      out.put(r.getString(r.fieldIndex("transactionId")), r);
    }
    return out;
  }

  private static double f(Row r, String name) {
    return r.getDouble(r.fieldIndex(name));
  }

  @Test
  void offlineFeaturesFollowTheBooksDefinitions() {
    List<Row> rows =
        List.of(
            // Customer c1: two on Saturday 2018-04-07, one 25 h after the first.
            tx("a", "c1", "T", 1000, "2018-04-07T10:00:00Z", 1),
            tx("b", "c1", "T", 2000, "2018-04-07T20:00:00Z", 0),
            tx("c", "c1", "U", 3000, "2018-04-08T11:00:00Z", 0),
            // Terminal T, 7 days and more later: sees a (fraud) and b in its delayed windows.
            tx("d", "c2", "T", 500, "2018-04-15T05:00:00Z", 0),
            tx("e", "c3", "T", 700, "2018-04-15T10:00:00Z", 0),
            tx("f", "c3", "T", 700, "2018-04-14T10:00:00Z", 0),
            // Customer c4 spends nothing: the ratios over its zero mean amount are 0.
            tx("z", "c4", "V", 0, "2018-04-15T10:00:00Z", 0));
    Map<String, Row> out =
        byId(FraudFeatures.offline(spark.createDataFrame(rows, FraudFeatures.TRANSACTIONS)));

    Row c = out.get("c");
    // (t - 1 day, t]: b and c; a is 25 h before.
    assertEquals(2.0, f(c, FraudFeatures.customerCount(1)));
    assertEquals(25.0, f(c, FraudFeatures.customerMeanAmount(1)));
    assertEquals(3.0, f(c, FraudFeatures.customerCount(7)));
    assertEquals(20.0, f(c, FraudFeatures.customerMeanAmount(30)));
    assertEquals(1.0, f(c, FraudFeatures.TX_DURING_WEEKEND)); // Sunday
    assertEquals(0.0, f(c, FraudFeatures.TX_DURING_NIGHT));
    assertEquals(30.0, f(c, FraudFeatures.TX_AMOUNT));
    // Ratios: 30 over the 7- and 30-day means of 20; the 1-day mean 25 over 20; 2 transactions a
    // day over 1 day and 3/7 over 7 days, against 3/30 a day over 30 days.
    assertEquals(1.5, f(c, FraudFeatures.amountOverCustomerMean(7)));
    assertEquals(1.5, f(c, FraudFeatures.amountOverCustomerMean(30)));
    assertEquals(1.25, f(c, FraudFeatures.customerMeanAmountOver30Days(1)));
    assertEquals(1.0, f(c, FraudFeatures.customerMeanAmountOver30Days(7)));
    assertEquals(20.0, f(c, FraudFeatures.customerDailyCountOver30Days(1)), 1e-12);
    assertEquals(30.0 / 7, f(c, FraudFeatures.customerDailyCountOver30Days(7)), 1e-12);
    Row z = out.get("z");
    assertEquals(0.0, f(z, FraudFeatures.amountOverCustomerMean(30)));
    assertEquals(0.0, f(z, FraudFeatures.customerMeanAmountOver30Days(1)));
    assertEquals(30.0 / 7, f(z, FraudFeatures.customerDailyCountOver30Days(7)), 1e-12);

    Row d = out.get("d"); // 2018-04-15T05:00, Sunday night; delayed window ends 04-08T05:00
    assertEquals(1.0, f(d, FraudFeatures.TX_DURING_NIGHT));
    // 1-day delayed window (04-07T05:00, 04-08T05:00]: a and b, one fraud.
    assertEquals(2.0, f(d, FraudFeatures.terminalCount(1)));
    assertEquals(0.5, f(d, FraudFeatures.terminalRisk(1)));
    // e at 04-15T10:00: window (04-07T10:00, 04-08T10:00] excludes a (exactly 8 days before).
    Row e = out.get("e");
    assertEquals(1.0, f(e, FraudFeatures.terminalCount(1)));
    assertEquals(0.0, f(e, FraudFeatures.terminalRisk(1)));
    assertEquals(2.0, f(e, FraudFeatures.terminalCount(7))); // a, b; f is within the delay
    assertEquals(0.5, f(e, FraudFeatures.terminalRisk(7)));
    // A terminal with nothing in the window: count 0, risk 0 (not NaN).
    assertEquals(0.0, f(out.get("a"), FraudFeatures.terminalCount(30)));
    assertEquals(0.0, f(out.get("a"), FraudFeatures.terminalRisk(30)));
  }

  @Test
  void onlineFeaturesEqualOfflineFeaturesPerTransaction() {
    SimulatedTransactions txs =
        TransactionSimulator.generate(FraudSimulationOptions.of(150, 300, 75, 11));
    Map<String, Row> offline = byId(FraudFeatures.offline(FraudTestData.offlineInput(spark, txs)));

    // Online input in a shuffled order with every 50th transaction resent: the state must sort
    // them out and drop the resends.
    List<SimulatedTransaction> stream = new ArrayList<>(txs.asList());
    java.util.Collections.shuffle(stream, new java.util.Random(3));
    for (int i = 0; i < txs.size(); i += 50) {
      stream.add(txs.get(i));
    }
    Dataset<Row> online =
        OnlineFraudFeatures.features(
            FraudTestData.onlineTransactions(spark, stream),
            FraudTestData.fraudLabels(spark, txs),
            Duration.ofDays(30));
    List<Row> rows = online.collectAsList();

    assertEquals(txs.size(), rows.size(), "one row per distinct transaction");
    assertTrue(txs.frauds() > 50, "the history has frauds for the terminal risks");
    int nonZeroRisk = 0;
    for (Row r : rows) {
      Row expected = offline.get(r.getString(r.fieldIndex("transactionId")));
      for (String name : FraudFeatures.NAMES) {
        assertEquals(f(expected, name), f(r, name), name + " of " + expected);
      }
      if (f(r, FraudFeatures.terminalRisk(30)) > 0) {
        nonZeroRisk++;
      }
    }
    assertTrue(nonZeroRisk > 100, "terminal risks were exercised: " + nonZeroRisk);
  }
}
