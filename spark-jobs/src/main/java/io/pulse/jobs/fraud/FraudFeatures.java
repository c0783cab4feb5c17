package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.pulse.jobs.EventSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Fraud Detection Handbook's 15 features (chapter 3, "Baseline feature transformation") and six
 * ratios of them, computed offline over a whole history. {@link OnlineFraudFeatures} computes the
 * same values one transaction at a time; the definitions below are the contract both follow.
 *
 * <ul>
 *   <li>TX_AMOUNT;
 *   <li>TX_DURING_WEEKEND: Saturday or Sunday (UTC); TX_DURING_NIGHT: hour of day at most 6;
 *   <li>per customer and d in 1, 7, 30: number of transactions and mean amount over the d x 24 h
 *       ending at the transaction, the transaction included: times in (t - d days, t];
 *   <li>per terminal and d in 1, 7, 30, with the 7-day delay before labels are known: number of
 *       transactions and fraud risk (frauds / transactions, 0 when none) over times in (t - (7+d)
 *       days, t - 7 days], i.e. the (7+d)-day window minus the 7-day one;
 *   <li>ratios of the above (Pulse's, not the book's; see {@link #withRatioFeatures}): the amount
 *       over the customer's mean amount of 7 and 30 days, the customer's mean amount of 1 and 7
 *       days over that of 30 days, and the customer's transactions a day over 1 and 7 days over
 *       those of 30 days.
 * </ul>
 *
 * <p>Times are compared in epoch milliseconds and means computed from whole cents, so the offline
 * and online features are the same doubles, not merely close.
 */
public final class FraudFeatures {
  public static final String TX_AMOUNT = "TX_AMOUNT";
  public static final String TX_DURING_WEEKEND = "TX_DURING_WEEKEND";
  public static final String TX_DURING_NIGHT = "TX_DURING_NIGHT";
  public static final int[] WINDOW_DAYS = {1, 7, 30};

  /**
   * The windows the ratio features compare with the customer's 30 days (before NAMES: it reads
   * them).
   */
  private static final int[] RATIO_DAYS = {1, 7};

  public static final int DELAY_DAYS = 7;
  public static final long DAY_MILLIS = 86_400_000L;

  /** Transactions further back than this never enter a feature: what online state must keep. */
  public static final long CUSTOMER_HORIZON_MILLIS = 30 * DAY_MILLIS;

  public static final long TERMINAL_HORIZON_MILLIS = (DELAY_DAYS + 30) * DAY_MILLIS;

  /** The model's inputs, in the book's order. */
  public static final List<String> NAMES = names();

  /**
   * Columns of a transaction table both paths start from: ids as text, the amount in cents, the
   * time, and the label (null when unknown, as in streaming).
   */
  public static final StructType TRANSACTIONS =
      EventSchemas.select(
              FraudEventDecoder.VALID_TRANSACTIONS,
              "transactionId",
              "customerId",
              "terminalId",
              "amountCents",
              "timestamp")
          .add("fraud", DataTypes.IntegerType);

  private FraudFeatures() {}

  public static String customerCount(int days) {
    return "CUSTOMER_ID_NB_TX_" + days + "DAY_WINDOW";
  }

  public static String customerMeanAmount(int days) {
    return "CUSTOMER_ID_AVG_AMOUNT_" + days + "DAY_WINDOW";
  }

  public static String terminalCount(int days) {
    return "TERMINAL_ID_NB_TX_" + days + "DAY_WINDOW";
  }

  public static String terminalRisk(int days) {
    return "TERMINAL_ID_RISK_" + days + "DAY_WINDOW";
  }

  public static String amountOverCustomerMean(int days) {
    return "TX_AMOUNT_OVER_CUSTOMER_ID_AVG_AMOUNT_" + days + "DAY_WINDOW";
  }

  public static String customerMeanAmountOver30Days(int days) {
    return "CUSTOMER_ID_AVG_AMOUNT_" + days + "DAY_OVER_30DAY_WINDOW";
  }

  public static String customerDailyCountOver30Days(int days) {
    return "CUSTOMER_ID_NB_TX_PER_DAY_" + days + "DAY_OVER_30DAY_WINDOW";
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(TX_AMOUNT);
    names.add(TX_DURING_WEEKEND);
    names.add(TX_DURING_NIGHT);
    for (int d : WINDOW_DAYS) {
      names.add(customerCount(d));
      names.add(customerMeanAmount(d));
    }
    for (int d : WINDOW_DAYS) {
      names.add(terminalCount(d));
      names.add(terminalRisk(d));
    }
    names.add(amountOverCustomerMean(7));
    names.add(amountOverCustomerMean(30));
    for (int d : RATIO_DAYS) {
      names.add(customerMeanAmountOver30Days(d));
      names.add(customerDailyCountOver30Days(d));
    }
    return List.copyOf(names);
  }

  /**
   * A table in the handbook's published layout (see {@code TransactionCsv}) as {@link
   * #TRANSACTIONS} plus TX_TIME_DAYS as {@code day} and TX_FRAUD_SCENARIO as {@code scenario} (null
   * when the file has no such column). Columns are found by header name, in any order, and others
   * are ignored: pandas' {@code DataFrame.to_csv} writes an unnamed index column in front by
   * default. (Spark's {@code enforceSchema=false} only checks a given schema's names against the
   * header by position, so the header is read as text and each column selected by name.)
   */
  public static Dataset<Row> readHandbookCsv(SparkSession spark, String path) {
    Dataset<Row> raw =
        spark.read().option("header", "true").option("inferSchema", "false").csv(path);
    Set<String> header = Set.of(raw.columns());
    for (String required : HANDBOOK_REQUIRED_COLUMNS) {
      if (!header.contains(required)) {
        throw new IllegalArgumentException(
            path
                + ": no column "
                + required
                + " in the header "
                + header
                + "; the handbook's layout needs "
                + HANDBOOK_REQUIRED_COLUMNS);
      }
    }
    return raw.select(
        idText(col("TRANSACTION_ID")).alias("transactionId"),
        idText(col("CUSTOMER_ID")).alias("customerId"),
        idText(col("TERMINAL_ID")).alias("terminalId"),
        round(col("TX_AMOUNT").cast(EventSchemas.MONEY).multiply(100))
            .cast("long")
            .alias("amountCents"),
        // Naive datetimes read as UTC (the session's zone), with or without fractional seconds.
        col("TX_DATETIME").cast("timestamp").alias("timestamp"),
        col("TX_FRAUD").cast("int").alias("fraud"),
        optional(header, "TX_TIME_DAYS").alias("day"),
        optional(header, "TX_FRAUD_SCENARIO").alias("scenario"));
  }

  /**
   * The training archive FraudScoring writes ({@link FraudArchive}) as the rows of {@link
   * #readHandbookCsv}: each transaction once (a resent one is archived again), labelled by its
   * latest label (by labelledAt; on a tie, fraud wins), and 0 when it has none: the handbook counts
   * a transaction never labelled as genuine. {@code day} and {@code scenario} are null.
   */
  public static Dataset<Row> readArchive(SparkSession spark, String root) {
    String transactionsDir = root + "/" + FraudArchive.TRANSACTIONS_DIR;
    if (!exists(spark, transactionsDir)) {
      throw new IllegalArgumentException(
          "no archive at " + root + ": FraudScoring --archive-path writes one");
    }
    Dataset<Row> transactions =
        spark
            .read()
            .schema(FraudEventDecoder.VALID_TRANSACTIONS)
            .parquet(transactionsDir)
            .dropDuplicates("transactionId");
    Dataset<Row> latestLabels =
        archived(spark, root + "/" + FraudArchive.LABELS_DIR, FraudEventDecoder.LABEL_COLUMNS)
            .withColumn(
                "n",
                row_number()
                    .over(
                        Window.partitionBy("transactionId")
                            .orderBy(col("labelledAt").desc(), col("fraud").desc())))
            .where(col("n").equalTo(1))
            .select(col("transactionId").alias("labelled"), col("fraud"));
    return transactions
        .join(latestLabels, col("transactionId").equalTo(col("labelled")), "left")
        .select(
            col("transactionId"),
            col("customerId"),
            col("terminalId"),
            col("amountCents"),
            col("timestamp"),
            coalesce(col("fraud").cast("int"), lit(0)).alias("fraud"),
            lit(null).cast("int").alias("day"),
            lit(null).cast("int").alias("scenario"));
  }

  /** An archive directory's rows, none when nothing was archived there yet (no labels so far). */
  private static Dataset<Row> archived(SparkSession spark, String dir, StructType schema) {
    return exists(spark, dir)
        ? spark.read().schema(schema).parquet(dir)
        : spark.createDataFrame(List.<Row>of(), schema);
  }

  private static boolean exists(SparkSession spark, String dir) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + dir, e);
    }
  }

  /** The columns a labelled history must have; the others of the layout are optional. */
  public static final List<String> HANDBOOK_REQUIRED_COLUMNS =
      List.of(
          "TRANSACTION_ID", "TX_DATETIME", "CUSTOMER_ID", "TERMINAL_ID", "TX_AMOUNT", "TX_FRAUD");

  /** An id as the text online events carry: "596" whether the file says 596 or 596.0. */
  private static Column idText(Column c) {
    return regexp_replace(trim(c), "\\.0+$", "");
  }

  private static Column optional(Set<String> header, String name) {
    return header.contains(name) ? col(name).cast("int") : lit(null).cast("int");
  }

  /** TX_AMOUNT, TX_DURING_WEEKEND, TX_DURING_NIGHT: from the row alone. */
  public static Dataset<Row> withTransactionFeatures(Dataset<Row> txs) {
    Column dow = dayofweek(col("timestamp")); // 1 = Sunday, 7 = Saturday
    return txs.withColumn(TX_AMOUNT, col("amountCents").divide(100.0))
        .withColumn(TX_DURING_WEEKEND, when(dow.equalTo(1).or(dow.equalTo(7)), 1.0).otherwise(0.0))
        .withColumn(TX_DURING_NIGHT, when(hour(col("timestamp")).leq(6), 1.0).otherwise(0.0));
  }

  /**
   * The ratio features, from the customer features already in {@code featured}: the same
   * expressions over the same doubles online and offline. Why: the handbook's third scenario (a
   * compromised card spends five times its usual amounts for two weeks) is a ratio a tree can only
   * approximate with many splits on amount and mean; given as one feature it is one split (on the
   * book's protocol: test AP +0.02, see bench/RESULTS.md). A zero denominator (a customer whose
   * mean amount is 0) gives 0; a null or NaN one stays null or NaN, which the scorer refuses.
   */
  public static Dataset<Row> withRatioFeatures(Dataset<Row> featured) {
    Column mean30 = col(customerMeanAmount(30));
    Column perDay30 = col(customerCount(30)).divide(30.0);
    Dataset<Row> out =
        featured
            .withColumn(
                amountOverCustomerMean(7), ratio(col(TX_AMOUNT), col(customerMeanAmount(7))))
            .withColumn(amountOverCustomerMean(30), ratio(col(TX_AMOUNT), mean30));
    for (int d : RATIO_DAYS) {
      out =
          out.withColumn(customerMeanAmountOver30Days(d), ratio(col(customerMeanAmount(d)), mean30))
              .withColumn(
                  customerDailyCountOver30Days(d),
                  ratio(col(customerCount(d)).divide((double) d), perDay30));
    }
    return out;
  }

  /** x / y, 0 where y is 0 (ANSI mode would throw; CASE evaluates the division only when not). */
  private static Column ratio(Column x, Column y) {
    return when(y.equalTo(0.0), lit(0.0)).otherwise(x.divide(y));
  }

  /** All features over a complete history with labels ({@link #TRANSACTIONS} columns). */
  public static Dataset<Row> offline(Dataset<Row> txs) {
    Dataset<Row> out =
        withTransactionFeatures(txs).withColumn("tsMillis", unix_millis(col("timestamp")));
    WindowSpec byCustomer = Window.partitionBy("customerId").orderBy("tsMillis");
    for (int d : WINDOW_DAYS) {
      WindowSpec w = byCustomer.rangeBetween(-d * DAY_MILLIS + 1, 0);
      out =
          out.withColumn(customerCount(d), count(lit(1)).over(w).cast("double"))
              .withColumn(
                  customerMeanAmount(d),
                  sum(col("amountCents")).over(w).divide(count(lit(1)).over(w)).divide(100.0));
    }
    WindowSpec byTerminal = Window.partitionBy("terminalId").orderBy("tsMillis");
    for (int d : WINDOW_DAYS) {
      WindowSpec w =
          byTerminal.rangeBetween(-(DELAY_DAYS + d) * DAY_MILLIS + 1, -DELAY_DAYS * DAY_MILLIS);
      Column n = count(lit(1)).over(w);
      Column frauds = sum(col("fraud")).over(w);
      out =
          out.withColumn(terminalCount(d), n.cast("double"))
              .withColumn(terminalRisk(d), ratio(frauds.cast("double"), n));
    }
    return withRatioFeatures(out.drop("tsMillis"));
  }
}
