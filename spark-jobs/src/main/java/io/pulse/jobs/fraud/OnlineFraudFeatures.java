package io.pulse.jobs.fraud;

import static io.pulse.jobs.fraud.FraudFeatures.CUSTOMER_HORIZON_MILLIS;
import static io.pulse.jobs.fraud.FraudFeatures.DAY_MILLIS;
import static io.pulse.jobs.fraud.FraudFeatures.WINDOW_DAYS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_millis;

import io.pulse.jobs.DeadLetters;
import io.pulse.jobs.KafkaRecordDecoder;
import io.pulse.jobs.QuerySettings;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The features of {@link FraudFeatures}, computed one transaction at a time with Spark's stateful
 * streaming: one state per customer (its last 30 days of transactions, which also drops a resent
 * transactionId) and one per terminal (its last 37 days of transactions with their labels from
 * {@code bank.fraud-labels}). The same functions run on a batch Dataset, which is how the tests
 * compare them with the offline features.
 *
 * <p>Within one micro-batch a key's transactions are first all added, then each gets the features
 * of the state up to its own time, so same-time transactions see each other as the offline windows
 * do. A transaction later than 30 days behind its customer's newest one finds its older neighbours
 * already evicted: features of such late data are approximate, by design of a bounded state.
 *
 * <p>Both stages are {@code transformWithState} operators. Idle keys go by a state TTL of {@code
 * idleTimeout} (processing time, reset by each update), not by timers: an event-time timer needs a
 * watermark, and a watermark would drop labels, which arrive days after the transactions they
 * label. Spark only allows TTL in {@link TimeMode#ProcessingTime()}, and in that mode it asks for a
 * data-less batch on every trigger; {@link #QUERY_CONF} turns those off for the query, so TTL is
 * enforced (expired state reads as absent) and cleaned up in the batches that have data, and a
 * query with no new input runs nothing and {@code processAllAvailable()} returns.
 */
public final class OnlineFraudFeatures {
  /** Decoded transactions, as FraudScoring reads them. */
  public static final StructType TRANSACTIONS = FraudEventDecoder.VALID_TRANSACTIONS;

  /** Decoded labels. */
  public static final StructType LABELS = FraudEventDecoder.VALID_LABELS;

  /**
   * Where a transaction came from (its Kafka record), carried through the stages so that a record
   * whose features fail can go to the dead-letter topic as it was read; null when the input has
   * none (batch tests).
   */
  public static final String SOURCE = "source";

  public static final StructType SOURCE_TYPE =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add(KafkaRecordDecoder.RECEIVED_AT, DataTypes.TimestampType);

  /**
   * Why a transaction's features could not be computed (null when they were): such a row has null
   * features and is not part of any later transaction's features.
   */
  public static final String ERROR = DeadLetters.ERROR;

  private static final StructType WITH_CUSTOMER = withCustomerFeatures();
  private static final StructType TERMINAL_INPUT =
      WITH_CUSTOMER.add("isLabel", DataTypes.BooleanType).add("labelFraud", DataTypes.BooleanType);

  /** What the features stage gives: a transaction, its features, its source and error. */
  static final StructType WITH_TERMINAL = withTerminalFeatures();

  /** transformWithState keeps its state in RocksDB only (Spark refuses any other provider). */
  /**
   * What a streaming query over {@link #features} must be started with: the state store
   * transformWithState needs ({@link QuerySettings#ROCKSDB_STATE}), and no data-less batches (the
   * processing-time mode that TTL needs would otherwise run one on every trigger, to fire timers
   * this job never sets). Both are recorded in the query's checkpoint at its first batch.
   */
  public static final Map<String, String> QUERY_CONF =
      QuerySettings.and(
          QuerySettings.ROCKSDB_STATE,
          Map.of("spark.sql.streaming.noDataMicroBatches.enabled", "false"));

  private OnlineFraudFeatures() {}

  /** How Spark's state metadata names a transformWithState operator. */
  static final String TRANSFORM_WITH_STATE = "transformWithStateExec";

  /**
   * Starts {@code writer}, a query over {@link #features} checkpointed at {@code checkpoint}, with
   * {@link #QUERY_CONF} (set for this query only: the session's other queries keep its settings).
   *
   * @throws IllegalStateException when the checkpoint holds the state of an earlier version of the
   *     features (flatMapGroupsWithState on another state store), which this one cannot read
   */
  public static StreamingQuery startQuery(
      SparkSession spark, String checkpoint, DataStreamWriter<Row> writer) throws TimeoutException {
    refuseEarlierState(spark, checkpoint);
    return QuerySettings.startWith(spark, QUERY_CONF, writer::start);
  }

  private static StructType withCustomerFeatures() {
    StructType s = TRANSACTIONS.add("tsMillis", DataTypes.LongType);
    for (int d : WINDOW_DAYS) {
      s =
          s.add(FraudFeatures.customerCount(d), DataTypes.DoubleType)
              .add(FraudFeatures.customerMeanAmount(d), DataTypes.DoubleType);
    }
    return s.add(SOURCE, SOURCE_TYPE).add(ERROR, DataTypes.StringType);
  }

  private static StructType withTerminalFeatures() {
    StructType s = WITH_CUSTOMER;
    for (int d : WINDOW_DAYS) {
      s =
          s.add(FraudFeatures.terminalCount(d), DataTypes.DoubleType)
              .add(FraudFeatures.terminalRisk(d), DataTypes.DoubleType);
    }
    return s;
  }

  /**
   * Spark does not say so by itself: it restores the earlier state store from the checkpoint (the
   * checkpoint records it), starts, and fails at the first batch with input, with
   * STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA. The checkpoint's state metadata names
   * its stateful operators.
   */
  static void refuseEarlierState(SparkSession spark, String checkpoint) {
    Path state = new Path(checkpoint, "state");
    try {
      if (!state.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(state)) {
        return;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + state, e);
    }
    List<String> operators =
        spark
            .read()
            .format("state-metadata")
            .load(checkpoint)
            .select("operatorName")
            .as(Encoders.STRING())
            .collectAsList();
    List<String> earlier =
        operators.stream().filter(name -> !TRANSFORM_WITH_STATE.equals(name)).toList();
    if (!earlier.isEmpty()) {
      throw new IllegalStateException(
          "checkpoint "
              + checkpoint
              + " holds the online features' state of an earlier Pulse ("
              + String.join(", ", earlier)
              + "); the features now keep it with transformWithState in RocksDB, which cannot"
              + " read it. Start from a new --checkpoint-location (the features' state starts"
              + " empty: for the features' horizon after that, customers and terminals have"
              + " partial histories; with ./pulse local, --reset starts its work dir afresh),"
              + " or run the earlier version.");
    }
  }

  /**
   * Transactions ({@link #TRANSACTIONS}) and labels ({@link #LABELS}) -> one row per new
   * transaction with its features; resent transactionIds produce nothing.
   *
   * @param idleTimeout a key's state goes after this long without input (processing time: the
   *     state's TTL); the state itself never holds more than the features' horizon
   */
  public static Dataset<Row> features(
      Dataset<Row> transactions, Dataset<Row> labels, Duration idleTimeout) {
    return features(transactions, labels, idleTimeout, null);
  }

  /**
   * {@link #features(Dataset, Dataset, Duration)}, where a transaction whose features throw gets an
   * {@link #ERROR} instead of features, and keeps its {@link #SOURCE} column when the input has
   * one.
   *
   * @param failFeaturesOf testing only: the features of the transaction with this id throw, as a
   *     bug in a feature would (null: none)
   */
  public static Dataset<Row> features(
      Dataset<Row> transactions, Dataset<Row> labels, Duration idleTimeout, String failFeaturesOf) {
    // A batch transformWithState reports to the state store coordinator, which only exists once
    // the session's streaming query manager does (apache/spark#58211): make sure it does.
    transactions.sparkSession().streams();
    List<Column> input = new ArrayList<>();
    for (String c : TRANSACTIONS.fieldNames()) {
      input.add(col(c));
    }
    input.add(unix_millis(col("timestamp")).alias("tsMillis"));
    input.add(
        Arrays.asList(transactions.columns()).contains(SOURCE)
            ? col(SOURCE)
            : lit(null).cast(SOURCE_TYPE).alias(SOURCE));
    Dataset<Row> withCustomer =
        transactions
            .select(input.toArray(Column[]::new))
            .groupByKey(
                (org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(1),
                Encoders.STRING())
            .transformWithState(
                new CustomerStage(idleTimeout, failFeaturesOf),
                TimeMode.ProcessingTime(),
                OutputMode.Append(),
                Encoders.row(WITH_CUSTOMER));

    Column[] txColumns =
        Arrays.stream(WITH_CUSTOMER.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> txEvents =
        withCustomer
            .select(txColumns)
            .withColumn("isLabel", lit(false))
            .withColumn("labelFraud", lit(null).cast("boolean"));
    List<Column> labelColumns = new ArrayList<>();
    for (String name : WITH_CUSTOMER.fieldNames()) {
      switch (name) {
        case "transactionId", "terminalId", "timestamp" -> labelColumns.add(col(name));
        case "tsMillis" -> labelColumns.add(unix_millis(col("timestamp")).alias(name));
        default ->
            labelColumns.add(lit(null).cast(WITH_CUSTOMER.apply(name).dataType()).alias(name));
      }
    }
    labelColumns.add(lit(true).alias("isLabel"));
    labelColumns.add(col("fraud").alias("labelFraud"));
    Dataset<Row> labelEvents = labels.select(labelColumns.toArray(Column[]::new));

    Dataset<Row> withTerminal =
        txEvents
            .unionByName(labelEvents)
            .groupByKey(
                (org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(2),
                Encoders.STRING())
            .transformWithState(
                new TerminalStage(idleTimeout),
                TimeMode.ProcessingTime(),
                OutputMode.Append(),
                Encoders.row(WITH_TERMINAL));
    return rowFeatures(withTerminal);
  }

  /** The features computed from a row of the terminal stage alone: per transaction, and ratios. */
  static Dataset<Row> rowFeatures(Dataset<Row> withTerminal) {
    return FraudFeatures.withRatioFeatures(
        FraudFeatures.withTransactionFeatures(withTerminal.drop("tsMillis")));
  }

  /**
   * Per customer: counts and mean amounts over 1, 7, 30 days; drops resent transactionIds. A
   * transaction whose features throw leaves with an error (and stays in the state: the record is
   * valid, its features are what failed).
   */
  static final class CustomerStage extends StatefulProcessor<String, Row, Row> {
    private final Duration idleTimeout;
    private final String failFeaturesOf;
    private final int source = 7;
    private transient ValueState<CustomerState> state;

    CustomerStage(Duration idleTimeout, String failFeaturesOf) {
      this.idleTimeout = idleTimeout;
      this.failFeaturesOf = failFeaturesOf;
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
      state =
          getHandle()
              .getValueState(
                  "customer", Encoders.bean(CustomerState.class), new TTLConfig(idleTimeout));
    }

    @Override
    public scala.collection.Iterator<Row> handleInputRows(
        String customer, scala.collection.Iterator<Row> input, TimerValues timerValues) {
      Iterator<Row> rows = CollectionConverters.asJava(input);
      CustomerState s = state.exists() ? state.get() : new CustomerState();
      int known = s.getIds().length;
      Set<String> seen = new HashSet<>(Arrays.asList(s.getIds()));
      List<Row> fresh = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        if (seen.add(r.getString(0))) {
          fresh.add(r);
        }
      }
      int n = known + fresh.size();
      long[] times = Arrays.copyOf(s.getTimes(), n);
      long[] cents = Arrays.copyOf(s.getCents(), n);
      String[] ids = Arrays.copyOf(s.getIds(), n);
      for (int i = 0; i < fresh.size(); i++) {
        Row r = fresh.get(i);
        times[known + i] = r.getLong(6);
        cents[known + i] = r.getLong(3);
        ids[known + i] = r.getString(0);
      }
      fresh.sort(
          Comparator.comparingLong((Row r) -> r.getLong(6)).thenComparing(r -> r.getString(0)));
      WindowIndex index = new WindowIndex(times, cents, n);
      List<Row> out = new ArrayList<>(fresh.size());
      for (Row r : fresh) {
        Object[] values = new Object[WITH_CUSTOMER.size()];
        for (int i = 0; i < 7; i++) {
          values[i] = r.get(i);
        }
        values[WITH_CUSTOMER.size() - 2] = r.get(source);
        try {
          double[] features = features(r, index);
          for (int i = 0; i < features.length; i++) {
            values[7 + i] = features[i];
          }
        } catch (RuntimeException e) {
          values[WITH_CUSTOMER.size() - 1] = "customer features failed: " + e;
        }
        out.add(RowFactory.create(values));
      }
      long newest = 0;
      for (int i = 0; i < n; i++) {
        newest = i == 0 ? times[i] : Math.max(newest, times[i]);
      }
      int kept = 0;
      for (int i = 0; i < n; i++) {
        if (times[i] > newest - CUSTOMER_HORIZON_MILLIS) {
          kept++;
        }
      }
      CustomerState next = new CustomerState();
      next.setTimes(new long[kept]);
      next.setCents(new long[kept]);
      next.setIds(new String[kept]);
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (times[i] > newest - CUSTOMER_HORIZON_MILLIS) {
          next.getTimes()[k] = times[i];
          next.getCents()[k] = cents[i];
          next.getIds()[k] = ids[i];
          k++;
        }
      }
      state.update(next);
      return CollectionConverters.asScala(out.iterator());
    }

    private double[] features(Row r, WindowIndex index) {
      if (r.getString(0).equals(failFeaturesOf)) {
        throw new IllegalStateException("failure injected by --test-fail-features-of");
      }
      long t = r.getLong(6);
      double[] values = new double[2 * WINDOW_DAYS.length];
      int f = 0;
      for (int d : WINDOW_DAYS) {
        long from = t - d * DAY_MILLIS;
        long n = index.count(from, t);
        long sum = index.sum(from, t);
        // The same arithmetic as the offline mean: sum of cents / count / 100.
        values[f++] = (double) n;
        values[f++] = ((double) sum / (double) n) / 100.0;
      }
      return values;
    }
  }

  /** Per terminal: counts and fraud risk over 1, 7, 30 days ending 7 days before. */
  static final class TerminalStage extends StatefulProcessor<String, Row, Row> {
    private final Duration idleTimeout;
    private final int isLabel = TERMINAL_INPUT.fieldIndex("isLabel");
    private final int labelFraud = TERMINAL_INPUT.fieldIndex("labelFraud");
    private final int tsMillis = TERMINAL_INPUT.fieldIndex("tsMillis");
    private final int error = TERMINAL_INPUT.fieldIndex(ERROR);

    private transient ValueState<TerminalState> state;

    TerminalStage(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
      state =
          getHandle()
              .getValueState(
                  "terminal", Encoders.bean(TerminalState.class), new TTLConfig(idleTimeout));
    }

    @Override
    public scala.collection.Iterator<Row> handleInputRows(
        String terminal, scala.collection.Iterator<Row> input, TimerValues timerValues) {
      Iterator<Row> rows = CollectionConverters.asJava(input);
      TerminalHistory history =
          new TerminalHistory(state.exists() ? state.get() : new TerminalState());
      List<Row> fresh = new ArrayList<>();
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        if (r.getBoolean(isLabel)) {
          boolean fraud = !r.isNullAt(labelFraud) && r.getBoolean(labelFraud);
          history.label(r.getString(0), fraud, r.getLong(tsMillis));
        } else if (!r.isNullAt(error)) {
          // Failed at the customer stage: on to the dead letters, in no terminal's history.
          out.add(RowFactory.create(copy(r)));
        } else {
          fresh.add(r);
        }
      }
      for (Row r : fresh) {
        history.add(r.getString(0), r.getLong(tsMillis));
      }
      for (Row r : fresh) {
        Object[] values = copy(r);
        try {
          double[] features = history.features(r.getLong(tsMillis));
          for (int i = 0; i < features.length; i++) {
            values[WITH_CUSTOMER.size() + i] = features[i];
          }
        } catch (RuntimeException e) {
          values[error] = "terminal features failed: " + e;
        }
        out.add(RowFactory.create(values));
      }
      state.update(history.toState());
      return CollectionConverters.asScala(out.iterator());
    }
  }

  private static Object[] copy(Row r) {
    Object[] values = new Object[WITH_TERMINAL.size()];
    for (int i = 0; i < WITH_CUSTOMER.size(); i++) {
      values[i] = r.get(i);
    }
    return values;
  }

  /** A customer's transactions within the horizon (a Java bean: Spark's state encoder). */
  public static final class CustomerState implements Serializable {
    private long[] times = new long[0];
    private long[] cents = new long[0];
    private String[] ids = new String[0];

    public long[] getTimes() {
      return times;
    }

    public void setTimes(long[] times) {
      this.times = times;
    }

    public long[] getCents() {
      return cents;
    }

    public void setCents(long[] cents) {
      this.cents = cents;
    }

    public String[] getIds() {
      return ids;
    }

    public void setIds(String[] ids) {
      this.ids = ids;
    }
  }

  /** A terminal's transactions within the horizon, their labels, and labels ahead of them. */
  public static final class TerminalState implements Serializable {
    private long[] times = new long[0];
    private String[] ids = new String[0];
    private boolean[] frauds = new boolean[0];
    private String[] pendingIds = new String[0];
    private long[] pendingTimes = new long[0];
    private boolean[] pendingFrauds = new boolean[0];

    public long[] getTimes() {
      return times;
    }

    public void setTimes(long[] times) {
      this.times = times;
    }

    public String[] getIds() {
      return ids;
    }

    public void setIds(String[] ids) {
      this.ids = ids;
    }

    public boolean[] getFrauds() {
      return frauds;
    }

    public void setFrauds(boolean[] frauds) {
      this.frauds = frauds;
    }

    public String[] getPendingIds() {
      return pendingIds;
    }

    public void setPendingIds(String[] pendingIds) {
      this.pendingIds = pendingIds;
    }

    public long[] getPendingTimes() {
      return pendingTimes;
    }

    public void setPendingTimes(long[] pendingTimes) {
      this.pendingTimes = pendingTimes;
    }

    public boolean[] getPendingFrauds() {
      return pendingFrauds;
    }

    public void setPendingFrauds(boolean[] pendingFrauds) {
      this.pendingFrauds = pendingFrauds;
    }
  }
}
