package io.pulse.jobs.fraud;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;

/** The candidate models, each as a pipeline from the features to a fraud probability. */
final class ModelPipelines {
  private ModelPipelines() {}

  /** The pipeline: assemble the features, standardise them (as the book does), classify. */
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
    List<PipelineStage> stages = new ArrayList<>(List.of(assembler, scaler));
    if (model.equals(FraudModelTrainerOptions.ENSEMBLE)) {
      // Each member writes its own columns; the last stage averages their probabilities into the
      // probability column a single classifier would write.
      List<String> probabilities = new ArrayList<>();
      for (String member : o.ensembleMembers()) {
        ProbabilisticClassifier<?, ?, ?> c = classifier(member, o, trainRows);
        c.setProbabilityCol(member + "Probability")
            .setRawPredictionCol(member + "RawPrediction")
            .setPredictionCol(member + "Prediction");
        stages.add(c);
        probabilities.add(member + "Probability");
      }
      stages.add(new ProbabilityAverage().setInputCols(probabilities.toArray(String[]::new)));
    } else {
      stages.add(classifier(model, o, trainRows));
    }
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  private static ProbabilisticClassifier<?, ?, ?> classifier(
      String model, FraudModelTrainerOptions o, long trainRows) {
    return switch (model) {
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
  }
}
