package io.pulse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The dead-letter record of a Kafka record that could not be decoded: the original key, and a value
 * that says where the record came from, why it was rejected and what it held, so that it can be
 * inspected and replayed.
 */
public final class DeadLetters {
  /** Columns a decoder adds: the reason and the JSON path of the offending field (or null). */
  public static final String ERROR = "error";

  public static final String ERROR_FIELD = "errorField";

  private DeadLetters() {}

  /**
   * Kafka-sink rows ({@code key}, {@code value}) for decoded rows that carry an error. Expects the
   * Kafka columns {@link KafkaRecordDecoder} keeps.
   */
  public static Dataset<Row> of(Dataset<Row> decoded) {
    Column deadLetter =
        struct(
            col("topic"),
            col("partition"),
            col("offset"),
            col(KafkaRecordDecoder.RECEIVED_AT),
            col(ERROR),
            col(ERROR_FIELD).alias("field"),
            col("value").cast("string").alias("value"));
    return decoded
        .where(col(ERROR).isNotNull())
        .select(col("key").cast("string").alias("key"), to_json(deadLetter).alias("value"));
  }
}
