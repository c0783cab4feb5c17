package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.pulse.jobs.DeadLetters;
import io.pulse.jobs.FlatJsonDecoder;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.KafkaRecordDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fraud labels matched with the transactions FraudScoring scored, by transactionId: a chargeback
 * names its transaction but not always its terminal or time, and the terminal-risk features need
 * both. Every matched label becomes one record of bank.fraud-labels.scored ({@link #SCORED_LABEL}),
 * keyed by transactionId; those whose label lacked the terminal or time ({@link #RESOLVED}) are
 * read back by the scoring query as labels of their terminal. Going through Kafka keeps the
 * stream-stream join and the features' state in separate queries (Spark cannot chain them in one).
 *
 * <p>The join keeps {@code horizon} of scored transactions (and labels waiting for a transaction
 * not scored yet) in its state, bounded by watermarks on both sides: transaction time for the
 * scored ones, labelledAt for the labels.
 *
 * <p>No label is lost without a trace: one that no scored transaction matched by the time the
 * watermark passes its labelledAt (the transaction was never scored, or is older than the horizon)
 * leaves the join unmatched (a right outer join) and goes, as its original record, to the labels'
 * dead-letter topic with the reason {@link #UNMATCHED}; one already behind the watermark when it
 * arrives is dropped by the join and sent there by {@link io.pulse.jobs.LateEvents}.
 */
final class LabelJoin {
  /** The labelled transaction's terminal and time came from the scored record, not the label. */
  static final String RESOLVED = "resolved";

  /** The reason, in the labels' dead-letter topic, of a label no scored transaction matched. */
  static final String UNMATCHED =
      "unmatched: no scored transaction with this transactionId at or before labelledAt and within"
          + " the label horizon; the label is not in the per-version counts nor, if it names no"
          + " terminal, in the terminal-risk features";

  /** The label's own Kafka record, carried through the join for its dead letter. */
  private static final String[] LABEL_RECORD = {
    "key", "value", "topic", "partition", "offset", KafkaRecordDecoder.RECEIVED_AT
  };

  private static final String LABEL_PREFIX = "label_";

  /** A record of bank.fraud-labels.scored: the scored record's fields, then the label's. */
  static final StructType SCORED_LABEL = scoredLabel();

  private LabelJoin() {}

  private static StructType scoredLabel() {
    StructType s = new StructType();
    for (StructField f : FraudScoring.SCORED.fields()) {
      s = s.add(f);
    }
    return s.add("fraud", DataTypes.BooleanType)
        .add("source", DataTypes.StringType)
        .add("labelledAt", DataTypes.TimestampType)
        .add(RESOLVED, DataTypes.BooleanType);
  }

  /**
   * Scored transactions ({@link FraudScoring#SCORED}) joined with valid decoded labels (all of
   * {@link FraudEventDecoder#LABEL_COLUMNS} and the Kafka columns {@link KafkaRecordDecoder} keeps)
   * whose labelledAt is in [timestamp, timestamp + horizon] -> one row per match as {@link
   * #SCORED_LABEL}, and one per label nothing matched (its scored fields null), each with the
   * label's Kafka record.
   */
  static Dataset<Row> join(
      Dataset<Row> scored, Dataset<Row> labels, Duration horizon, Duration watermarkDelay) {
    String delay = JobArgs.sparkInterval(watermarkDelay);
    Dataset<Row> s = scored.withWatermark("timestamp", delay).alias("s");
    List<Column> labelColumns =
        new ArrayList<>(
            List.of(
                col("transactionId").alias("labelTransactionId"),
                col("terminalId").alias("labelTerminalId"),
                col("timestamp").alias("labelTimestamp"),
                col("fraud"),
                col("source"),
                col("labelledAt")));
    for (String c : LABEL_RECORD) {
      labelColumns.add(col(c).alias(LABEL_PREFIX + c));
    }
    Dataset<Row> l =
        labels
            .select(labelColumns.toArray(Column[]::new))
            .withWatermark("labelledAt", delay)
            .alias("l");
    Column matches =
        col("transactionId")
            .equalTo(col("labelTransactionId"))
            .and(col("labelledAt").geq(col("timestamp")))
            .and(
                col("labelledAt")
                    .leq(
                        col("timestamp").plus(expr("INTERVAL " + JobArgs.sparkInterval(horizon)))));
    List<Column> out = new ArrayList<>();
    for (String name : FraudScoring.SCORED.fieldNames()) {
      out.add(col("s." + name).alias(name));
    }
    out.add(col("fraud"));
    out.add(col("source"));
    out.add(col("labelledAt"));
    out.add(col("labelTerminalId").isNull().or(col("labelTimestamp").isNull()).alias(RESOLVED));
    for (String c : LABEL_RECORD) {
      out.add(col(LABEL_PREFIX + c));
    }
    return s.join(l, matches, "right_outer").select(out.toArray(Column[]::new));
  }

  /**
   * Rows of {@link #join} -> Kafka records with their topic: a match to {@code scoredLabelsTopic}
   * keyed by transactionId, an unmatched label's dead letter to {@code deadLetterTopic}. One
   * projection, not two branches: a union of two branches of the join would run it twice.
   */
  static Dataset<Row> records(
      Dataset<Row> joined, String scoredLabelsTopic, String deadLetterTopic) {
    Column[] fields =
        java.util.Arrays.stream(SCORED_LABEL.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Column matched = col("transactionId").isNotNull();
    Column deadLetter =
        DeadLetters.jsonValue(
            col(LABEL_PREFIX + "topic"),
            col(LABEL_PREFIX + "partition"),
            col(LABEL_PREFIX + "offset"),
            col(LABEL_PREFIX + KafkaRecordDecoder.RECEIVED_AT),
            lit(UNMATCHED),
            lit("$.transactionId"),
            col(LABEL_PREFIX + "value"));
    return joined.select(
        when(matched, col("transactionId"))
            .otherwise(col(LABEL_PREFIX + "key").cast("string"))
            .alias("key"),
        when(matched, to_json(struct(fields))).otherwise(deadLetter).alias("value"),
        when(matched, lit(scoredLabelsTopic)).otherwise(lit(deadLetterTopic)).alias("topic"));
  }

  /**
   * Kafka records of bank.fraud-labels.scored -> labels of their terminal as the features take them
   * ({@link OnlineFraudFeatures#LABELS}), only those whose label lacked the terminal or time: the
   * others reached the features directly.
   */
  static Dataset<Row> resolvedLabels(Dataset<Row> kafkaRecords) {
    Dataset<Row> parsed = FlatJsonDecoder.rows(kafkaRecords, SCORED_LABEL);
    return parsed
        .where(
            col(RESOLVED)
                .and(col("transactionId").isNotNull())
                .and(col("terminalId").isNotNull())
                .and(col("timestamp").isNotNull())
                .and(col("fraud").isNotNull()))
        .select(
            java.util.Arrays.stream(OnlineFraudFeatures.LABELS.fieldNames())
                .map(c -> col(c))
                .toArray(Column[]::new));
  }
}
