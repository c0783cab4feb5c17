package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;

import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudLabel;
import io.pulse.events.InvalidEventException;
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
 * Decodes Kafka records of {@code bank.transactions} and {@code bank.fraud-labels} with the events
 * module's codecs, the rules the gateway applies. A record that breaks them keeps its Kafka
 * coordinates and gets an {@code error}, for the dead-letter topic.
 */
public final class FraudEventDecoder {
  private static final StructType KAFKA =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add("timestamp", DataTypes.TimestampType);

  static final StructType TRANSACTIONS =
      withError(
          KAFKA
              .add("transactionId", DataTypes.StringType)
              .add("customerId", DataTypes.StringType)
              .add("terminalId", DataTypes.StringType)
              .add("amountCents", DataTypes.LongType)
              .add("currency", DataTypes.StringType)
              .add("eventTime", DataTypes.TimestampType));

  static final StructType LABELS =
      withError(
          KAFKA
              .add("transactionId", DataTypes.StringType)
              .add("terminalId", DataTypes.StringType)
              .add("eventTime", DataTypes.TimestampType)
              .add("fraud", DataTypes.BooleanType));

  private FraudEventDecoder() {}

  private static StructType withError(StructType s) {
    return s.add(DeadLetters.ERROR, DataTypes.StringType)
        .add(DeadLetters.ERROR_FIELD, DataTypes.StringType);
  }

  /** Kafka rows -> decoded transactions, with an error instead for the malformed ones. */
  public static Dataset<Row> transactions(Dataset<Row> kafkaRecords) {
    return kafkaRecords
        .select("key", "value", "topic", "partition", "offset", "timestamp")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> map(rows, FraudEventDecoder::transaction, 6),
            Encoders.row(TRANSACTIONS));
  }

  public static Dataset<Row> labels(Dataset<Row> kafkaRecords) {
    return kafkaRecords
        .select("key", "value", "topic", "partition", "offset", "timestamp")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> map(rows, FraudEventDecoder::label, 4),
            Encoders.row(LABELS));
  }

  /** Valid decoded transactions as {@link OnlineFraudFeatures#TRANSACTIONS}. */
  public static Dataset<Row> validTransactions(Dataset<Row> decoded) {
    return decoded
        .where(col(DeadLetters.ERROR).isNull())
        .select(
            col("transactionId"),
            col("customerId"),
            col("terminalId"),
            col("amountCents"),
            col("currency"),
            col("eventTime").alias("timestamp"));
  }

  /** Valid decoded labels as {@link OnlineFraudFeatures#LABELS}. */
  public static Dataset<Row> validLabels(Dataset<Row> decoded) {
    return decoded
        .where(col(DeadLetters.ERROR).isNull())
        .select(
            col("transactionId"),
            col("terminalId"),
            col("eventTime").alias("timestamp"),
            col("fraud"));
  }

  private interface Decoder {
    Object[] decode(byte[] value);
  }

  private static Iterator<Row> map(Iterator<Row> rows, Decoder decoder, int width) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        Object[] fields;
        String error = null;
        String errorField = null;
        try {
          fields = decoder.decode((byte[]) r.get(1));
        } catch (InvalidEventException e) {
          fields = null;
          error = e.getMessage();
          errorField = e.field();
        }
        Object[] values = new Object[6 + width + 2];
        for (int i = 0; i < 6; i++) {
          values[i] = r.get(i);
        }
        if (fields != null) {
          System.arraycopy(fields, 0, values, 6, width);
        }
        values[values.length - 2] = error;
        values[values.length - 1] = errorField;
        return RowFactory.create(values);
      }
    };
  }

  static Object[] transaction(byte[] value) {
    BankTransaction tx = BankTransactionCodec.decodeStored(value);
    return new Object[] {
      tx.transactionId(),
      tx.customerId(),
      tx.terminalId(),
      tx.amount().movePointRight(2).longValueExact(),
      tx.currency().getCurrencyCode(),
      Timestamp.from(tx.timestamp())
    };
  }

  static Object[] label(byte[] value) {
    FraudLabel l = FraudLabel.decode(value);
    return new Object[] {
      l.transactionId(), l.terminalId(), Timestamp.from(l.timestamp()), l.fraud()
    };
  }
}
