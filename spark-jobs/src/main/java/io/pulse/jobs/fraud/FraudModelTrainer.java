package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;

import io.pulse.jobs.SparkSessions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
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
    System.out.println(report.best() + ": " + report.saved().describe());
    spark.stop();
  }

  /** Reads the history (a CSV or the archive), trains, evaluates, saves. */
  public static TrainingReport run(SparkSession spark, FraudModelTrainerOptions options) {
    Dataset<Row> history =
        options.inputArchive() != null
            ? FraudFeatures.readArchive(spark, options.inputArchive())
            : FraudFeatures.readHandbookCsv(spark, options.inputCsv());
    return trainAndSave(history, resolved(history, options));
  }

  /** The options with {@code --train-start latest} made a date from the history's last day. */
  static FraudModelTrainerOptions resolved(Dataset<Row> history, FraudModelTrainerOptions options) {
    if (options.protocol().trainStart() != null) {
      return options;
    }
    Instant last = maxTime(history);
    if (last == null) {
      throw new IllegalArgumentException(
          options.source() + " holds no transaction to find the latest train start in");
    }
    return options.withProtocol(options.protocol().resolve(last));
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
    int folds = test.foldsWithin(options.folds(), minTime(features), maxTime(features));
    if (folds < options.folds()) {
      System.out.printf(
          "folds: %d of --folds %d (the history, %s to %s, holds no more whole periods)%n",
          folds, options.folds(), minTime(features), maxTime(features));
    }
    List<TrainingReport.ModelResult> results = new ArrayList<>();
    Map<String, PipelineModel> fitted = new HashMap<>();
    Map<String, List<FraudMetrics.Prediction>> validationPredictions = new HashMap<>();
    Map<String, Double> trainSeconds = new HashMap<>();
    long trainRows = 0;
    long testRows = 0;
    for (String name : options.models()) {
      List<FraudMetrics.Summary> validationFolds = new ArrayList<>();
      for (EvaluationProtocol fold : validation.validationFolds(folds)) {
        ModelEvaluator.Evaluation v = ModelEvaluator.evaluate(features, fold, name, options);
        validationFolds.add(FraudMetrics.summarise(v.predictions(), options.topK()));
        // The threshold comes from the validation period nearest to the test.
        validationPredictions.putIfAbsent(name, v.predictions());
      }
      List<FraudMetrics.Summary> testFolds = new ArrayList<>();
      for (EvaluationProtocol fold : test.testFolds(folds)) {
        ModelEvaluator.Evaluation t = ModelEvaluator.evaluate(features, fold, name, options);
        testFolds.add(FraudMetrics.summarise(t.predictions(), options.topK()));
        if (!fitted.containsKey(name)) {
          fitted.put(name, t.model());
          trainRows = t.trainRows();
          testRows = t.predictions().size();
          trainSeconds.put(name, t.trainSeconds());
        }
      }
      results.add(
          new TrainingReport.ModelResult(
              name,
              FraudMetrics.mean(validationFolds),
              FraudMetrics.mean(testFolds),
              trainSeconds.get(name)));
    }
    // Average precision is the book's headline for imbalanced data; AUC breaks ties.
    TrainingReport.ModelResult best =
        results.stream()
            .max(
                java.util.Comparator.<TrainingReport.ModelResult>comparingDouble(
                        r -> nanToMin(r.validation().averagePrecision()))
                    .thenComparingDouble(r -> nanToMin(r.validation().aucRoc())))
            .orElseThrow();
    double threshold = FraudMetrics.bestF1Threshold(validationPredictions.get(best.model()));

    Instant trainMax = maxTime(ModelEvaluator.split(features, test.trainFrom(), test.trainUntil()));
    TrainingReport report =
        new TrainingReport(
            results,
            best.model(),
            threshold,
            test,
            trainRows,
            testRows,
            trainMax,
            minTime(ModelEvaluator.split(features, test.testFrom(), test.testUntil())),
            featureSeconds,
            folds,
            null);
    TrainingReport.Saved saved = save(fitted.get(best.model()), report, options);
    features.unpersist();
    return report.withSaved(saved);
  }

  /** To the model path, or as a new version of the registry (which then decides live or shadow). */
  private static TrainingReport.Saved save(
      PipelineModel model, TrainingReport report, FraudModelTrainerOptions options) {
    if (options.modelRegistry() == null) {
      ModelStore.save(model, report, options, options.modelPath());
      return new TrainingReport.Saved(options.modelPath(), null, false);
    }
    ModelRegistry registry =
        new ModelRegistry(
            options.modelRegistry(),
            SparkSession.active().sparkContext().hadoopConfiguration(),
            Clock.systemUTC());
    String version = registry.newVersionId();
    String dir = registry.pathOf(version);
    ModelStore.save(model, report, options, dir);
    ModelRegistry.State state = registry.add(version);
    return new TrainingReport.Saved(dir, version, state.live().map(version::equals).orElse(false));
  }

  /** Adds {@link #SCORE}, the fraud probability; needs a {@code label} column only to train. */
  public static Dataset<Row> score(PipelineModel model, Dataset<Row> features) {
    return model
        .transform(features)
        .withColumn(SCORE, functions.vector_to_array(col("probability"), "float64").getItem(1));
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
}
