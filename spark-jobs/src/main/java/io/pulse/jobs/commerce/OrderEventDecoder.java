package io.pulse.jobs.commerce;

import io.pulse.events.InvalidEventException;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusEventCodec;
import io.pulse.jobs.DeadLetters;
import java.sql.Timestamp;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka records of {@code orders.status-events} with the events module's codec, the same
 * rules order-ingest applies, so the job counts exactly what the API accepts. A record that breaks
 * them keeps its Kafka coordinates and gets an {@code error}, for the dead-letter topic.
 */
public final class OrderEventDecoder {
  /** Kafka source columns kept for dead letters, then the event, then the error. */
  static final StructType SCHEMA =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add("timestamp", DataTypes.TimestampType)
          .add("eventId", DataTypes.StringType)
          .add("orderId", DataTypes.StringType)
          .add("productId", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("eventTime", DataTypes.TimestampType)
          .add(DeadLetters.ERROR, DataTypes.StringType)
          .add(DeadLetters.ERROR_FIELD, DataTypes.StringType);

  private OrderEventDecoder() {}

  public static Dataset<Row> decode(Dataset<Row> kafkaRecords) {
    return kafkaRecords
        .select("key", "value", "topic", "partition", "offset", "timestamp")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) OrderEventDecoder::decodeAll, Encoders.row(SCHEMA));
  }

  private static Iterator<Row> decodeAll(Iterator<Row> records) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Row next() {
        return decodeOne(records.next());
      }
    };
  }

  static Row decodeOne(Row r) {
    Object key = r.get(0);
    byte[] value = (byte[]) r.get(1);
    try {
      OrderStatusEvent e = OrderStatusEventCodec.decodeStored(value);
      return RowFactory.create(
          key,
          value,
          r.get(2),
          r.get(3),
          r.get(4),
          r.get(5),
          e.eventId(),
          e.orderId(),
          e.productId(),
          e.status().name(),
          Timestamp.from(e.eventTime()),
          null,
          null);
    } catch (InvalidEventException e) {
      return RowFactory.create(
          key,
          value,
          r.get(2),
          r.get(3),
          r.get(4),
          r.get(5),
          null,
          null,
          null,
          null,
          null,
          e.getMessage(),
          e.field());
    }
  }
}
