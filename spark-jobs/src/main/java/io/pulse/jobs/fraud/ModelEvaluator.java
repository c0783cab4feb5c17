package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_seconds;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The handbook's evaluation protocol on a featured history: fit on the training period, score the
 * test period, leave out the cards investigators already knew to be compromised.
 */
final class ModelEvaluator {
  private ModelEvaluator() {}

  /** A model fitted on one protocol's training period and its predictions on the test period. */
  record Evaluation(
      PipelineModel model,
      List<FraudMetrics.Prediction> predictions,
      double trainSeconds,
      long trainRows) {}

  static Evaluation evaluate(
      Dataset<Row> features, EvaluationProtocol p, String model, FraudModelTrainerOptions o) {
    Dataset<Row> train = trainingRows(features, p, o.coldStartDays()).cache();
    long rows = train.count();
    long t0 = System.nanoTime();
    PipelineModel fitted = ModelPipelines.pipeline(model, o, rows).fit(train);
    double seconds = (System.nanoTime() - t0) / 1e9;
    train.unpersist();

    Dataset<Row> test = split(features, p.testFrom(), p.testUntil());
    List<Row> scored =
        FraudModelTrainer.score(fitted, test)
            .select(
                floor(
                        unix_seconds(col("timestamp"))
                            .minus(p.testFrom().getEpochSecond())
                            .divide(86_400))
                    .cast("int")
                    .alias("day"),
                col("customerId"),
                col("fraud"),
                col(FraudModelTrainer.SCORE))
            .collectAsList();
    Map<Integer, Set<String>> known = knownCompromised(features, p);
    List<FraudMetrics.Prediction> predictions = new ArrayList<>(scored.size());
    for (Row r : scored) {
      int day = r.getInt(0);
      String customer = r.getString(1);
      if (!known.getOrDefault(day, Set.of()).contains(customer)) {
        predictions.add(
            new FraudMetrics.Prediction(day, customer, r.getInt(2) == 1, r.getDouble(3)));
      }
    }
    return new Evaluation(fitted, predictions, seconds, rows);
  }

  /**
   * The book's "known defrauded customers" of test day i: cards with a fraud from the start of
   * training up to the day before test day i minus the delay, i.e. labels investigators had.
   */
  static Map<Integer, Set<String>> knownCompromised(Dataset<Row> features, EvaluationProtocol p) {
    Instant lastKnownUntil = p.trainUntil().plusSeconds(86_400L * (p.testDays() - 1));
    List<Row> frauds =
        split(features, p.trainFrom(), lastKnownUntil)
            .where(col("fraud").equalTo(1))
            .select(
                col("customerId"),
                floor(
                        unix_seconds(col("timestamp"))
                            .minus(p.trainUntil().getEpochSecond())
                            .divide(86_400))
                    .cast("int"))
            .collectAsList();
    Map<Integer, Set<String>> known = new HashMap<>();
    for (int day = 0; day < p.testDays(); day++) {
      Set<String> cards = new HashSet<>();
      for (Row r : frauds) {
        // Day index relative to the end of training: < day means known before test day `day`.
        if (r.getInt(1) < day) {
          cards.add(r.getString(0));
        }
      }
      known.put(day, cards);
    }
    return known;
  }

  /**
   * The training period's rows as a running system features them (with the history before them),
   * plus its first {@code coldStartDays} featured from an empty state: what the online features
   * give for a customer's first transactions and at terminals without history, as when Pulse starts
   * on a new deployment (or ./pulse local starts). Without them the model never sees a new
   * customer, whose 1/7/30-day mean amounts are the amount itself: it reads a first transaction of
   * 475 EUR as a customer who always spends that much and scores it near 0.
   */
  static Dataset<Row> trainingRows(Dataset<Row> features, EvaluationProtocol p, int coldStartDays) {
    Dataset<Row> warm = split(features, p.trainFrom(), p.trainUntil());
    int days = Math.min(coldStartDays, p.trainDays());
    if (days > 0) {
      Dataset<Row> history =
          split(features, p.trainFrom(), p.trainFrom().plusSeconds(86_400L * days))
              .select(
                  java.util.Arrays.stream(FraudFeatures.TRANSACTIONS.fieldNames())
                      .map(org.apache.spark.sql.functions::col)
                      .toArray(Column[]::new));
      warm = warm.unionByName(FraudFeatures.offline(history), true);
    }
    return warm.withColumn("label", label());
  }

  static Dataset<Row> split(Dataset<Row> features, Instant from, Instant until) {
    return features.where(
        col("timestamp")
            .geq(lit(Timestamp.from(from)))
            .and(col("timestamp").lt(lit(Timestamp.from(until)))));
  }

  /** Training rows: the label column the classifiers expect. */
  static Column label() {
    return col("fraud").cast("double");
  }
}
