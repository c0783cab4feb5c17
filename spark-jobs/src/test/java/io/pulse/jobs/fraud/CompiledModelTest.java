package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.jobs.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled model gives the very doubles Spark ML's {@code PipelineModel.transform} gives
 * (compared bit for bit, not within a tolerance), on generated rows with edge values: zeros of both
 * signs, infinities, huge and tiny numbers, values exactly on a split's threshold, and null and NaN
 * where the assembler lets them through.
 */
class CompiledModelTest {
  private static final StructType ROWS = schema();
  private static final int FEATURES = FraudFeatures.NAMES.size();
  private static final double[] EDGES = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    1e300,
    -1e300,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1e-9,
    220.0,
    220.5,
    7.0,
    30.0
  };

  private static SparkSession spark;
  private static Dataset<Row> training;
  private static FraudModelTrainerOptions options;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("compiled-model-test", "local[2]", 2);
    training = spark.createDataFrame(rows(new Random(1), 2_000, "train", false), ROWS);
    options =
        FraudModelTrainerOptions.parse(
            new String[] {
              "--input-csv", "unused",
              "--model-path", "unused",
              "--rf-trees", "25",
              "--rf-depth", "8",
              "--max-bins", "64",
              "--gbt-iterations", "3",
              "--gbt-depth", "2"
            },
            Map.of());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static StructType schema() {
    StructType s = new StructType().add("transactionId", DataTypes.StringType);
    for (String name : FraudFeatures.NAMES) {
      s = s.add(name, DataTypes.DoubleType);
    }
    return s.add("label", DataTypes.DoubleType);
  }

  /**
   * Rows shaped like the features (an amount, two flags, counts, means and risks) with a label the
   * amount and the risks mostly decide; with {@code edges}, one row in eight has edge values.
   */
  private static List<Row> rows(Random random, int n, String prefix, boolean edges) {
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object[] v = new Object[ROWS.size()];
      v[0] = prefix + i;
      double amount = Math.round(random.nextDouble() * random.nextDouble() * 30_000) / 100.0;
      v[1] = amount;
      v[2] = random.nextInt(7) < 2 ? 1.0 : 0.0;
      v[3] = random.nextInt(4) == 0 ? 1.0 : 0.0;
      for (int f = 4; f <= FEATURES; f++) {
        boolean count = (f - 4) % 2 == 0;
        v[f] =
            count
                ? (double) random.nextInt(1 + 10 * f)
                : Math.round(random.nextDouble() * 20_000) / 100.0;
      }
      double risk = random.nextDouble() < 0.1 ? random.nextDouble() : 0.0;
      v[FEATURES] = risk;
      if (edges && i % 8 == 0) {
        v[1 + random.nextInt(FEATURES)] = EDGES[random.nextInt(EDGES.length)];
      }
      boolean fraud = amount > 220 || risk > 0.5 || random.nextDouble() < 0.02;
      v[v.length - 1] = fraud ? 1.0 : 0.0;
      rows.add(RowFactory.create(v));
    }
    return rows;
  }

  private static Row withFeature(Row r, String id, int feature, Object value) {
    Object[] v = new Object[r.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    v[0] = id;
    v[1 + feature] = value;
    return RowFactory.create(v);
  }

  /** Spark ML's score of each row, by transactionId. */
  private static Map<String, Double> sparkScores(PipelineModel pipeline, Dataset<Row> rows) {
    Map<String, Double> scores = new HashMap<>();
    for (Row r :
        FraudModelTrainer.score(pipeline, rows)
            .select("transactionId", FraudModelTrainer.SCORE)
            .collectAsList()) {
      scores.put(r.getString(0), r.getDouble(1));
    }
    return scores;
  }

  /**
   * Asserts the compiled model's scores equal Spark's bit for bit, both through FraudScoring's path
   * (the broadcast UDF over a Dataset) and row by row on the driver.
   */
  private static void assertBitEqual(PipelineModel pipeline, List<Row> rows) throws Exception {
    Dataset<Row> data = spark.createDataFrame(rows, ROWS);
    Map<String, Double> expected = sparkScores(pipeline, data);
    FraudScoring.Model model = new FraudScoring.Model(pipeline, 0.5, "v-test");
    assertNotNull(model.compiled(), "the pipeline compiles");
    List<Row> scored =
        model.score(data).select("transactionId", FraudModelTrainer.SCORE).collectAsList();
    assertEquals(rows.size(), scored.size());
    CompiledModel compiled = CompiledModel.compile(pipeline).orElseThrow();
    int distinct = (int) expected.values().stream().distinct().count();
    assertTrue(distinct > 10, "a model that tells rows apart: " + distinct + " distinct scores");
    for (Row r : scored) {
      String id = r.getString(0);
      // assertEquals(double, double) without a delta compares the bits (doubleToLongBits).
      assertEquals(expected.get(id), r.getDouble(1), id);
    }
    String[] inputs = compiled.inputColumns();
    for (Row r : rows) {
      Double[] values = new Double[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        values[i] = (Double) r.get(ROWS.fieldIndex(inputs[i]));
      }
      assertEquals(expected.get(r.getString(0)), compiled.score(values), r.getString(0));
    }
  }

  /** Each continuous split of the forest: feature index and threshold. */
  private static List<double[]> splits(RandomForestClassificationModel forest) {
    List<double[]> out = new ArrayList<>();
    for (var tree : forest.trees()) {
      collect(tree.rootNode(), out);
    }
    return out;
  }

  private static void collect(Node node, List<double[]> out) {
    if (node instanceof InternalNode n) {
      ContinuousSplit s = (ContinuousSplit) n.split();
      out.add(new double[] {s.featureIndex(), s.threshold()});
      collect(n.leftChild(), out);
      collect(n.rightChild(), out);
    }
  }

  @Test
  void theTrainersForestAfterSaveAndLoadScoresBitForBitAsSpark() throws Exception {
    PipelineModel fitted = ModelPipelines.pipeline("rf", options, 2_000).fit(training);
    String path = dir.resolve("rf").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    Random random = new Random(2);
    List<Row> rows = rows(random, 3_000, "s", true);
    // Rows whose scaled value lands on (or next to) a threshold: x = t / scale + mean and its
    // neighbours; at least some land exactly, as the count below checks.
    StandardScalerModel scaler = (StandardScalerModel) loaded.stages()[1];
    double[] mean = scaler.mean().toArray();
    double[] std = scaler.std().toArray();
    int onThreshold = 0;
    List<double[]> splits = splits((RandomForestClassificationModel) loaded.stages()[2]);
    for (int k = 0; k < splits.size(); k += 3) {
      int f = (int) splits.get(k)[0];
      double t = splits.get(k)[1];
      double x = t * std[f] + mean[f];
      for (double candidate : new double[] {Math.nextDown(x), x, Math.nextUp(x)}) {
        if ((candidate - mean[f]) * (1.0 / std[f]) == t) {
          onThreshold++;
        }
        rows.add(withFeature(rows.get(k % 3_000), "t" + k + "_" + candidate, f, candidate));
      }
    }
    assertTrue(onThreshold > 0, "some rows sit exactly on a threshold");
    assertBitEqual(loaded, rows);
  }

  @Test
  void aForestWithoutScalerScoresBitForBitWithValuesExactlyOnItsThresholds() throws Exception {
    PipelineModel fitted =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  assembler("error"),
                  new RandomForestClassifier()
                      .setFeaturesCol("rawFeatures")
                      .setNumTrees(20)
                      .setMaxDepth(6)
                      .setMaxBins(32)
                      .setSeed(3)
                })
            .fit(training);
    List<Row> rows = rows(new Random(4), 2_000, "s", true);
    List<double[]> splits = splits((RandomForestClassificationModel) fitted.stages()[1]);
    for (int k = 0; k < splits.size(); k++) {
      int f = (int) splits.get(k)[0];
      double t = splits.get(k)[1];
      for (double v : new double[] {Math.nextDown(t), t, Math.nextUp(t)}) {
        rows.add(withFeature(rows.get(k % 2_000), "t" + k + "_" + v, f, v));
      }
    }
    assertBitEqual(fitted, rows);
  }

  @Test
  void underKeepNullAndNanReachTheForestAsSparkLetsThem() throws Exception {
    PipelineModel fitted =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  assembler("keep"),
                  new StandardScaler()
                      .setInputCol("rawFeatures")
                      .setOutputCol("features")
                      .setWithMean(true)
                      .setWithStd(true),
                  new RandomForestClassifier().setNumTrees(15).setMaxDepth(6).setSeed(5)
                })
            .fit(training);
    List<Row> rows = rows(new Random(6), 2_000, "s", true);
    for (int f = 0; f < FEATURES; f++) {
      rows.add(withFeature(rows.get(f), "null" + f, f, null));
      rows.add(withFeature(rows.get(f + 100), "nan" + f, f, Double.NaN));
    }
    assertBitEqual(fitted, rows);
  }

  @Test
  void theTrainersLogisticRegressionScoresBitForBitAsSpark() throws Exception {
    PipelineModel fitted = ModelPipelines.pipeline("lr", options, 2_000).fit(training);
    assertBitEqual(fitted, rows(new Random(7), 3_000, "s", true));
  }

  @Test
  void aNanFailsItsRowWithSparksReason() throws Exception {
    PipelineModel fitted = ModelPipelines.pipeline("rf", options, 2_000).fit(training);
    Row nan = withFeature(rows(new Random(8), 1, "x", false).get(0), "nan", 3, Double.NaN);
    Dataset<Row> data = spark.createDataFrame(List.of(nan), ROWS);
    Exception viaSpark =
        assertThrows(Exception.class, () -> FraudModelTrainer.score(fitted, data).collectAsList());
    FraudScoring.Model model = new FraudScoring.Model(fitted, 0.5, "v-test");
    Exception compiled = assertThrows(Exception.class, () -> model.score(data).collectAsList());
    assertEquals(rootCause(viaSpark).toString(), rootCause(compiled).toString());
    assertTrue(rootCause(compiled) instanceof SparkException);
    assertTrue(rootCause(compiled).getMessage().contains("NaN"));
  }

  @Test
  void isolatingScorerWithACompiledForestDeadLettersOnlyTheRowSparkCannotScore() {
    PipelineModel fitted = ModelPipelines.pipeline("rf", options, 2_000).fit(training);
    FraudScoring.Model model = new FraudScoring.Model(fitted, 0.5, "v-test");
    assertNotNull(model.compiled());
    List<Row> rows = rows(new Random(10), 40, "s", false);
    rows.set(17, withFeature(rows.get(17), "bad", 5, null));
    Dataset<Row> batch = spark.createDataFrame(rows, ROWS).persist();
    IsolatingScorer.Result r = IsolatingScorer.score(model, batch);
    List<Row> failed = r.failed().collectAsList();
    assertEquals(1, failed.size());
    assertEquals("bad", failed.get(0).getAs("transactionId"));
    String reason = failed.get(0).getAs(OnlineFraudFeatures.ERROR);
    assertTrue(reason.contains(CompiledModel.NULL_MESSAGE), reason);
    Map<String, Double> expected = sparkScores(fitted, batch.where("transactionId <> 'bad'"));
    List<Row> scored = r.scored().select("transactionId", FraudModelTrainer.SCORE).collectAsList();
    assertEquals(39, scored.size());
    for (Row s : scored) {
      assertEquals(expected.get(s.getString(0)), s.getDouble(1));
    }
    r.scored().unpersist();
    r.failed().unpersist();
    batch.unpersist();
  }

  @Test
  void aPipelineItDoesNotKnowKeepsSparksTransform() {
    PipelineModel gbt = ModelPipelines.pipeline("gbt", options, 2_000).fit(training);
    assertFalse(CompiledModel.compile(gbt).isPresent());
    FraudScoring.Model model = new FraudScoring.Model(gbt, 0.5, "v-test");
    assertNull(model.compiled());
    Dataset<Row> data = spark.createDataFrame(rows(new Random(9), 200, "s", false), ROWS);
    Dataset<Row> scored = model.score(data);
    assertTrue(Arrays.asList(scored.columns()).contains("probability"), "Spark ML's columns");
    Map<String, Double> expected = sparkScores(gbt, data);
    for (Row r : scored.select("transactionId", FraudModelTrainer.SCORE).collectAsList()) {
      assertEquals(expected.get(r.getString(0)), r.getDouble(1));
    }
    PipelineModel skip =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  assembler("skip"),
                  new RandomForestClassifier()
                      .setFeaturesCol("rawFeatures")
                      .setNumTrees(3)
                      .setMaxDepth(3)
                })
            .fit(training);
    assertFalse(CompiledModel.compile(skip).isPresent());
  }

  private static VectorAssembler assembler(String handleInvalid) {
    return new VectorAssembler()
        .setInputCols(FraudFeatures.NAMES.toArray(String[]::new))
        .setOutputCol("rawFeatures")
        .setHandleInvalid(handleInvalid);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
