package io.pulse.jobs.fraud;

import java.util.Arrays;

/**
 * A key's event times sorted once, with prefix sums of one value per event, so that the count and
 * the sum over any window (from, until] take two binary searches instead of a scan of the key's
 * whole horizon for each event. The sums are whole numbers (cents, frauds): exact, so the features
 * stay the same doubles as the offline ones.
 */
final class WindowIndex {
  private final long[] times;
  private final long[] prefix;

  /**
   * @param times event times, any order
   * @param values one value per event
   * @param n the number of events (the arrays may be longer)
   */
  WindowIndex(long[] times, long[] values, int n) {
    long[] packed = new long[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
    this.times = packed;
    this.prefix = new long[n + 1];
    for (int i = 0; i < n; i++) {
      packed[i] = times[order[i]];
      prefix[i + 1] = prefix[i] + values[order[i]];
    }
  }

  /** Events with a time in (from, until]. */
  long count(long from, long until) {
    return Math.max(0, upTo(until) - upTo(from));
  }

  /** The sum of the values of the events with a time in (from, until]. */
  long sum(long from, long until) {
    int lo = upTo(from);
    int hi = upTo(until);
    return hi <= lo ? 0 : prefix[hi] - prefix[lo];
  }

  /** The number of events at or before {@code t}. */
  private int upTo(long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
