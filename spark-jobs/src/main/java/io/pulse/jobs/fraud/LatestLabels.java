package io.pulse.jobs.fraud;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per (transaction, model version): the latest label (by labelledAt) and what it changes in that
 * version's confusion matrix. A transaction labelled again (an investigator says fraud, the
 * chargeback later says genuine) takes its count out of the old cell and puts it into the new one,
 * so that each labelled transaction counts once, with its latest label; a label older than the one
 * kept, or the same label again (a replay), changes nothing.
 *
 * <p>Input rows are {@link #INPUT}; output rows {@link #DELTAS}, one per change. The state is one
 * small record per labelled (transaction, version), kept until the watermark on {@link
 * FraudScoring#RECEIVED_AT} passes {@code retentionMillis} after its last label arrived (an event
 * time timeout: a processing-time one would make Spark run a batch every trigger, data or not). The
 * label join matches a label only within the label horizon of its transaction and the watermark
 * delay of its arrival, so a later relabel never reaches this stage (see {@link
 * FraudScoring#modelCounts}). A negative retention keeps everything: batch mode, no watermark.
 */
final class LatestLabels
    implements FlatMapGroupsWithStateFunction<String, Row, LatestLabels.Kept, Row> {
  /** transactionId, receivedAt, fraud, version, alert, labelledAt. */
  static final StructType INPUT =
      new StructType()
          .add("transactionId", DataTypes.StringType)
          .add(FraudScoring.RECEIVED_AT, DataTypes.TimestampType)
          .add("fraud", DataTypes.BooleanType)
          .add("version", DataTypes.StringType)
          .add("alert", DataTypes.BooleanType)
          .add("labelledAt", DataTypes.TimestampType);

  /** Change of one version's counts: labelled and the four cells, each -1, 0 or +1. */
  static final StructType DELTAS =
      new StructType()
          .add("version", DataTypes.StringType)
          .add(FraudScoring.RECEIVED_AT, DataTypes.TimestampType)
          .add("labelled", DataTypes.LongType)
          .add("truePositives", DataTypes.LongType)
          .add("falsePositives", DataTypes.LongType)
          .add("falseNegatives", DataTypes.LongType)
          .add("trueNegatives", DataTypes.LongType);

  private final long retentionMillis;

  LatestLabels(long retentionMillis) {
    this.retentionMillis = retentionMillis;
  }

  /** The group key of an {@link #INPUT} row. */
  static String key(Row r) {
    return r.getString(0) + '\u0000' + r.getString(3);
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> rows, GroupState<Kept> state) {
    if (state.hasTimedOut()) {
      state.remove();
      return List.<Row>of().iterator();
    }
    Kept kept = state.exists() ? state.get() : null;
    Kept newest = kept;
    String version = null;
    Timestamp receivedAt = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(2) || r.isNullAt(4) || r.isNullAt(5)) {
        continue;
      }
      version = r.getString(3);
      Timestamp received = r.getTimestamp(1);
      if (receivedAt == null || (received != null && received.after(receivedAt))) {
        receivedAt = received;
      }
      Kept candidate = new Kept(r.getTimestamp(5).getTime(), r.getBoolean(2), r.getBoolean(4));
      if (newest == null || candidate.supersedes(newest)) {
        newest = candidate;
      }
    }
    if (newest == null) {
      return List.<Row>of().iterator();
    }
    List<Row> out = new ArrayList<>(2);
    if (newest != kept) {
      long[] delta = new long[5];
      if (kept != null) {
        kept.add(delta, -1);
      }
      newest.add(delta, +1);
      out.add(
          RowFactory.create(version, receivedAt, delta[0], delta[1], delta[2], delta[3], delta[4]));
      state.update(newest);
    }
    if (retentionMillis >= 0) {
      long base = receivedAt != null ? receivedAt.getTime() : state.getCurrentWatermarkMs();
      state.setTimeoutTimestamp(Math.max(base, state.getCurrentWatermarkMs()) + retentionMillis);
    }
    return out.iterator();
  }

  /** The label a (transaction, version) counts with, and that version's alert on it. */
  public static final class Kept implements Serializable {
    private long labelledAtMillis;
    private boolean fraud;
    private boolean alert;

    public Kept() {}

    Kept(long labelledAtMillis, boolean fraud, boolean alert) {
      this.labelledAtMillis = labelledAtMillis;
      this.fraud = fraud;
      this.alert = alert;
    }

    /**
     * Later labelledAt wins; at the same instant fraud wins over genuine, so the outcome does not
     * depend on which of two such labels was read first.
     */
    boolean supersedes(Kept other) {
      return labelledAtMillis > other.labelledAtMillis
          || (labelledAtMillis == other.labelledAtMillis && fraud && !other.fraud);
    }

    /** Adds {@code sign} to labelled and to this label's cell (TP, FP, FN, TN). */
    void add(long[] delta, int sign) {
      delta[0] += sign;
      delta[alert ? (fraud ? 1 : 2) : (fraud ? 3 : 4)] += sign;
    }

    public long getLabelledAtMillis() {
      return labelledAtMillis;
    }

    public void setLabelledAtMillis(long labelledAtMillis) {
      this.labelledAtMillis = labelledAtMillis;
    }

    public boolean isFraud() {
      return fraud;
    }

    public void setFraud(boolean fraud) {
      this.fraud = fraud;
    }

    public boolean isAlert() {
      return alert;
    }

    public void setAlert(boolean alert) {
      this.alert = alert;
    }
  }
}
