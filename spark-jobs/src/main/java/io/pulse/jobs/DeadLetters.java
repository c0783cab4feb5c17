package io.pulse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

  private static final JsonFactory JSON = new JsonFactory();

  /** Spark's {@code to_json} format of a timestamp, in the jobs' session time zone (UTC). */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private DeadLetters() {}

  /**
   * The dead-letter value {@link #of} writes, made outside Spark: for a decoder that sends its dead
   * letters itself ({@link DeadLetterSink}). The same JSON, field for field (a test holds the two
   * together); null fields left out as {@code to_json} does.
   */
  public static byte[] value(
      String topic,
      int partition,
      long offset,
      Timestamp receivedAt,
      String error,
      String field,
      byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (value == null ? 0 : value.length));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      if (topic != null) {
        g.writeStringField("topic", topic);
      }
      g.writeNumberField("partition", partition);
      g.writeNumberField("offset", offset);
      if (receivedAt != null) {
        g.writeStringField("receivedAt", TIMESTAMP.format(receivedAt.toInstant()));
      }
      if (error != null) {
        g.writeStringField(ERROR, error);
      }
      if (field != null) {
        g.writeStringField("field", field);
      }
      if (value != null) {
        g.writeStringField("value", new String(value, StandardCharsets.UTF_8));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Kafka-sink rows ({@code key}, {@code value}) for decoded rows that carry an error. Expects the
   * Kafka columns {@link KafkaRecordDecoder} keeps.
   */
  public static Dataset<Row> of(Dataset<Row> decoded) {
    return decoded
        .where(col(ERROR).isNotNull())
        .select(
            col("key").cast("string").alias("key"),
            jsonValue(
                    col("topic"),
                    col("partition"),
                    col("offset"),
                    col(KafkaRecordDecoder.RECEIVED_AT),
                    col(ERROR),
                    col(ERROR_FIELD),
                    col("value"))
                .alias("value"));
  }

  /**
   * The dead-letter value of a Kafka record (its coordinates and value) with the reason and the
   * offending field, as a column: for a query that routes rows to dead letters inside one
   * projection.
   */
  public static Column jsonValue(
      Column topic,
      Column partition,
      Column offset,
      Column receivedAt,
      Column error,
      Column field,
      Column value) {
    return to_json(
        struct(
            topic.alias("topic"),
            partition.alias("partition"),
            offset.alias("offset"),
            receivedAt.alias(KafkaRecordDecoder.RECEIVED_AT),
            error.alias(ERROR),
            field.alias("field"),
            value.cast("string").alias("value")));
  }
}
