package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;

import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudLabel;
import io.pulse.jobs.DeadLetters;
import io.pulse.jobs.KafkaRecordDecoder;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka records of {@code bank.transactions} and {@code bank.fraud-labels} with the events
 * module's codecs, the rules the gateway applies. A record that breaks them keeps its Kafka
 * coordinates and gets an {@code error}, for the dead-letter topic.
 */
public final class FraudEventDecoder {
  private static final StructType TRANSACTION_COLUMNS =
      new StructType()
          .add("transactionId", DataTypes.StringType)
          .add("customerId", DataTypes.StringType)
          .add("terminalId", DataTypes.StringType)
          .add("amountCents", DataTypes.LongType)
          .add("currency", DataTypes.StringType)
          .add("eventTime", DataTypes.TimestampType);

  private static final StructType LABEL_COLUMNS =
      new StructType()
          .add("transactionId", DataTypes.StringType)
          .add("terminalId", DataTypes.StringType)
          .add("eventTime", DataTypes.TimestampType)
          .add("fraud", DataTypes.BooleanType);

  private FraudEventDecoder() {}

  /** Kafka rows -> decoded transactions, with an error instead for the malformed ones. */
  public static Dataset<Row> transactions(Dataset<Row> kafkaRecords) {
    return KafkaRecordDecoder.decode(
        kafkaRecords, TRANSACTION_COLUMNS, FraudEventDecoder::transaction);
  }

  public static Dataset<Row> labels(Dataset<Row> kafkaRecords) {
    return KafkaRecordDecoder.decode(kafkaRecords, LABEL_COLUMNS, FraudEventDecoder::label);
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
