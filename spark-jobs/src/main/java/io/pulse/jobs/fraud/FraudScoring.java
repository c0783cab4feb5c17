package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
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
import io.pulse.jobs.FlatJsonDecoder;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.KafkaOptions;
import io.pulse.jobs.KafkaRecordDecoder;
import io.pulse.jobs.LateEvents;
import io.pulse.jobs.QuerySettings;
import io.pulse.jobs.StreamingJobOptions;
import io.pulse.jobs.StreamingJobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores card transactions as they arrive: bank.transactions (+ bank.fraud-labels) -> the features
 * online ({@link OnlineFraudFeatures}) -> the model registry's live version and, when one is set,
 * its shadow candidate ({@link LiveModel}: waited for at start, replaced between micro-batches when
 * another is promoted or shadowed) -> analytics.fraud-alerts (one record per transaction above the
 * live threshold, keyed by transactionId, naming the model version; the shadow never alerts) and
 * bank.transactions.scored (both versions' verdicts), from which come analytics.fraud-summary
 * (per-minute totals, keyed by minute) and, with bank.fraud-labels.scored, analytics.fraud-models
 * (each version's counts and confusion matrix, beside the registry's state). Malformed records, and
 * transactions whose features or scoring throw, go to the inputs' dead-letter topics with the
 * reason; the query goes on. A fifth query ({@link LabelJoin}) matches labels with scored
 * transactions into bank.fraud-labels.scored, from which labels that named no terminal reach the
 * terminal-risk features. With --archive-path, {@link FraudArchive}'s two queries keep every valid
 * transaction and label for the trainer.
 *
 * <p>Exactness: a resent transactionId is dropped by the customer state, so it is neither scored
 * twice nor counted twice; a replay after a failure rewrites the same keys (alerts) or is dropped
 * by transactionId within the watermark (summary; per version, by transactionId and version).
 */
public final class FraudScoring {
  public static final String SCORING_QUERY = Pipeline.FRAUD_SCORING.id();
  public static final String SUMMARY_QUERY = "fraud-summary";
  public static final String DEAD_LETTER_QUERY = "fraud-dead-letters";
  public static final String LABEL_JOIN_QUERY = "fraud-label-join";
  public static final String MODELS_QUERY = "fraud-models";

  /**
   * Checkpoints of the per-version counts and the label join. Named anew when their state changed
   * shape (latest label per transaction; right outer join carrying the label's record): Spark
   * refuses a checkpoint whose state does not fit the query. A new one starts where {@code
   * --starting-offsets} says (earliest by default: the topics' retained records, which both queries
   * count or match again exactly; a match written again is the same record under the same key, and
   * a label counts once, with its latest label).
   */
  private static final String MODELS_CHECKPOINT = "models-latest-label";

  private static final String LABEL_JOIN_CHECKPOINT = "label-join-outer";

  /** The alert's field naming the model version that scored it. */
  static final String MODEL_VERSION = "modelVersion";

  private static final String ISO_INSTANT = "yyyy-MM-dd'T'HH:mm:ss'Z'";
  private static final String ISO_INSTANT_MILLIS = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  /** The scored record's fields naming the shadow candidate and what it gave, null without one. */
  static final String SHADOW_VERSION = "shadowVersion";

  static final String SHADOW_SCORE = "shadowScore";
  static final String SHADOW_ALERT = "shadowAlert";

  private static final String SHADOW_TRANSACTION_ID = "_shadowTransactionId";
  private static final Logger LOG = LoggerFactory.getLogger(FraudScoring.class);

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

  /**
   * What bank.fraud-labels.scored holds, one record per label: the scored transaction's fields and
   * the label's.
   */
  static final StructType SCORED_LABEL =
      SCORED
          .add("fraud", DataTypes.BooleanType)
          .add("source", DataTypes.StringType)
          .add("labelledAt", DataTypes.TimestampType);

  /** When a record reached Kafka: what bounds the per-version duplicate state. */
  static final String RECEIVED_AT = KafkaRecordDecoder.RECEIVED_AT;

  private FraudScoring() {}

  public static void main(String[] argv) throws TimeoutException, StreamingQueryException {
    FraudScoringOptions options = FraudScoringOptions.parse(argv, System.getenv());
    StreamingJobs.run(
        Pipeline.FRAUD_SCORING,
        SCORING_QUERY,
        options.streaming(),
        options,
        FraudScoring::start,
        List.of(lateLabels(options)));
  }

  /**
   * Late labels: the label join drops a label whose labelledAt is behind its watermark (a batch of
   * backdated labels, a replay after the job ran ahead); it goes to the labels' dead-letter topic
   * with the reason. Scored transactions the join drops are the job's own output, not reported.
   */
  public static LateEvents.Watched lateLabels(FraudScoringOptions options) {
    return new LateEvents.Watched(
        LABEL_JOIN_QUERY,
        options.labelsTopic(),
        FraudEventDecoder::labels,
        "labelledAt",
        "$.labelledAt",
        options.labelsDeadLetterTopic(),
        "the label join could no longer match it with its scored transaction: it is not in the"
            + " per-version counts nor, if it names no terminal, in the terminal-risk features");
  }

  /**
   * A saved pipeline, its alert threshold and its version in the registry; {@code compiled} is the
   * pipeline as a {@link CompiledModel}, broadcast once for this version, or null when the pipeline
   * is not one it replicates (then Spark ML's transform scores).
   */
  public record Model(
      PipelineModel pipeline, double threshold, String version, Broadcast<CompiledModel> compiled) {
    /** Compiles (and broadcasts through the active session) when it can. */
    public Model(PipelineModel pipeline, double threshold, String version) {
      this(pipeline, threshold, version, compile(SparkSession.active(), pipeline, version));
    }

    public static Model load(
        SparkSession spark, String modelPath, String version, Double thresholdOverride) {
      PipelineModel pipeline = PipelineModel.load(modelPath + "/" + FraudModelTrainer.PIPELINE_DIR);
      double threshold =
          thresholdOverride != null
              ? thresholdOverride
              : metadata(spark, modelPath).get("threshold").asDouble();
      return new Model(pipeline, threshold, version, compile(spark, pipeline, version));
    }

    /** The rows plus {@link FraudModelTrainer#SCORE}, the probability of fraud. */
    Dataset<Row> score(Dataset<Row> rows) {
      return CompiledScorer.score(compiled, pipeline, rows);
    }

    private static Broadcast<CompiledModel> compile(
        SparkSession spark, PipelineModel pipeline, String version) {
      Broadcast<CompiledModel> compiled = CompiledScorer.broadcast(spark, pipeline);
      LOG.info(
          "model version {} scores {}",
          version,
          compiled != null ? "compiled (CompiledModel)" : "through Spark ML's transform");
      return compiled;
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
   * Waits for the registry's first live model (see {@link LiveModel}), then starts the four
   * queries: scoring, summary, dead letters, per-version counts, label join (in that order), and
   * with --archive-path the two of {@link FraudArchive}.
   */
  public static List<StreamingQuery> start(SparkSession spark, FraudScoringOptions options)
      throws TimeoutException {
    StreamingJobOptions o = options.streaming();
    ModelRegistry registry =
        new ModelRegistry(
            options.modelRegistry(),
            spark.sparkContext().hadoopConfiguration(),
            java.time.Clock.systemUTC());
    LiveModel model =
        LiveModel.await(
            spark,
            registry,
            options,
            state -> publishRegistry(spark, registry, state, o.kafka(), options.modelsTopic()));

    // writeScores caches each micro-batch only for the length of that batch: building compressed
    // caches was about a seventh of the scoring profile (bench/RESULTS.md), for no gain.
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    Dataset<Row> transactions =
        FraudEventDecoder.transactions(o.kafka().readStream(spark, o.inputTopic()));
    Dataset<Row> labels =
        FraudEventDecoder.labels(o.kafka().readStream(spark, options.labelsTopic()));

    // Labels that name their terminal and time reach the terminal state directly; the others once
    // the label join (below) has found their scored transaction and written it back.
    Dataset<Row> terminalLabels =
        FraudEventDecoder.validLabels(labels)
            .union(
                LabelJoin.resolvedLabels(o.kafka().readStream(spark, options.scoredLabelsTopic())));

    // Features online, then the model per micro-batch: the model is a batch transformer, one
    // batch feeds two sinks (alerts and scored transactions), and between batches is the one
    // place where a newly promoted model can replace the old one.
    Dataset<Row> features =
        OnlineFraudFeatures.features(
            FraudEventDecoder.validTransactionsWithSource(transactions),
            terminalLabels,
            options.stateIdleTimeout(),
            options.testFailFeaturesOf());
    StreamingQuery scoring =
        OnlineFraudFeatures.startQuery(
            spark,
            o.checkpoint("scoring"),
            features
                .writeStream()
                .queryName(SCORING_QUERY)
                .outputMode(OutputMode.Append())
                .trigger(Trigger.ProcessingTime(o.triggerInterval().toMillis()))
                .option("checkpointLocation", o.checkpoint("scoring"))
                .foreachBatch(
                    (VoidFunction2<Dataset<Row>, Long>)
                        (batch, batchId) -> writeScores(batch, model.current(), options)));

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
                o.chainedTrigger(),
                o.checkpoint("summary"));

    // Per model version: what it scored and alerted, and its confusion matrix on labels.
    StreamingQuery models = startModels(spark, options);

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

    // Every label matched with its scored transaction, within the label horizon; one that found
    // none to the labels' dead-letter topic.
    StreamingQuery labelJoin =
        o.kafka()
            .startSink(
                LabelJoin.records(
                    LabelJoin.join(
                        parseScored(o.kafka().readStream(spark, options.scoredTopic())),
                        FraudEventDecoder.labels(o.kafka().readStream(spark, options.labelsTopic()))
                            .where(col(DeadLetters.ERROR).isNull()),
                        options.labelHorizon(),
                        o.watermarkDelay()),
                    options.scoredLabelsTopic(),
                    options.labelsDeadLetterTopic()),
                LABEL_JOIN_QUERY,
                null,
                OutputMode.Append(),
                o.chainedTrigger(),
                o.checkpoint(LABEL_JOIN_CHECKPOINT));
    List<StreamingQuery> queries =
        new ArrayList<>(List.of(scoring, summary, deadLetters, models, labelJoin));
    if (options.archivePath() != null) {
      queries.addAll(FraudArchive.start(spark, options));
    }
    return List.copyOf(queries);
  }

  /** Spark's check of chained stateful operators, read when a query starts. */
  private static final String CHECK_CHAINED_OPERATORS =
      "spark.sql.streaming.statefulOperator.checkCorrectness.enabled";

  /**
   * The per-version counts query ({@link #modelCounts}), on its own checkpoint.
   *
   * <p>Spark refuses any stateful operator downstream of a flatMapGroupsWithState with an
   * event-time timeout ({@link LatestLabels}), because a downstream operator keyed by event time
   * could drop its output as late. The one downstream here is the sum per model version: its key
   * holds no event time, so it drops nothing; the check is switched off while this query starts,
   * and only then (a processing-time timeout would pass the check but make Spark run a batch every
   * trigger, data or not, scanning the whole state each time).
   */
  static StreamingQuery startModels(SparkSession spark, FraudScoringOptions options)
      throws TimeoutException {
    return QuerySettings.startWith(
        spark, Map.of(CHECK_CHAINED_OPERATORS, "false"), () -> startModelsQuery(spark, options));
  }

  private static StreamingQuery startModelsQuery(SparkSession spark, FraudScoringOptions options)
      throws TimeoutException {
    StreamingJobOptions o = options.streaming();
    return o.kafka()
        .startSink(
            modelRecords(
                modelCounts(
                    receivedAt(o.kafka().readStream(spark, options.scoredTopic()), SCORED),
                    receivedAt(
                        o.kafka().readStream(spark, options.scoredLabelsTopic()), SCORED_LABEL),
                    o.watermarkDelay(),
                    options.labelHorizon())),
            MODELS_QUERY,
            options.modelsTopic(),
            OutputMode.Update(),
            o.chainedTrigger(),
            o.checkpoint(MODELS_CHECKPOINT));
  }

  /**
   * One micro-batch of featured transactions: score, alert, and record for the summary. A
   * transaction whose features or scoring failed goes to the dead-letter topic with the reason, and
   * the batch goes on; a failure of the batch itself (reading Kafka, the state, writing) fails the
   * query. With compiled models, in one pass ({@link OnePassScoring}); otherwise the batch is
   * cached, and Spark ML scores it through {@link IsolatingScorer}, then each sink is written.
   */
  static void writeScores(
      Dataset<Row> batch, LiveModel.Models models, FraudScoringOptions options) {
    KafkaOptions kafka = options.streaming().kafka();
    if (OnePassScoring.applies(models, batch.schema())) {
      kafka.write(OnePassScoring.records(batch, models, options), null);
      return;
    }
    Model model = models.live();
    // Computed once: the input, the state updates and the features are not run again per sink
    // (nor for the shadow model).
    Dataset<Row> featured = batch.persist();
    try {
      featured.count();
      Dataset<Row> featureFailures = featured.where(col(OnlineFraudFeatures.ERROR).isNotNull());
      if (!featureFailures.isEmpty()) {
        kafka.write(deadLetters(featureFailures), options.streaming().deadLetterTopic());
      }
      Dataset<Row> valid = featured.where(col(OnlineFraudFeatures.ERROR).isNull());
      IsolatingScorer.Result result = IsolatingScorer.score(model, valid);
      Dataset<Row> shadowScores = shadowScores(models.shadow(), valid);
      try {
        Dataset<Row> live = withLiveVerdict(result.scored(), model);
        if (result.failed() != null) {
          kafka.write(deadLetters(result.failed()), options.streaming().deadLetterTopic());
        }
        // Alerts come from the live model only: the shadow's verdict goes to the scored record.
        kafka.write(alertRecords(live.where(col("alert"))), options.streaming().outputTopic());
        kafka.write(
            scoredRecords(withShadow(live, models.shadow(), shadowScores)), options.scoredTopic());
      } finally {
        result.scored().unpersist();
        if (result.failed() != null) {
          result.failed().unpersist();
        }
        if (shadowScores != null) {
          shadowScores.unpersist();
        }
      }
    } finally {
      featured.unpersist();
    }
  }

  /** Scored rows + the live model's alert, the time of scoring and the model's version. */
  static Dataset<Row> withLiveVerdict(Dataset<Row> scored, Model live) {
    return scored
        .withColumn("alert", col(FraudModelTrainer.SCORE).geq(live.threshold()))
        .withColumn("scoredAt", current_timestamp())
        .withColumn(MODEL_VERSION, lit(live.version()));
  }

  /**
   * The shadow model's score of each row ({@code _shadowTransactionId}, {@link #SHADOW_SCORE}),
   * cached; null without a shadow or when it fails on this batch: a shadow never fails the batch.
   */
  static Dataset<Row> shadowScores(Model shadow, Dataset<Row> valid) {
    if (shadow == null) {
      return null;
    }
    Dataset<Row> scores = null;
    try {
      scores =
          shadow
              .score(valid)
              .select(
                  col("transactionId").alias(SHADOW_TRANSACTION_ID),
                  col(FraudModelTrainer.SCORE).alias(SHADOW_SCORE))
              .persist();
      scores.count();
      return scores;
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      if (scores != null) {
        scores.unpersist();
      }
      LOG.warn("shadow version {} could not score this batch: {}", shadow.version(), e.toString());
      return null;
    }
  }

  /**
   * Live-scored rows + the shadow's version, score and alert (its own threshold); nulls where there
   * is no shadow score. A transactionId occurs once per batch (the customer state drops a resent
   * one), so the join adds no rows.
   */
  static Dataset<Row> withShadow(Dataset<Row> scored, Model shadow, Dataset<Row> shadowScores) {
    if (shadowScores == null) {
      return scored
          .withColumn(SHADOW_VERSION, lit(null).cast("string"))
          .withColumn(SHADOW_SCORE, lit(null).cast("double"))
          .withColumn(SHADOW_ALERT, lit(null).cast("boolean"));
    }
    Column shadowScore = col(SHADOW_SCORE);
    return scored
        .join(
            shadowScores,
            scored.col("transactionId").equalTo(shadowScores.col(SHADOW_TRANSACTION_ID)),
            "left_outer")
        .drop(SHADOW_TRANSACTION_ID)
        .withColumn(
            SHADOW_VERSION, when(shadowScore.isNotNull(), lit(shadow.version())).cast("string"))
        .withColumn(SHADOW_ALERT, shadowScore.geq(shadow.threshold()));
  }

  /**
   * Transactions that failed after decoding -> records of the dead-letter topic, the same as {@link
   * DeadLetters} writes for undecodable ones (the Kafka record as read, and the reason).
   */
  static Dataset<Row> deadLetters(Dataset<Row> failed) {
    return failed
        .where(col(OnlineFraudFeatures.ERROR).isNotNull())
        .select(deadLetterKey().alias("key"), deadLetterValue().alias("value"));
  }

  /** A failed row's dead-letter key: its Kafka record's key. */
  static Column deadLetterKey() {
    return col(OnlineFraudFeatures.SOURCE + ".key").cast("string");
  }

  /** A failed row's dead-letter value: its Kafka record as read, and {@code error}. */
  static Column deadLetterValue() {
    String source = OnlineFraudFeatures.SOURCE + ".";
    return DeadLetters.jsonValue(
        col(source + "topic"),
        col(source + "partition"),
        col(source + "offset"),
        col(source + KafkaRecordDecoder.RECEIVED_AT),
        col(OnlineFraudFeatures.ERROR),
        lit(null).cast("string"),
        col(source + "value"));
  }

  private static Column amount() {
    return col("amountCents")
        .cast(DataTypes.createDecimalType(14, 0))
        .divide(100)
        .cast(EventSchemas.MONEY);
  }

  /** Scored rows -> FraudAlert records keyed by transactionId. */
  static Dataset<Row> alertRecords(Dataset<Row> alerts) {
    return alerts.select(col("transactionId").alias("key"), alertValue().alias("value"));
  }

  /** A scored row's FraudAlert record value. */
  static Column alertValue() {
    List<Column> features = new ArrayList<>();
    for (String name : FraudFeatures.NAMES) {
      features.add(lit(name));
      features.add(col(name));
    }
    return to_json(
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
            col(MODEL_VERSION)));
  }

  static Dataset<Row> scoredRecords(Dataset<Row> scored) {
    return scored.select(col("transactionId").alias("key"), scoredValue().alias("value"));
  }

  /** A scored row's record value in bank.transactions.scored ({@link #SCORED}). */
  static Column scoredValue() {
    return to_json(
        struct(
            col("transactionId"),
            col("terminalId"),
            col("timestamp"),
            amount().alias("amount"),
            col(FraudModelTrainer.SCORE).alias("score"),
            col("alert"),
            col(MODEL_VERSION),
            col(SHADOW_VERSION),
            col(SHADOW_SCORE),
            col(SHADOW_ALERT)));
  }

  /**
   * Kafka records of bank.transactions.scored -> rows of {@link #SCORED} (as from_json reads them:
   * {@link FlatJsonDecoder}), those without a transactionId or timestamp dropped.
   */
  static Dataset<Row> parseScored(Dataset<Row> kafkaRecords) {
    return FlatJsonDecoder.rows(kafkaRecords, SCORED)
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

  /**
   * Kafka records of {@code schema} -> its rows plus {@link #RECEIVED_AT} (the Kafka record's
   * time), those without a transactionId dropped.
   */
  static Dataset<Row> receivedAt(Dataset<Row> kafkaRecords, StructType schema) {
    return FlatJsonDecoder.rowsReceivedAt(kafkaRecords, schema, RECEIVED_AT)
        .where(col("transactionId").isNotNull());
  }

  /**
   * Scored transactions and scored labels -> per model version (live and shadow alike): scored,
   * alerts, labelled and the confusion matrix of its alert against the label. A replayed scored
   * record is dropped by (transactionId, version) within the watermark on when it reached Kafka
   * (the transaction's own time can be far behind in a replay). Labels go through {@link
   * LatestLabels}: a transaction labelled again counts once, with its latest label by labelledAt (a
   * replayed label changes nothing), exactly and through restarts (the state is checkpointed).
   *
   * <p>That state, one record per labelled (transaction, version), is kept {@code labelHorizon}
   * plus {@code watermarkDelay} of processing time after its last label: the label join matches a
   * label only within the horizon after its transaction and within the watermark delay of the
   * newest label time, so in a running job no later relabel reaches this query. A relabel of a
   * transaction whose state expired (a job stopped for longer than the horizon, then fed labels of
   * that age) would count as a new label.
   */
  public static Dataset<Row> modelCounts(
      Dataset<Row> scored,
      Dataset<Row> scoredLabels,
      Duration watermarkDelay,
      Duration labelHorizon) {
    String delay = JobArgs.sparkInterval(watermarkDelay);
    Dataset<Row> scoredRows =
        perVersion(scored.withWatermark(RECEIVED_AT, delay), lit(null).cast("boolean"), lit(null));
    String[] key = {"transactionId", "version"};
    Dataset<Row> distinct =
        scoredRows.isStreaming()
            ? scoredRows.dropDuplicatesWithinWatermark(key[0], key[1])
            : scoredRows.dropDuplicates(key);
    Column alert = col("alert").equalTo(true);
    Column zero = lit(0L);
    Dataset<Row> scoredCounts =
        distinct.select(
            col("version"),
            col(RECEIVED_AT),
            lit(1L).alias("scored"),
            when(alert, 1L).otherwise(0L).alias("alerts"),
            zero.alias("labelled"),
            zero.alias("truePositives"),
            zero.alias("falsePositives"),
            zero.alias("falseNegatives"),
            zero.alias("trueNegatives"));
    boolean streaming = scoredLabels.isStreaming();
    Dataset<Row> validLabels =
        scoredLabels.where(col("fraud").isNotNull().and(col("labelledAt").isNotNull()));
    Dataset<Row> labelCounts =
        perVersion(
                streaming ? validLabels.withWatermark(RECEIVED_AT, delay) : validLabels,
                col("fraud"),
                col("labelledAt"))
            .select(
                java.util.Arrays.stream(LatestLabels.INPUT.fieldNames())
                    .map(c -> col(c))
                    .toArray(Column[]::new))
            .groupByKey((MapFunction<Row, String>) LatestLabels::key, Encoders.STRING())
            .flatMapGroupsWithState(
                new LatestLabels(streaming ? labelHorizon.plus(watermarkDelay).toMillis() : -1),
                OutputMode.Append(),
                Encoders.bean(LatestLabels.Kept.class),
                Encoders.row(LatestLabels.DELTAS),
                streaming ? GroupStateTimeout.EventTimeTimeout() : GroupStateTimeout.NoTimeout())
            .withColumn("scored", zero)
            .withColumn("alerts", zero);
    return scoredCounts
        .unionByName(labelCounts)
        .groupBy(col("version"))
        .agg(
            sum(col("scored")).cast("long").alias("scored"),
            sum(col("alerts")).cast("long").alias("alerts"),
            sum(col("labelled")).cast("long").alias("labelled"),
            sum(col("truePositives")).cast("long").alias("truePositives"),
            sum(col("falsePositives")).cast("long").alias("falsePositives"),
            sum(col("falseNegatives")).cast("long").alias("falseNegatives"),
            sum(col("trueNegatives")).cast("long").alias("trueNegatives"),
            max(col(RECEIVED_AT)).alias("updatedAt"));
  }

  /**
   * One row per (record, version that scored it): the live one and, when set, the shadow; {@code
   * labelledAt} is null for a scored record.
   */
  private static Dataset<Row> perVersion(Dataset<Row> records, Column fraud, Column labelledAt) {
    return records
        .select(
            col("transactionId"),
            col(RECEIVED_AT),
            fraud.alias("fraud"),
            labelledAt.cast("timestamp").alias("labelledAt"),
            explode(
                    array(
                        struct(col(MODEL_VERSION).alias("version"), col("alert").alias("alert")),
                        struct(
                            col(SHADOW_VERSION).alias("version"),
                            col(SHADOW_ALERT).alias("alert"))))
                .alias("v"))
        .select(
            col("transactionId"),
            col(RECEIVED_AT),
            col("fraud"),
            col("v.version").alias("version"),
            col("v.alert").alias("alert"),
            col("labelledAt"))
        .where(col("version").isNotNull());
  }

  /** Rows of {@link #modelCounts} -> records keyed by {@link ResultKeys#fraudModel}. */
  static Dataset<Row> modelRecords(Dataset<Row> counts) {
    return counts.select(
        concat(lit(ResultKeys.FRAUD_MODEL + ResultKeys.SEPARATOR), col("version")).alias("key"),
        to_json(
                struct(
                    col("version"),
                    col("scored"),
                    col("alerts"),
                    col("labelled"),
                    col("truePositives"),
                    col("falsePositives"),
                    col("falseNegatives"),
                    col("trueNegatives"),
                    date_format(col("updatedAt"), ISO_INSTANT_MILLIS).alias("updatedAt")))
            .alias("value"));
  }

  /**
   * The registry's state -> one record keyed {@link ResultKeys#FRAUD_REGISTRY} on {@code topic}.
   */
  static void publishRegistry(
      SparkSession spark,
      ModelRegistry registry,
      ModelRegistry.State state,
      KafkaOptions kafka,
      String topic) {
    String json = RegistryReport.of(registry, state, java.time.Instant.now()).toString();
    kafka.write(
        spark
            .createDataset(List.of(json), Encoders.STRING())
            .select(lit(ResultKeys.FRAUD_REGISTRY).alias("key"), col("value")),
        topic);
  }
}
