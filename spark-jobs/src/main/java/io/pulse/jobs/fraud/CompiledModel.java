package io.pulse.jobs.fraud;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.SparkException;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * A saved pipeline that FraudScoring recognises, as plain arrays that score one row without Spark
 * ML's per-row vectors and UDFs, giving {@link FraudModelTrainer#SCORE} (the probability of class
 * 1) equal to the last bit to what {@code PipelineModel.transform} gives. Recognised: a
 * VectorAssembler of numeric columns (handleInvalid "error" or "keep"), an optional StandardScaler
 * on its output, and a binary classifier on the result writing the {@code probability} column: a
 * random forest ({@link CompiledForest}) or a binomial logistic regression after a scaler with
 * mean. Anything else (gbt, ensembles, other stages) is not compiled: FraudScoring keeps Spark ML's
 * transform for it.
 *
 * <p>What is replicated from Spark 4.2's bytecode (checked with javap on spark-mllib 4.2.0):
 *
 * <ul>
 *   <li>VectorAssembler: a null or NaN input throws a SparkException with Spark's message under
 *       "error", becomes NaN under "keep"; a zero (also -0.0) is left out of the sparse vector it
 *       builds, so reads back as +0.0.
 *   <li>StandardScalerModel: scale = std == 0 ? 0 : 1 / std, then (x - mean) * scale, x - mean, or
 *       x * scale (with mean, without std, or without mean).
 *   <li>LogisticRegressionModel (binomial): m = BLAS.dot(features, coefficients) + intercept (the
 *       very same {@link Vector#dot} call), p0 = 1 / (1 + exp(m)), p1 = 1 - p0.
 * </ul>
 */
final class CompiledModel implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String PROBABILITY = "probability";

  /** Spark's messages (VectorAssembler.assemble, after stripMargin). */
  static final String NAN_MESSAGE =
      "Encountered NaN while assembling a row with handleInvalid = \"error\". Consider\n"
          + "removing NaNs from dataset or using handleInvalid = \"keep\" or \"skip\".";

  static final String NULL_MESSAGE =
      "Encountered null while assembling a row with handleInvalid = \"error\". Consider\n"
          + "removing nulls from dataset or using handleInvalid = \"keep\" or \"skip\".";

  private final String[] inputColumns;
  private final boolean keepInvalid;
  private final double[] mean;
  private final double[] scale;
  private final CompiledForest forest;
  private final Vector coefficients;
  private final double intercept;

  private CompiledModel(
      String[] inputColumns,
      boolean keepInvalid,
      double[] mean,
      double[] scale,
      CompiledForest forest,
      Vector coefficients,
      double intercept) {
    this.inputColumns = inputColumns;
    this.keepInvalid = keepInvalid;
    this.mean = mean;
    this.scale = scale;
    this.forest = forest;
    this.coefficients = coefficients;
    this.intercept = intercept;
  }

  /** The pipeline compiled, or empty when it is not one this class replicates. */
  static Optional<CompiledModel> compile(PipelineModel pipeline) {
    Transformer[] stages = pipeline.stages();
    if (stages.length < 2 || stages.length > 3 || !(stages[0] instanceof VectorAssembler a)) {
      return Optional.empty();
    }
    String handleInvalid = a.getHandleInvalid();
    if (!handleInvalid.equals("error") && !handleInvalid.equals("keep")) {
      return Optional.empty(); // "skip" drops rows: a row-at-a-time scorer cannot
    }
    String[] inputs = a.getInputCols();
    String vectorColumn = a.getOutputCol();
    double[] mean = null;
    double[] scale = null;
    if (stages.length == 3) {
      if (!(stages[1] instanceof StandardScalerModel s)
          || !s.getInputCol().equals(vectorColumn)
          || s.mean().size() != inputs.length
          || s.std().size() != inputs.length) {
        return Optional.empty();
      }
      if (s.getWithMean()) {
        mean = s.mean().toArray();
      }
      if (s.getWithStd()) {
        scale = Arrays.stream(s.std().toArray()).map(v -> v == 0 ? 0.0 : 1.0 / v).toArray();
        // Without the mean, Spark scales only a sparse vector's non-zeros: 0 * Infinity would
        // tell the two layouts apart.
        if (mean == null && Arrays.stream(scale).anyMatch(Double::isInfinite)) {
          return Optional.empty();
        }
      }
      vectorColumn = s.getOutputCol();
    }
    Transformer classifier = stages[stages.length - 1];
    boolean keep = handleInvalid.equals("keep");
    if (classifier instanceof RandomForestClassificationModel rf
        && rf.getFeaturesCol().equals(vectorColumn)
        && rf.getProbabilityCol().equals(PROBABILITY)
        && rf.numClasses() >= 2
        && rf.numFeatures() == inputs.length) {
      Optional<CompiledForest> forest = CompiledForest.compile(rf);
      return forest.isEmpty()
          ? Optional.empty()
          : Optional.of(new CompiledModel(inputs, keep, mean, scale, forest.get(), null, 0));
    }
    // Only after a scaler with mean is the logistic regression's input always a dense vector
    // (BLAS.dot sums a sparse one in another order).
    if (classifier instanceof LogisticRegressionModel lr
        && mean != null
        && lr.getFeaturesCol().equals(vectorColumn)
        && lr.getProbabilityCol().equals(PROBABILITY)
        && lr.numClasses() == 2
        && lr.coefficientMatrix().numRows() == 1
        && lr.numFeatures() == inputs.length) {
      return Optional.of(
          new CompiledModel(inputs, keep, mean, scale, null, lr.coefficients(), lr.intercept()));
    }
    return Optional.empty();
  }

  /** The columns the assembler reads, in its order. */
  String[] inputColumns() {
    return inputColumns.clone();
  }

  /**
   * The probability of class 1 for one row's input columns (each a Double or null, cast as the
   * assembler casts them).
   *
   * @throws SparkException where Spark's assembler throws: a null or NaN under "error"
   */
  double score(Double[] row) throws SparkException {
    double[] x = new double[row.length];
    for (int i = 0; i < row.length; i++) {
      Double v = row[i];
      if (v == null) {
        if (!keepInvalid) {
          throw new SparkException(NULL_MESSAGE);
        }
        x[i] = Double.NaN;
      } else if (Double.isNaN(v)) {
        if (!keepInvalid) {
          throw new SparkException(NAN_MESSAGE);
        }
        x[i] = Double.NaN;
      } else {
        x[i] = v == 0 ? 0.0 : v;
      }
    }
    standardise(x);
    if (forest != null) {
      return forest.probabilities(x)[1];
    }
    double margin = new DenseVector(x).dot(coefficients) + intercept;
    double p0 = 1.0 / (1.0 + Math.exp(margin));
    return 1.0 - p0;
  }

  private void standardise(double[] x) {
    if (mean != null && scale != null) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (x[i] - mean[i]) * scale[i];
      }
    } else if (mean != null) {
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] - mean[i];
      }
    } else if (scale != null) {
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] * scale[i];
      }
    }
  }
}
