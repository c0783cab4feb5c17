package io.pulse.jobs;

import io.pulse.events.InvalidEventException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka records with an events-module codec, the rules the ingest services apply, so a job
 * processes exactly what the API accepts. Each output row keeps the record's Kafka columns (for
 * dead letters; the Kafka timestamp as {@link #RECEIVED_AT}, since events have their own {@code
 * timestamp}), then the event's columns, then {@code error} and {@code errorField}: null for a
 * valid record, the broken rule and its JSON path for a malformed one (whose event columns are
 * null).
 */
public final class KafkaRecordDecoder {
  /** The Kafka source's columns that decoding reads (and that tests build records with). */
  public static final StructType KAFKA_COLUMNS =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add("timestamp", DataTypes.TimestampType);

  /** The Kafka timestamp of a decoded row: when the record reached Kafka. */
  public static final String RECEIVED_AT = "receivedAt";

  /** The Kafka columns of a decoded row. */
  private static final StructType KEPT_COLUMNS =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add(RECEIVED_AT, DataTypes.TimestampType);

  /** A record value -> the event's column values; throws InvalidEventException when malformed. */
  @FunctionalInterface
  public interface ValueDecoder extends Serializable {
    Object[] decode(byte[] value);
  }

  private KafkaRecordDecoder() {}

  /** The decoded rows' schema for events of {@code eventColumns}. */
  public static StructType schema(StructType eventColumns) {
    StructType schema = KEPT_COLUMNS;
    for (StructField field : eventColumns.fields()) {
      if (Arrays.asList(schema.fieldNames()).contains(field.name())) {
        throw new IllegalArgumentException("an event column is named like a Kafka one: " + field);
      }
      schema = schema.add(field);
    }
    return schema
        .add(DeadLetters.ERROR, DataTypes.StringType)
        .add(DeadLetters.ERROR_FIELD, DataTypes.StringType);
  }

  public static Dataset<Row> decode(
      Dataset<Row> kafkaRecords, StructType eventColumns, ValueDecoder decoder) {
    int width = eventColumns.size();
    return kafkaRecords
        .select("key", "value", "topic", "partition", "offset", "timestamp")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> map(rows, decoder, width),
            Encoders.row(schema(eventColumns)));
  }

  /**
   * Decodes in one pass and routes as it goes: valid records go on as rows of {@code eventColumns}
   * alone, malformed ones leave for {@code deadLetters} from the task that found them (the value
   * {@link DeadLetters#of} would write). A query that only needs the valid events thus reads and
   * decodes its topic once, with no second query for its dead letters.
   */
  public static Dataset<Row> decodeValid(
      Dataset<Row> kafkaRecords,
      StructType eventColumns,
      ValueDecoder decoder,
      DeadLetterSink deadLetters) {
    return kafkaRecords
        .select("key", "value", "topic", "partition", "offset", "timestamp")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> valid(rows, decoder, deadLetters.sender()),
            Encoders.row(eventColumns));
  }

  private static Iterator<Row> valid(
      Iterator<Row> rows, ValueDecoder decoder, DeadLetterSink.Sender deadLetters) {
    return new DeadLetteringRows(
        rows,
        r -> {
          byte[] value = (byte[]) r.get(1);
          String error;
          String field = null;
          try {
            return RowFactory.create(decoder.decode(value));
          } catch (InvalidEventException e) {
            error = e.getMessage();
            field = e.field();
          } catch (RuntimeException e) {
            // A failure of the decoding code on this record, not a broken rule: dead-lettered too.
            error = "cannot decode: " + e;
          }
          deadLetters.send(
              (byte[]) r.get(0),
              DeadLetters.value(
                  r.getString(2),
                  r.getInt(3),
                  r.getLong(4),
                  r.getTimestamp(5),
                  error,
                  field,
                  value));
          return null;
        },
        deadLetters);
  }

  private static Iterator<Row> map(Iterator<Row> rows, ValueDecoder decoder, int width) {
    int kafka = KAFKA_COLUMNS.size();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        Object[] values = new Object[kafka + width + 2];
        for (int i = 0; i < kafka; i++) {
          values[i] = r.get(i);
        }
        try {
          System.arraycopy(decoder.decode((byte[]) r.get(1)), 0, values, kafka, width);
        } catch (InvalidEventException e) {
          values[values.length - 2] = e.getMessage();
          values[values.length - 1] = e.field();
        } catch (RuntimeException e) {
          // Not a broken rule but a failure of the decoding code on this record (a bug, a value no
          // rule foresaw): the record goes to the DLQ with it, and the job goes on.
          values[values.length - 2] = "cannot decode: " + e;
          values[values.length - 1] = null;
          Arrays.fill(values, kafka, kafka + width, null);
        }
        return RowFactory.create(values);
      }
    };
  }
}
