package io.pulse.local;

import io.pulse.events.BankTransaction;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The card network of {@code ./pulse local}: the handbook's simulated customers and terminals, with
 * their first {@code historyDays} days replayed at once, time-shifted so that history ends now,
 * then the following days streamed at a rate and stamped with the send time.
 *
 * <p>Why the history: FraudScoring's features are a customer's 1/7/30-day spending and a terminal's
 * fraud rate over the month before the handbook's 7-day label delay. A demo that starts from
 * nothing feeds the model a population of brand-new customers and clean terminals, which is not
 * what it was trained on and not what production looks like. With the history, the first live
 * transaction already has a month behind it.
 *
 * <p>Labels follow the handbook's rule that an investigation concludes {@link #HISTORY_LABEL_DELAY}
 * after the transaction: history transactions older than that arrive labelled (fraud or genuine),
 * younger ones not yet. Live transactions are labelled {@code liveLabelDelay} after they are sent
 * (a demo cannot wait a week), so per-version precision and recall fill in while one watches.
 */
final class CardNetworkDemo {
  /** The handbook's delay between a transaction and its known label. */
  static final Duration HISTORY_LABEL_DELAY = Duration.ofDays(7);

  static final String LABEL_SOURCE = "investigator";

  /** A transaction's outcome as the gateway's labels endpoint takes it. */
  record Label(
      String transactionId,
      String terminalId,
      Instant timestamp,
      boolean fraud,
      Instant labelledAt) {}

  /** What to send: transactions first, then the labels known by then. */
  record Batch(List<BankTransaction> transactions, List<Label> labels) {}

  private record Pending(Label label, Instant due) {}

  private final SimulatedTransactions simulated;
  private final int firstLive;
  private final Instant shiftedStart;
  private final Instant now;
  private final Duration liveLabelDelay;
  private final String runId;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private long liveSent;

  /**
   * @param simulated the handbook's history, sorted by time
   * @param historyDays how many of its first days to replay at once (0: none)
   * @param now when the replayed history ends and live sending starts
   * @param runId distinguishes this run's transaction ids from an earlier run's
   */
  CardNetworkDemo(
      SimulatedTransactions simulated,
      int historyDays,
      Instant now,
      Duration liveLabelDelay,
      String runId) {
    if (historyDays < 0) {
      throw new IllegalArgumentException("historyDays must not be negative");
    }
    this.simulated = simulated;
    this.now = now.truncatedTo(ChronoUnit.MILLIS);
    this.shiftedStart = this.now.minus(Duration.ofDays(historyDays));
    this.liveLabelDelay = liveLabelDelay;
    this.runId = runId;
    int first = 0;
    while (first < simulated.size() && simulated.get(first).day() < historyDays) {
      first++;
    }
    if (first == simulated.size() && historyDays > 0) {
      throw new IllegalArgumentException(
          "the simulation must last longer than the " + historyDays + " days of history");
    }
    this.firstLive = first;
  }

  /**
   * The replayed history: every transaction of the first {@code historyDays} days at its simulated
   * time shifted to end at {@code now}, and the labels known by then.
   */
  Batch history() {
    List<BankTransaction> transactions = new ArrayList<>(firstLive);
    List<Label> labels = new ArrayList<>();
    Duration shift = Duration.between(simulated.start(), shiftedStart);
    for (int i = 0; i < firstLive; i++) {
      SimulatedTransaction t = simulated.get(i);
      BankTransaction tx = stamped(t, "h" + i, t.datetime().plus(shift));
      transactions.add(tx);
      Instant labelledAt = tx.timestamp().plus(HISTORY_LABEL_DELAY);
      if (!labelledAt.isAfter(now)) {
        labels.add(label(tx, t.fraud(), labelledAt));
      }
    }
    return new Batch(transactions, labels);
  }

  /**
   * What is due at {@code at}: the live transactions to reach {@code perSecond} since {@code now},
   * stamped {@code at}, and the labels of earlier live transactions whose delay has passed.
   */
  Batch due(Instant at, double perSecond) {
    Instant stamp = at.truncatedTo(ChronoUnit.MILLIS);
    long count = (long) (Duration.between(now, at).toMillis() / 1000.0 * perSecond) - liveSent;
    List<BankTransaction> transactions = new ArrayList<>();
    int liveDays = simulated.size() - firstLive;
    for (long i = 0; i < count && liveDays > 0; i++) {
      long seq = liveSent + i;
      SimulatedTransaction t = simulated.get(firstLive + (int) (seq % liveDays));
      BankTransaction tx = stamped(t, Long.toString(seq), stamp);
      transactions.add(tx);
      pending.add(
          new Pending(
              label(tx, t.fraud(), stamp.plus(liveLabelDelay)), stamp.plus(liveLabelDelay)));
    }
    liveSent += transactions.size();
    List<Label> labels = new ArrayList<>();
    while (!pending.isEmpty() && !pending.peekFirst().due().isAfter(at)) {
      labels.add(pending.removeFirst().label());
    }
    return new Batch(transactions, labels);
  }

  private BankTransaction stamped(SimulatedTransaction t, String seq, Instant timestamp) {
    BankTransaction tx = t.toEvent();
    return new BankTransaction(
        runId + "-" + seq,
        tx.customerId(),
        tx.terminalId(),
        tx.amount(),
        tx.currency(),
        timestamp.truncatedTo(ChronoUnit.MILLIS));
  }

  private static Label label(BankTransaction tx, boolean fraud, Instant labelledAt) {
    return new Label(tx.transactionId(), tx.terminalId(), tx.timestamp(), fraud, labelledAt);
  }
}
