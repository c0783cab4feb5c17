package io.pulse.jobs.fraud;

import static io.pulse.jobs.fraud.FraudFeatures.DAY_MILLIS;
import static io.pulse.jobs.fraud.FraudFeatures.DELAY_DAYS;
import static io.pulse.jobs.fraud.FraudFeatures.TERMINAL_HORIZON_MILLIS;
import static io.pulse.jobs.fraud.FraudFeatures.WINDOW_DAYS;

import io.pulse.jobs.fraud.OnlineFraudFeatures.TerminalState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One terminal's transactions with their labels while a micro-batch is applied to them: labels
 * (also those that arrive before their transaction), new transactions, the features at a time, and
 * the state that remains within the horizon.
 */
final class TerminalHistory {
  private long[] times;
  private String[] ids;
  private boolean[] frauds;
  private int size;
  private final Map<String, Integer> position = new HashMap<>();

  /** Labels of transactions not seen yet (the label stream may run ahead). */
  private final Map<String, Boolean> pendingFraud = new HashMap<>();

  private final Map<String, Long> pendingTime = new HashMap<>();

  /** The windows' index over the current transactions and labels; null after a change. */
  private WindowIndex index;

  TerminalHistory(TerminalState s) {
    size = s.getIds().length;
    times = Arrays.copyOf(s.getTimes(), Math.max(16, size * 2));
    ids = Arrays.copyOf(s.getIds(), times.length);
    frauds = Arrays.copyOf(s.getFrauds(), times.length);
    for (int i = 0; i < size; i++) {
      position.put(ids[i], i);
    }
    for (int i = 0; i < s.getPendingIds().length; i++) {
      pendingFraud.put(s.getPendingIds()[i], s.getPendingFrauds()[i]);
      pendingTime.put(s.getPendingIds()[i], s.getPendingTimes()[i]);
    }
  }

  /** The label of transaction {@code id} (at {@code time}), known or still to come. */
  void label(String id, boolean fraud, long time) {
    Integer at = position.get(id);
    if (at != null) {
      frauds[at] = fraud;
      index = null;
    } else {
      pendingFraud.put(id, fraud);
      pendingTime.put(id, time);
    }
  }

  /** Adds a transaction with the label that came ahead of it, if any; a known id is ignored. */
  void add(String id, long time) {
    if (position.containsKey(id)) {
      return; // the customer stage drops resends; this is only a safety net
    }
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      ids = Arrays.copyOf(ids, size * 2);
      frauds = Arrays.copyOf(frauds, size * 2);
    }
    position.put(id, size);
    times[size] = time;
    ids[size] = id;
    Boolean label = pendingFraud.remove(id);
    pendingTime.remove(id);
    frauds[size] = label != null && label;
    size++;
    index = null;
  }

  /**
   * Per window of {@link FraudFeatures#WINDOW_DAYS}: transactions and fraud risk in (t - (7+d)
   * days, t - 7 days], as count, risk pairs.
   */
  double[] features(long t) {
    if (index == null) {
      long[] fraudCounts = new long[size];
      for (int i = 0; i < size; i++) {
        fraudCounts[i] = frauds[i] ? 1 : 0;
      }
      index = new WindowIndex(times, fraudCounts, size);
    }
    double[] values = new double[2 * WINDOW_DAYS.length];
    long until = t - DELAY_DAYS * DAY_MILLIS;
    int f = 0;
    for (int d : WINDOW_DAYS) {
      long from = t - (DELAY_DAYS + d) * DAY_MILLIS;
      long n = index.count(from, until);
      long fraud = index.sum(from, until);
      values[f++] = (double) n;
      values[f++] = n == 0 ? 0.0 : (double) fraud / (double) n;
    }
    return values;
  }

  /** What is kept: transactions and pending labels within the horizon of the newest one. */
  TerminalState toState() {
    long newest = Long.MIN_VALUE / 2;
    for (int i = 0; i < size; i++) {
      newest = Math.max(newest, times[i]);
    }
    long horizon = newest - TERMINAL_HORIZON_MILLIS;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (times[i] > horizon) {
        kept++;
      }
    }
    long[] keptTimes = new long[kept];
    String[] keptIds = new String[kept];
    boolean[] keptFrauds = new boolean[kept];
    int k = 0;
    for (int i = 0; i < size; i++) {
      if (times[i] > horizon) {
        keptTimes[k] = times[i];
        keptIds[k] = ids[i];
        keptFrauds[k] = frauds[i];
        k++;
      }
    }
    TerminalState next = new TerminalState();
    next.setTimes(keptTimes);
    next.setIds(keptIds);
    next.setFrauds(keptFrauds);
    List<String> pending =
        pendingTime.entrySet().stream()
            .filter(e -> e.getValue() > horizon)
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    next.setPendingIds(pending.toArray(String[]::new));
    next.setPendingTimes(pending.stream().mapToLong(pendingTime::get).toArray());
    boolean[] pf = new boolean[pending.size()];
    for (int i = 0; i < pending.size(); i++) {
      pf[i] = pendingFraud.get(pending.get(i));
    }
    next.setPendingFrauds(pf);
    return next;
  }
}
