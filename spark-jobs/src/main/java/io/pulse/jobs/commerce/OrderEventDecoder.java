package io.pulse.jobs.commerce;

import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusEventCodec;
import io.pulse.jobs.DeadLetterSink;
import io.pulse.jobs.EventSchemas;
import io.pulse.jobs.KafkaRecordDecoder;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Kafka records of {@code orders.status-events}, decoded as order-ingest accepts them. */
public final class OrderEventDecoder {
  static final StructType EVENT_COLUMNS = EventSchemas.of(OrderStatusEvent.class);

  private OrderEventDecoder() {}

  public static Dataset<Row> decode(Dataset<Row> kafkaRecords) {
    return KafkaRecordDecoder.decode(kafkaRecords, EVENT_COLUMNS, OrderEventDecoder::columns);
  }

  /**
   * The valid events alone (the event columns), the malformed records sent to {@code deadLetters}
   * as the task meets them: {@link KafkaRecordDecoder#decodeValid}.
   */
  public static Dataset<Row> decodeValid(Dataset<Row> kafkaRecords, DeadLetterSink deadLetters) {
    return KafkaRecordDecoder.decodeValid(
        kafkaRecords, EVENT_COLUMNS, OrderEventDecoder::columns, deadLetters);
  }

  static Object[] columns(byte[] value) {
    OrderStatusEvent e = OrderStatusEventCodec.decodeStored(value);
    return new Object[] {
      e.eventId(), e.orderId(), e.productId(), e.status().name(), Timestamp.from(e.eventTime())
    };
  }
}
