package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.pulse.jobs.JobArgs;
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
 */
final class LabelJoin {
  /** The labelled transaction's terminal and time came from the scored record, not the label. */
  static final String RESOLVED = "resolved";

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
   * Scored transactions ({@link FraudScoring#SCORED}) joined with valid labels (all of {@link
   * FraudEventDecoder#LABEL_COLUMNS}) whose labelledAt is in [timestamp, timestamp + horizon] ->
   * one row per match as {@link #SCORED_LABEL}.
   */
  static Dataset<Row> join(
      Dataset<Row> scored, Dataset<Row> labels, Duration horizon, Duration watermarkDelay) {
    String delay = JobArgs.sparkInterval(watermarkDelay);
    Dataset<Row> s = scored.withWatermark("timestamp", delay).alias("s");
    Dataset<Row> l =
        labels
            .select(
                col("transactionId").alias("labelTransactionId"),
                col("terminalId").alias("labelTerminalId"),
                col("timestamp").alias("labelTimestamp"),
                col("fraud"),
                col("source"),
                col("labelledAt"))
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
    return s.join(l, matches, "inner").select(out.toArray(Column[]::new));
  }

  /** Rows of {@link #join} -> Kafka records keyed by transactionId. */
  static Dataset<Row> records(Dataset<Row> joined) {
    Column[] fields =
        java.util.Arrays.stream(SCORED_LABEL.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return joined.select(col("transactionId").alias("key"), to_json(struct(fields)).alias("value"));
  }

  /**
   * Kafka records of bank.fraud-labels.scored -> labels of their terminal as the features take them
   * ({@link OnlineFraudFeatures#LABELS}), only those whose label lacked the terminal or time: the
   * others reached the features directly.
   */
  static Dataset<Row> resolvedLabels(Dataset<Row> kafkaRecords) {
    Dataset<Row> parsed =
        kafkaRecords
            .select(from_json(col("value").cast("string"), SCORED_LABEL).alias("l"))
            .select("l.*");
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
