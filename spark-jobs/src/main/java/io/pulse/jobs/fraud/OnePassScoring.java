package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One micro-batch of featured transactions -> every Kafka record it yields (dead letters, alerts,
 * scored transactions, each row with its {@code topic}), in one projection written by one Kafka
 * write: the batch's input, state updates and features are computed once without caching them, and
 * the live and shadow models score in the same pass.
 *
 * <p>Why: the cached path ({@link FraudScoring#writeScores}'s fallback) runs five Spark jobs per
 * micro-batch and builds an in-memory copy of every featured row; caching alone was about a tenth
 * of the scoring profile (bench/RESULTS.md). It applies when the live model, and the shadow if
 * there is one, are {@link CompiledModel}s: their per-row failures can be caught row by row ({@link
 * CompiledScorer#scoreOrError}). Spark ML pipelines fail a whole task, so they keep the cached path
 * and {@link IsolatingScorer}.
 */
final class OnePassScoring {
  private static final String LIVE = "_live";
  private static final String SHADOW = "_shadow";
  private static final String RECORD = "_record";

  private OnePassScoring() {}

  /** Whether the models' scores can be computed in the one pass for rows of {@code schema}. */
  static boolean applies(LiveModel.Models models, StructType schema) {
    return compiles(models.live(), schema)
        && (models.shadow() == null || compiles(models.shadow(), schema));
  }

  private static boolean compiles(FraudScoring.Model model, StructType schema) {
    return model.compiled() != null && CompiledScorer.accepts(model.compiled().value(), schema);
  }

  /**
   * Kafka-sink rows ({@code topic}, {@code key}, {@code value}): a row whose features failed or
   * that the live model could not score to the dead-letter topic with the reason; every other row
   * to the scored topic (with the shadow's verdict, null where the shadow could not score it: a
   * shadow never fails a row), and to the alerts topic when the live model alerts.
   */
  static Dataset<Row> records(
      Dataset<Row> featured, LiveModel.Models models, FraudScoringOptions options) {
    FraudScoring.Model live = models.live();
    FraudScoring.Model shadow = models.shadow();
    Dataset<Row> scored = featured.withColumn(LIVE, CompiledScorer.scoreOrError(live.compiled()));
    if (shadow != null) {
      scored = scored.withColumn(SHADOW, CompiledScorer.scoreOrError(shadow.compiled()));
    }
    Column shadowScore =
        shadow == null ? lit(null).cast("double") : col(SHADOW + "." + FraudModelTrainer.SCORE);
    scored =
        FraudScoring.withLiveVerdict(
                scored
                    .withColumn(
                        OnlineFraudFeatures.ERROR,
                        coalesce(
                            col(OnlineFraudFeatures.ERROR),
                            col(LIVE + "." + OnlineFraudFeatures.ERROR)))
                    .withColumn(FraudModelTrainer.SCORE, col(LIVE + "." + FraudModelTrainer.SCORE)),
                live)
            .withColumn(
                FraudScoring.SHADOW_VERSION,
                shadow == null
                    ? lit(null).cast("string")
                    : when(shadowScore.isNotNull(), lit(shadow.version())))
            .withColumn(FraudScoring.SHADOW_SCORE, shadowScore)
            .withColumn(
                FraudScoring.SHADOW_ALERT,
                shadow == null ? lit(null).cast("boolean") : shadowScore.geq(shadow.threshold()));
    Column failed = col(OnlineFraudFeatures.ERROR).isNotNull();
    Column deadLetter =
        when(
            failed,
            record(
                options.streaming().deadLetterTopic(),
                FraudScoring.deadLetterKey(),
                FraudScoring.deadLetterValue()));
    Column alert =
        when(
            not(failed).and(col("alert")),
            record(
                options.streaming().outputTopic(),
                col("transactionId"),
                FraudScoring.alertValue()));
    Column scoredRecord =
        when(
            not(failed),
            record(options.scoredTopic(), col("transactionId"), FraudScoring.scoredValue()));
    return scored
        .select(explode(array(deadLetter, alert, scoredRecord)).alias(RECORD))
        .where(col(RECORD).isNotNull())
        .select(col(RECORD + ".topic"), col(RECORD + ".key"), col(RECORD + ".value"));
  }

  private static Column record(String topic, Column key, Column value) {
    return struct(lit(topic).alias("topic"), key.alias("key"), value.alias("value"));
  }
}
