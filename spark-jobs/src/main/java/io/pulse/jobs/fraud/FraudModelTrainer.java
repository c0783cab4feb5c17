package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_seconds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.events.JsonReader;
import io.pulse.jobs.SparkSessions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains the fraud model the handbook's way: features over the whole labelled history, models
 * compared on a validation period, the best one trained on the training period, evaluated on the
 * test period (cards already known compromised left out), and saved with its feature pipeline and a
 * metadata.json (metrics, periods, features, threshold) that FraudScoring reads.
 */
public final class FraudModelTrainer {
  public static final String PIPELINE_DIR = "pipeline";
  public static final String METADATA_FILE = "metadata.json";
  public static final String SCORE = "score";

  private FraudModelTrainer() {}

  public static void main(String[] argv) {
    FraudModelTrainerOptions options = FraudModelTrainerOptions.parse(argv, System.getenv());
    SparkSession spark =
        SparkSessions.create("fraud-model-trainer", options.master(), options.shufflePartitions());
    TrainingReport report = run(spark, options);
    System.out.println(report.table());
    System.out.println("saved " + report.best() + " to " + options.modelPath());
    spark.stop();
  }

  /** One model's figures on one period. */
  public record ModelResult(
      String model,
      FraudMetrics.Summary validation,
      FraudMetrics.Summary test,
      double trainSeconds) {}

  /**
   * @param threshold the score from which FraudScoring alerts: the best F1 on the validation period
   */
  public record TrainingReport(
      List<ModelResult> results,
      String best,
      double threshold,
      EvaluationProtocol protocol,
      long trainRows,
      long testRows,
      Instant trainMaxTime,
      Instant testMinTime,
      double featureSeconds) {

    public String table() {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "train %s + %d d, delay %d d, test from %s + %d d; %d train rows, %d test rows%n",
              protocol.trainStart(),
              protocol.trainDays(),
              protocol.delayDays(),
              protocol.testStart(),
              protocol.testDays(),
              trainRows,
              testRows));
      s.append(
          String.format(
              Locale.ROOT,
              "%-5s %9s %9s %9s | %9s %9s %9s | %8s%n",
              "model",
              "val AUC",
              "val AP",
              "val CP@k",
              "test AUC",
              "test AP",
              "test CP@k",
              "train s"));
      for (ModelResult r : results) {
        s.append(
            String.format(
                Locale.ROOT,
                "%-5s %9.3f %9.3f %9.3f | %9.3f %9.3f %9.3f | %8.1f%n",
                r.model(),
                r.validation().aucRoc(),
                r.validation().averagePrecision(),
                r.validation().cardPrecisionAtK(),
                r.test().aucRoc(),
                r.test().averagePrecision(),
                r.test().cardPrecisionAtK(),
                r.trainSeconds()));
      }
      s.append(String.format(Locale.ROOT, "best: %s, threshold %.4f", best, threshold));
      return s.toString();
    }
  }

  /** Reads the history, trains, evaluates, saves. */
  public static TrainingReport run(SparkSession spark, FraudModelTrainerOptions options) {
    return trainAndSave(FraudFeatures.readHandbookCsv(spark, options.inputCsv()), options);
  }

  /** Rows of {@link FraudFeatures#TRANSACTIONS} (with labels) to a saved model and its report. */
  public static TrainingReport trainAndSave(
      Dataset<Row> history, FraudModelTrainerOptions options) {
    long t0 = System.nanoTime();
    Dataset<Row> features = FraudFeatures.offline(history).cache();
    features.count();
    double featureSeconds = (System.nanoTime() - t0) / 1e9;

    EvaluationProtocol test = options.protocol();
    EvaluationProtocol validation = test.validation();
    List<ModelResult> results = new ArrayList<>();
    Map<String, PipelineModel> fitted = new HashMap<>();
    Map<String, List<FraudMetrics.Prediction>> validationPredictions = new HashMap<>();
    long trainRows = 0;
    long testRows = 0;
    for (String name : options.models()) {
      Evaluation v = evaluate(features, validation, name, options);
      Evaluation t = evaluate(features, test, name, options);
      fitted.put(name, t.model());
      validationPredictions.put(name, v.predictions());
      results.add(
          new ModelResult(
              name,
              FraudMetrics.summarise(v.predictions(), options.topK()),
              FraudMetrics.summarise(t.predictions(), options.topK()),
              t.trainSeconds()));
      trainRows = t.trainRows();
      testRows = t.predictions().size();
    }
    // Average precision is the book's headline for imbalanced data; AUC breaks ties.
    ModelResult best =
        results.stream()
            .max(
                java.util.Comparator.<ModelResult>comparingDouble(
                        r -> nanToMin(r.validation().averagePrecision()))
                    .thenComparingDouble(r -> nanToMin(r.validation().aucRoc())))
            .orElseThrow();
    double threshold = bestF1Threshold(validationPredictions.get(best.model()));

    Instant trainMax = maxTime(split(features, test.trainFrom(), test.trainUntil()));
    TrainingReport report =
        new TrainingReport(
            results,
            best.model(),
            threshold,
            test,
            trainRows,
            testRows,
            trainMax,
            minTime(split(features, test.testFrom(), test.testUntil())),
            featureSeconds);
    save(fitted.get(best.model()), report, options);
    features.unpersist();
    return report;
  }

  private record Evaluation(
      PipelineModel model,
      List<FraudMetrics.Prediction> predictions,
      double trainSeconds,
      long trainRows) {}

  private static Evaluation evaluate(
      Dataset<Row> features, EvaluationProtocol p, String model, FraudModelTrainerOptions o) {
    Dataset<Row> train =
        split(features, p.trainFrom(), p.trainUntil()).withColumn("label", label()).cache();
    long rows = train.count();
    long t0 = System.nanoTime();
    PipelineModel fitted = pipeline(model, o, rows).fit(train);
    double seconds = (System.nanoTime() - t0) / 1e9;
    train.unpersist();

    Dataset<Row> test = split(features, p.testFrom(), p.testUntil());
    List<Row> scored =
        score(fitted, test)
            .select(
                floor(
                        unix_seconds(col("timestamp"))
                            .minus(p.testFrom().getEpochSecond())
                            .divide(86_400))
                    .cast("int")
                    .alias("day"),
                col("customerId"),
                col("fraud"),
                col(SCORE))
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

  static Dataset<Row> split(Dataset<Row> features, Instant from, Instant until) {
    return features.where(
        col("timestamp")
            .geq(lit(Timestamp.from(from)))
            .and(col("timestamp").lt(lit(Timestamp.from(until)))));
  }

  /** The pipeline: assemble the 15 features, standardise them (as the book does), classify. */
  static Pipeline pipeline(String model, FraudModelTrainerOptions o, long trainRows) {
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(FraudFeatures.NAMES.toArray(String[]::new))
            .setOutputCol("rawFeatures");
    StandardScaler scaler =
        new StandardScaler()
            .setInputCol("rawFeatures")
            .setOutputCol("features")
            .setWithMean(true)
            .setWithStd(true);
    PipelineStage classifier =
        switch (model) {
          case "lr" ->
              // scikit-learn's default C = 1 on the sum of losses is Spark's regParam 1/n on
              // their mean; features are already standardised.
              new LogisticRegression()
                  .setLabelCol("label")
                  .setMaxIter(200)
                  .setRegParam(1.0 / Math.max(1, trainRows))
                  .setStandardization(false);
          case "rf" ->
              new RandomForestClassifier()
                  .setLabelCol("label")
                  .setNumTrees(o.rfTrees())
                  .setMaxDepth(o.rfDepth())
                  .setFeatureSubsetStrategy("sqrt")
                  .setMaxBins(o.maxBins())
                  .setSeed(0);
          case "gbt" ->
              new GBTClassifier()
                  .setLabelCol("label")
                  .setMaxIter(o.gbtIterations())
                  .setMaxDepth(o.gbtDepth())
                  .setStepSize(o.gbtStep())
                  .setMaxBins(o.maxBins())
                  .setSeed(0);
          default -> throw new IllegalArgumentException("unknown model " + model);
        };
    return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, classifier});
  }

  /** Adds {@link #SCORE}, the fraud probability; needs a {@code label} column only to train. */
  public static Dataset<Row> score(PipelineModel model, Dataset<Row> features) {
    return model
        .transform(features)
        .withColumn(SCORE, functions.vector_to_array(col("probability"), "float64").getItem(1));
  }

  /** Training rows: the label column the classifiers expect. */
  static Column label() {
    return col("fraud").cast("double");
  }

  /** The score threshold of the best F1 on {@code predictions}; 0.5 when there is no fraud. */
  static double bestF1Threshold(List<FraudMetrics.Prediction> predictions) {
    List<FraudMetrics.Prediction> sorted = new ArrayList<>(predictions);
    sorted.sort(java.util.Comparator.comparingDouble(FraudMetrics.Prediction::score).reversed());
    long positives = sorted.stream().filter(FraudMetrics.Prediction::fraud).count();
    if (positives == 0) {
      return 0.5;
    }
    double bestF1 = -1;
    double best = 0.5;
    long tp = 0;
    int i = 0;
    while (i < sorted.size()) {
      double s = sorted.get(i).score();
      while (i < sorted.size() && sorted.get(i).score() == s) {
        if (sorted.get(i).fraud()) {
          tp++;
        }
        i++;
      }
      double f1 = 2.0 * tp / (i + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
        best = s;
      }
    }
    return best;
  }

  private static double nanToMin(double v) {
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }

  private static Instant maxTime(Dataset<Row> rows) {
    Row r = rows.agg(org.apache.spark.sql.functions.max("timestamp")).first();
    return r.isNullAt(0) ? null : r.getTimestamp(0).toInstant();
  }

  private static Instant minTime(Dataset<Row> rows) {
    Row r = rows.agg(org.apache.spark.sql.functions.min("timestamp")).first();
    return r.isNullAt(0) ? null : r.getTimestamp(0).toInstant();
  }

  private static void save(PipelineModel model, TrainingReport report, FraudModelTrainerOptions o) {
    try {
      model.write().overwrite().save(o.modelPath() + "/" + PIPELINE_DIR);
      ObjectNode meta = JsonReader.mapper().createObjectNode();
      meta.put("model", report.best());
      meta.put("threshold", report.threshold());
      ArrayNode names = meta.putArray("features");
      FraudFeatures.NAMES.forEach(names::add);
      ObjectNode period = meta.putObject("period");
      period.put("trainFrom", report.protocol().trainFrom().toString());
      period.put("trainUntil", report.protocol().trainUntil().toString());
      period.put("testFrom", report.protocol().testFrom().toString());
      period.put("testUntil", report.protocol().testUntil().toString());
      period.put("trainRows", report.trainRows());
      period.put("testRows", report.testRows());
      ObjectNode data = meta.putObject("data");
      data.put("source", o.inputCsv());
      ArrayNode metrics = meta.putArray("metrics");
      for (ModelResult r : report.results()) {
        ObjectNode m = metrics.addObject();
        m.put("model", r.model());
        m.put("trainSeconds", r.trainSeconds());
        summary(m.putObject("validation"), r.validation());
        summary(m.putObject("test"), r.test());
      }
      meta.put("trainedAt", Instant.now().toString());
      org.apache.hadoop.fs.Path path =
          new org.apache.hadoop.fs.Path(o.modelPath() + "/" + METADATA_FILE);
      FileSystem fs =
          path.getFileSystem(SparkSession.active().sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(
            JsonReader.mapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(meta)
                .getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + o.modelPath(), e);
    }
  }

  private static void summary(ObjectNode node, FraudMetrics.Summary s) {
    node.put("aucRoc", s.aucRoc());
    node.put("averagePrecision", s.averagePrecision());
    node.put("cardPrecisionAtK", s.cardPrecisionAtK());
    node.put("k", s.k());
  }
}
