package io.pulse.jobs.fraud;

import static io.pulse.jobs.fraud.FraudFeatures.DAY_MILLIS;
import static io.pulse.jobs.fraud.FraudFeatures.DELAY_DAYS;
import static io.pulse.jobs.fraud.FraudFeatures.TERMINAL_HORIZON_MILLIS;
import static io.pulse.jobs.fraud.FraudFeatures.WINDOW_DAYS;

import io.pulse.jobs.fraud.OnlineFraudFeatures.TerminalState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One terminal's transactions with their labels while a micro-batch is applied to them: labels
 * (also those that arrive before their transaction), new transactions, the features at a time, and
 * the state that remains within the horizon.
 */
final class TerminalHistory {
  private final List<Long> times = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();
  private final List<Boolean> frauds = new ArrayList<>();
  private final Map<String, Integer> position = new HashMap<>();

  /** Labels of transactions not seen yet (the label stream may run ahead). */
  private final Map<String, Boolean> pendingFraud = new HashMap<>();

  private final Map<String, Long> pendingTime = new HashMap<>();

  TerminalHistory(TerminalState s) {
    for (int i = 0; i < s.getIds().length; i++) {
      times.add(s.getTimes()[i]);
      ids.add(s.getIds()[i]);
      frauds.add(s.getFrauds()[i]);
      position.put(s.getIds()[i], i);
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
      frauds.set(at, fraud);
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
    position.put(id, times.size());
    times.add(time);
    ids.add(id);
    Boolean label = pendingFraud.remove(id);
    pendingTime.remove(id);
    frauds.add(label != null && label);
  }

  /**
   * Per window of {@link FraudFeatures#WINDOW_DAYS}: transactions and fraud risk in (t - (7+d)
   * days, t - 7 days], as count, risk pairs.
   */
  double[] features(long t) {
    double[] values = new double[2 * WINDOW_DAYS.length];
    long until = t - DELAY_DAYS * DAY_MILLIS;
    int f = 0;
    for (int d : WINDOW_DAYS) {
      long from = t - (DELAY_DAYS + d) * DAY_MILLIS;
      long n = 0;
      long fraud = 0;
      for (int i = 0; i < times.size(); i++) {
        long ti = times.get(i);
        if (ti > from && ti <= until) {
          n++;
          if (frauds.get(i)) {
            fraud++;
          }
        }
      }
      values[f++] = (double) n;
      values[f++] = n == 0 ? 0.0 : (double) fraud / (double) n;
    }
    return values;
  }

  /** What is kept: transactions and pending labels within the horizon of the newest one. */
  TerminalState toState() {
    long newest = times.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE / 2);
    long horizon = newest - TERMINAL_HORIZON_MILLIS;
    TerminalState next = new TerminalState();
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      if (times.get(i) > horizon) {
        keep.add(i);
      }
    }
    next.setTimes(keep.stream().mapToLong(times::get).toArray());
    next.setIds(keep.stream().map(ids::get).toArray(String[]::new));
    boolean[] keptFrauds = new boolean[keep.size()];
    for (int i = 0; i < keep.size(); i++) {
      keptFrauds[i] = frauds.get(keep.get(i));
    }
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
