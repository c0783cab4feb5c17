package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import io.pulse.jobs.StreamingJobOptions;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The training archive: every valid transaction and label, kept as Parquet for as long as the store
 * keeps files, because Kafka keeps bank.transactions for days and a training run needs weeks of
 * feature history (37 days for the terminal windows) before its periods. {@link
 * FraudFeatures#readArchive} reads it back.
 *
 * <p>Two small queries, one per sink, each with its own checkpoint: Spark's file sink writes a
 * micro-batch exactly once (its {@code _spark_metadata} log names the committed files, and readers
 * of the directory see only those), whereas a foreachBatch writing both directories would append a
 * replayed batch a second time after a failure.
 */
public final class FraudArchive {
  public static final String TRANSACTIONS_QUERY = "fraud-archive-transactions";
  public static final String LABELS_QUERY = "fraud-archive-labels";

  /** Under the archive's root: transactions as {@link FraudEventDecoder#VALID_TRANSACTIONS}. */
  public static final String TRANSACTIONS_DIR = "transactions";

  /** Under the archive's root: labels with all their fields (source, labelledAt). */
  public static final String LABELS_DIR = "labels";

  /** The partition column: the UTC day of a transaction's timestamp, of a label's labelledAt. */
  public static final String DATE = "date";

  private FraudArchive() {}

  /** Starts the two archive queries: transactions, then labels. */
  public static List<StreamingQuery> start(SparkSession spark, FraudScoringOptions options)
      throws TimeoutException {
    StreamingJobOptions o = options.streaming();
    Dataset<Row> transactions =
        FraudEventDecoder.validTransactions(
            FraudEventDecoder.transactions(o.kafka().readStream(spark, o.inputTopic())));
    Dataset<Row> labels =
        FraudEventDecoder.allValidLabels(
            FraudEventDecoder.labels(o.kafka().readStream(spark, options.labelsTopic())));
    return List.of(
        sink(transactions, "timestamp", TRANSACTIONS_DIR, TRANSACTIONS_QUERY, options),
        sink(labels, "labelledAt", LABELS_DIR, LABELS_QUERY, options));
  }

  private static StreamingQuery sink(
      Dataset<Row> rows, String time, String dir, String query, FraudScoringOptions options)
      throws TimeoutException {
    // SparkSessions sets the session's time zone to UTC, so to_date gives the UTC day.
    return rows.withColumn(DATE, to_date(col(time)))
        .writeStream()
        .queryName(query)
        .format("parquet")
        .outputMode(OutputMode.Append())
        .partitionBy(DATE)
        .trigger(Trigger.ProcessingTime(options.archiveInterval().toMillis()))
        .option("path", options.archivePath() + "/" + dir)
        .option("checkpointLocation", options.streaming().checkpoint(query))
        .start();
  }
}
