package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudLabel;
import io.pulse.jobs.DeadLetters;
import io.pulse.jobs.EventSchemas;
import io.pulse.jobs.KafkaRecordDecoder;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka records of {@code bank.transactions} and {@code bank.fraud-labels} with the events
 * module's codecs, the rules the gateway applies. A record that breaks them keeps its Kafka
 * coordinates and gets an {@code error}, for the dead-letter topic.
 */
public final class FraudEventDecoder {
  static final StructType TRANSACTION_COLUMNS = EventSchemas.of(BankTransaction.class);

  static final StructType LABEL_COLUMNS = EventSchemas.of(FraudLabel.class);

  /**
   * Valid transactions as the features take them: the amount in whole cents, so that sums and means
   * are exact (see {@link FraudFeatures}).
   */
  public static final StructType VALID_TRANSACTIONS = inCents(TRANSACTION_COLUMNS);

  /** Valid labels as the features take them. */
  public static final StructType VALID_LABELS =
      EventSchemas.select(LABEL_COLUMNS, "transactionId", "terminalId", "timestamp", "fraud");

  private static StructType inCents(StructType transactions) {
    StructType schema = new StructType();
    for (StructField f : transactions.fields()) {
      schema =
          f.name().equals("amount") ? schema.add("amountCents", DataTypes.LongType) : schema.add(f);
    }
    return schema;
  }

  private FraudEventDecoder() {}

  /** Kafka rows -> decoded transactions, with an error instead for the malformed ones. */
  public static Dataset<Row> transactions(Dataset<Row> kafkaRecords) {
    return KafkaRecordDecoder.decode(
        kafkaRecords, TRANSACTION_COLUMNS, FraudEventDecoder::transaction);
  }

  public static Dataset<Row> labels(Dataset<Row> kafkaRecords) {
    return KafkaRecordDecoder.decode(kafkaRecords, LABEL_COLUMNS, FraudEventDecoder::label);
  }

  /** Valid decoded transactions as {@link #VALID_TRANSACTIONS}. */
  public static Dataset<Row> validTransactions(Dataset<Row> decoded) {
    return decoded.where(col(DeadLetters.ERROR).isNull()).select(validTransactionColumns());
  }

  private static Column[] validTransactionColumns() {
    return Arrays.stream(VALID_TRANSACTIONS.fieldNames())
        .map(
            c ->
                c.equals("amountCents")
                    // exact: amounts have two decimals (decimal(14,2))
                    ? col("amount").multiply(100).cast(DataTypes.LongType).alias(c)
                    : col(c))
        .toArray(Column[]::new);
  }

  /**
   * {@link #validTransactions} with each one's Kafka record as {@link OnlineFraudFeatures#SOURCE},
   * for the dead letters of transactions whose features or scoring fail.
   */
  public static Dataset<Row> validTransactionsWithSource(Dataset<Row> decoded) {
    Column source =
        struct(
                Arrays.stream(OnlineFraudFeatures.SOURCE_TYPE.fieldNames())
                    .map(c -> col(c))
                    .toArray(Column[]::new))
            .alias(OnlineFraudFeatures.SOURCE);
    List<Column> columns = new ArrayList<>(List.of(validTransactionColumns()));
    columns.add(source);
    return decoded.where(col(DeadLetters.ERROR).isNull()).select(columns.toArray(Column[]::new));
  }

  /**
   * Valid decoded labels that name their transaction's terminal and time, as {@link #VALID_LABELS}:
   * those go to the terminal state directly; the others only after {@link LabelJoin} found both.
   */
  public static Dataset<Row> validLabels(Dataset<Row> decoded) {
    return decoded
        .where(
            col(DeadLetters.ERROR)
                .isNull()
                .and(col("terminalId").isNotNull())
                .and(col("timestamp").isNotNull()))
        .select(Arrays.stream(VALID_LABELS.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }

  /** Every valid decoded label with all its fields ({@link #LABEL_COLUMNS}). */
  public static Dataset<Row> allValidLabels(Dataset<Row> decoded) {
    return decoded
        .where(col(DeadLetters.ERROR).isNull())
        .select(Arrays.stream(LABEL_COLUMNS.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }

  static Object[] transaction(byte[] value) {
    BankTransaction tx = BankTransactionCodec.decodeStored(value);
    return new Object[] {
      tx.transactionId(),
      tx.customerId(),
      tx.terminalId(),
      tx.amount(),
      tx.currency().getCurrencyCode(),
      Timestamp.from(tx.timestamp())
    };
  }

  static Object[] label(byte[] value) {
    FraudLabel l = FraudLabel.decode(value);
    return new Object[] {
      l.transactionId(),
      l.terminalId(),
      l.timestamp() == null ? null : Timestamp.from(l.timestamp()),
      l.fraud(),
      Timestamp.from(l.labelledAt()),
      l.source()
    };
  }
}
