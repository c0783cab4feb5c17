package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.events.Pipeline;
import io.pulse.events.ResultKeys;
import io.pulse.jobs.DeadLetters;
import io.pulse.jobs.EventSchemas;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.KafkaOptions;
import io.pulse.jobs.StreamingJobOptions;
import io.pulse.jobs.StreamingJobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores card transactions as they arrive: bank.transactions (+ bank.fraud-labels) -> the 15
 * features online ({@link OnlineFraudFeatures}) -> the model registry's live version ({@link
 * LiveModel}: waited for at start, replaced between micro-batches when another is promoted) ->
 * analytics.fraud-alerts (one record per transaction above the threshold, keyed by transactionId,
 * naming the model version) and, through bank.transactions.scored, analytics.fraud-summary
 * (per-minute totals, keyed by minute). Malformed records, and transactions whose features or
 * scoring throw, go to the inputs' dead-letter topics with the reason; the query goes on.
 *
 * <p>Exactness: a resent transactionId is dropped by the customer state, so it is neither scored
 * twice nor counted twice; a replay after a failure rewrites the same keys (alerts) or is dropped
 * by transactionId within the watermark (summary).
 */
public final class FraudScoring {
  public static final String SCORING_QUERY = Pipeline.FRAUD_SCORING.id();
  public static final String SUMMARY_QUERY = "fraud-summary";
  public static final String DEAD_LETTER_QUERY = "fraud-dead-letters";

  /** The alert's field naming the model version that scored it. */
  static final String MODEL_VERSION = "modelVersion";

  private static final String ISO_INSTANT = "yyyy-MM-dd'T'HH:mm:ss'Z'";
  private static final String ISO_INSTANT_MILLIS = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  /** The scored record's fields naming the shadow candidate and what it gave, null without one. */
  static final String SHADOW_VERSION = "shadowVersion";

  static final String SHADOW_SCORE = "shadowScore";
  static final String SHADOW_ALERT = "shadowAlert";

  /**
   * What the scoring query writes to bank.transactions.scored, one record per scored transaction:
   * the input of the per-minute summary, and what labels are matched with (the terminal a label
   * without one belongs to, and each model version's precision and recall).
   */
  static final StructType SCORED =
      new StructType()
          .add("transactionId", DataTypes.StringType)
          .add("terminalId", DataTypes.StringType)
          .add("timestamp", DataTypes.TimestampType)
          .add("amount", EventSchemas.MONEY)
          .add("score", DataTypes.DoubleType)
          .add("alert", DataTypes.BooleanType)
          .add(MODEL_VERSION, DataTypes.StringType)
          .add(SHADOW_VERSION, DataTypes.StringType)
          .add(SHADOW_SCORE, DataTypes.DoubleType)
          .add(SHADOW_ALERT, DataTypes.BooleanType);

  private FraudScoring() {}

  public static void main(String[] argv) throws TimeoutException, StreamingQueryException {
    FraudScoringOptions options = FraudScoringOptions.parse(argv, System.getenv());
    StreamingJobs.run(
        Pipeline.FRAUD_SCORING, SCORING_QUERY, options.streaming(), options, FraudScoring::start);
  }

  /** A saved pipeline, its alert threshold and its version in the registry. */
  public record Model(PipelineModel pipeline, double threshold, String version) {
    public static Model load(
        SparkSession spark, String modelPath, String version, Double thresholdOverride) {
      PipelineModel pipeline = PipelineModel.load(modelPath + "/" + FraudModelTrainer.PIPELINE_DIR);
      double threshold =
          thresholdOverride != null
              ? thresholdOverride
              : metadata(spark, modelPath).get("threshold").asDouble();
      return new Model(pipeline, threshold, version);
    }

    private static JsonNode metadata(SparkSession spark, String modelPath) {
      org.apache.hadoop.fs.Path path =
          new org.apache.hadoop.fs.Path(modelPath + "/" + FraudModelTrainer.METADATA_FILE);
      try {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (InputStream in = fs.open(path)) {
          return JsonReader.parse(in.readAllBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
  }

  /**
   * Waits for the registry's first live model (see {@link LiveModel}), then starts the three
   * queries: scoring, summary, dead letters.
   */
  public static List<StreamingQuery> start(SparkSession spark, FraudScoringOptions options)
      throws TimeoutException {
    StreamingJobOptions o = options.streaming();
    LiveModel model =
        LiveModel.await(
            spark,
            new ModelRegistry(
                options.modelRegistry(),
                spark.sparkContext().hadoopConfiguration(),
                java.time.Clock.systemUTC()),
            options);

    // writeScores caches each micro-batch only for the length of that batch: building compressed
    // caches was about a seventh of the scoring profile (bench/RESULTS.md), for no gain.
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    Dataset<Row> transactions =
        FraudEventDecoder.transactions(o.kafka().readStream(spark, o.inputTopic()));
    Dataset<Row> labels =
        FraudEventDecoder.labels(o.kafka().readStream(spark, options.labelsTopic()));

    // Features online, then the model per micro-batch: the model is a batch transformer, one
    // batch feeds two sinks (alerts and scored transactions), and between batches is the one
    // place where a newly promoted model can replace the old one.
    Dataset<Row> features =
        OnlineFraudFeatures.features(
            FraudEventDecoder.validTransactionsWithSource(transactions),
            FraudEventDecoder.validLabels(labels),
            options.stateIdleTimeout(),
            options.testFailFeaturesOf());
    StreamingQuery scoring =
        features
            .writeStream()
            .queryName(SCORING_QUERY)
            .outputMode(OutputMode.Append())
            .trigger(Trigger.ProcessingTime(o.triggerInterval().toMillis()))
            .option("checkpointLocation", o.checkpoint("scoring"))
            .foreachBatch(
                (VoidFunction2<Dataset<Row>, Long>)
                    (batch, batchId) -> writeScores(batch, model.current(), options))
            .start();

    // Update: each trigger emits only the windows that changed, with their full totals.
    StreamingQuery summary =
        o.kafka()
            .startSink(
                summaryRecords(
                    summarise(
                        parseScored(o.kafka().readStream(spark, options.scoredTopic())),
                        o.windowLength(),
                        o.watermarkDelay())),
                SUMMARY_QUERY,
                options.summaryTopic(),
                OutputMode.Update(),
                o.triggerInterval(),
                o.checkpoint("summary"));

    // Each input has its own dead-letter topic: the sink takes it from each row.
    StreamingQuery deadLetters =
        o.kafka()
            .startSink(
                DeadLetters.of(transactions)
                    .withColumn("topic", lit(o.deadLetterTopic()))
                    .union(
                        DeadLetters.of(labels)
                            .withColumn("topic", lit(options.labelsDeadLetterTopic()))),
                DEAD_LETTER_QUERY,
                null,
                OutputMode.Append(),
                o.triggerInterval(),
                o.checkpoint("dead-letters"));
    return List.of(scoring, summary, deadLetters);
  }

  /**
   * One micro-batch of featured transactions: score, alert, and record for the summary. A
   * transaction whose features or scoring failed goes to the dead-letter topic with the reason, and
   * the batch goes on; a failure of the batch itself (reading Kafka, the state, writing) fails the
   * query.
   */
  static void writeScores(Dataset<Row> batch, Model model, FraudScoringOptions options) {
    KafkaOptions kafka = options.streaming().kafka();
    String deadLetterTopic = options.streaming().deadLetterTopic();
    // Computed once: the input, the state updates and the features are not run again per sink.
    Dataset<Row> featured = batch.persist();
    try {
      featured.count();
      IsolatingScorer.Result result =
          IsolatingScorer.score(model, featured.where(col(OnlineFraudFeatures.ERROR).isNull()));
      Dataset<Row> scored =
          result
              .scored()
              .withColumn("alert", col(FraudModelTrainer.SCORE).geq(model.threshold()))
              .withColumn("scoredAt", current_timestamp())
              .withColumn(MODEL_VERSION, lit(model.version()));
      try {
        // One Kafka write (one Spark job) per micro-batch: each record names its topic.
        Dataset<Row> records =
            withTopic(
                    deadLetters(featured.where(col(OnlineFraudFeatures.ERROR).isNotNull())),
                    deadLetterTopic)
                .union(
                    withTopic(
                        alertRecords(scored.where(col("alert"))),
                        options.streaming().outputTopic()))
                .union(withTopic(scoredRecords(scored), options.scoredTopic()));
        if (result.failed() != null) {
          records = records.union(withTopic(deadLetters(result.failed()), deadLetterTopic));
        }
        kafka.write(records, null);
      } finally {
        result.scored().unpersist();
        if (result.failed() != null) {
          result.failed().unpersist();
        }
      }
    } finally {
      featured.unpersist();
    }
  }

  private static Dataset<Row> withTopic(Dataset<Row> records, String topic) {
    return records.select(col("key"), col("value"), lit(topic).alias("topic"));
  }

  /**
   * Transactions that failed after decoding -> records of the dead-letter topic, the same as {@link
   * DeadLetters} writes for undecodable ones (the Kafka record as read, and the reason).
   */
  static Dataset<Row> deadLetters(Dataset<Row> failed) {
    return DeadLetters.of(
        failed.select(
            col(OnlineFraudFeatures.SOURCE + ".*"),
            col(OnlineFraudFeatures.ERROR),
            lit(null).cast("string").alias(DeadLetters.ERROR_FIELD)));
  }

  private static Column amount() {
    return col("amountCents")
        .cast(DataTypes.createDecimalType(14, 0))
        .divide(100)
        .cast(EventSchemas.MONEY);
  }

  /** Scored rows -> FraudAlert records keyed by transactionId. */
  static Dataset<Row> alertRecords(Dataset<Row> alerts) {
    List<Column> features = new ArrayList<>();
    for (String name : FraudFeatures.NAMES) {
      features.add(lit(name));
      features.add(col(name));
    }
    return alerts.select(
        col("transactionId").alias("key"),
        to_json(
                struct(
                    col("transactionId"),
                    col("customerId"),
                    col("terminalId"),
                    amount().alias("amount"),
                    col("currency"),
                    date_format(col("timestamp"), ISO_INSTANT_MILLIS).alias("timestamp"),
                    col(FraudModelTrainer.SCORE).alias("score"),
                    date_format(col("scoredAt"), ISO_INSTANT_MILLIS).alias("scoredAt"),
                    map(features.toArray(Column[]::new)).alias("features"),
                    col(MODEL_VERSION)))
            .alias("value"));
  }

  static Dataset<Row> scoredRecords(Dataset<Row> scored) {
    return scored.select(
        col("transactionId").alias("key"),
        to_json(
                struct(
                    col("transactionId"),
                    col("terminalId"),
                    col("timestamp"),
                    amount().alias("amount"),
                    col(FraudModelTrainer.SCORE).alias("score"),
                    col("alert"),
                    col(MODEL_VERSION),
                    lit(null).cast("string").alias(SHADOW_VERSION),
                    lit(null).cast("double").alias(SHADOW_SCORE),
                    lit(null).cast("boolean").alias(SHADOW_ALERT)))
            .alias("value"));
  }

  static Dataset<Row> parseScored(Dataset<Row> kafkaRecords) {
    return kafkaRecords
        .select(from_json(col("value").cast("string"), SCORED).alias("s"))
        .select("s.*")
        .where(col("transactionId").isNotNull().and(col("timestamp").isNotNull()));
  }

  /**
   * Scored transactions -> totals per window of {@code windowLength} (by transaction time),
   * duplicates dropped.
   */
  public static Dataset<Row> summarise(
      Dataset<Row> scored, Duration windowLength, Duration watermarkDelay) {
    Dataset<Row> watermarked =
        scored.withWatermark("timestamp", JobArgs.sparkInterval(watermarkDelay));
    // Batch mode (tests, backfills) has no watermark to bound the state: plain distinct.
    Dataset<Row> distinct =
        scored.isStreaming()
            ? watermarked.dropDuplicatesWithinWatermark("transactionId")
            : watermarked.dropDuplicates("transactionId");
    return distinct
        .groupBy(window(col("timestamp"), JobArgs.sparkInterval(windowLength)).alias("window"))
        .agg(
            count(lit(1)).alias("transactions"),
            sum(when(col("alert"), 1).otherwise(0)).cast("long").alias("alerts"),
            sum(col("amount")).alias("amount"),
            sum(when(col("alert"), col("amount")).otherwise(lit(0))).alias("alertAmount"))
        .select(
            col("window.start").alias("windowStart"),
            col("window.end").alias("windowEnd"),
            col("transactions"),
            col("alerts"),
            col("amount"),
            col("alertAmount"));
  }

  /** Rows of {@link #summarise} -> FraudMinuteSummary records keyed by window. */
  static Dataset<Row> summaryRecords(Dataset<Row> minutes) {
    Column start = date_format(col("windowStart"), ISO_INSTANT);
    Column end = date_format(col("windowEnd"), ISO_INSTANT);
    return minutes.select(
        concat(lit(ResultKeys.FRAUD_SUMMARY + ResultKeys.SEPARATOR), start).alias("key"),
        to_json(
                struct(
                    start.alias("windowStart"),
                    end.alias("windowEnd"),
                    col("transactions"),
                    col("alerts"),
                    col("amount"),
                    col("alertAmount")))
            .alias("value"));
  }
}
