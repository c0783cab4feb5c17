package io.pulse.simulator.fraud;

import java.util.Arrays;

/**
 * The Fraud Detection Handbook's transaction simulator (chapter 3, "Simulated dataset"):
 *
 * <ul>
 *   <li>customers at x, y ~ U(0, 100) with mean amount ~ U(5, 100), std = mean / 2, and mean
 *       transactions per day ~ U(0, 4); terminals at x, y ~ U(0, 100);
 *   <li>a customer uses the terminals closer than the radius (5), chosen uniformly;
 *   <li>each day a Poisson(mean) number of transactions; the time of day ~ N(12 h, 20,000 s), and
 *       as in the book's code a draw outside the day is dropped (about 3 %), not clamped;
 *   <li>amount ~ N(mean, std), a negative draw redrawn from U(0, 2 mean), rounded to cents (a
 *       rounded 0.00 becomes 0.01: the gateway rejects amounts that are not positive);
 *   <li>frauds: (1) every amount over 220; (2) each day 2 random terminals are compromised and all
 *       their transactions from that day for 28 days are fraud; (3) each day 3 random customers are
 *       compromised and a third of their transactions from that day for 14 days get 5 times the
 *       amount and are fraud. Later scenarios overwrite the label of earlier ones, as in the book.
 * </ul>
 *
 * <p>Draw for draw the book's own code: the same generators (numpy's legacy RandomState, CPython's
 * random, {@link NumpyRandomState} and {@link PythonRandom}), seeded as the book seeds them, drawn
 * in the same order. {@link FraudSimulationOptions#book()} therefore gives the handbook's published
 * data set: the same 1,754,155 transactions (times, customers, terminals, amounts) and 14,681
 * frauds, so figures measured on it compare with the book's and with checks run on its files. Two
 * differences, neither reaching a feature: the 42 amounts the book rounds to 0.00 are 0.01 here,
 * and transactions in the same second take ids in generation order (the book's follow numpy's
 * unstable sort). Another seed moves every one of the book's seeds into a range of its own. The
 * book's size takes about a second: terminals are found through a grid of radius-sized cells and
 * everything lives in primitive arrays.
 */
public final class TransactionSimulator {
  private static final int SECONDS_PER_DAY = 86_400;
  private static final double SIDE = 100.0;

  private TransactionSimulator() {}

  public static SimulatedTransactions generate(FraudSimulationOptions o) {
    Seeds seeds = new Seeds(o);
    // Customer and terminal profiles.
    int nc = o.customers();
    double[] cx = new double[nc];
    double[] cy = new double[nc];
    double[] meanAmount = new double[nc];
    double[] meanPerDay = new double[nc];
    NumpyRandomState customerProfiles = new NumpyRandomState(seeds.customerProfiles());
    for (int c = 0; c < nc; c++) {
      cx[c] = customerProfiles.uniform(0, SIDE);
      cy[c] = customerProfiles.uniform(0, SIDE);
      meanAmount[c] = customerProfiles.uniform(5, 100);
      meanPerDay[c] = customerProfiles.uniform(0, 4);
    }
    int nt = o.terminals();
    double[] tx = new double[nt];
    double[] ty = new double[nt];
    NumpyRandomState terminalProfiles = new NumpyRandomState(seeds.terminalProfiles());
    for (int t = 0; t < nt; t++) {
      tx[t] = terminalProfiles.uniform(0, SIDE);
      ty[t] = terminalProfiles.uniform(0, SIDE);
    }
    TerminalGrid grid = new TerminalGrid(tx, ty, o.radius());

    // Transactions, customer by customer; sized for the expected count and grown if needed.
    Builder b = new Builder(Math.max(16, (int) (nc * 2.0 * o.days() * 1.05)));
    int[] near = new int[nt];
    for (int c = 0; c < nc; c++) {
      int available = grid.within(cx[c], cy[c], o.radius(), near);
      if (available == 0) {
        continue;
      }
      // The book seeds numpy and Python's random with the customer id, one after the other.
      NumpyRandomState r = new NumpyRandomState(seeds.customer(c));
      PythonRandom terminals = new PythonRandom(seeds.customer(c));
      double mean = meanAmount[c];
      double std = mean / 2;
      for (int day = 0; day < o.days(); day++) {
        int n = r.poisson(meanPerDay[c]);
        for (int k = 0; k < n; k++) {
          int time = (int) r.normal(SECONDS_PER_DAY / 2.0, 20_000);
          if (time <= 0 || time >= SECONDS_PER_DAY) {
            continue;
          }
          double amount = r.normal(mean, std);
          if (amount < 0) {
            amount = r.uniform(0, 2 * mean);
          }
          long cents = Math.max(1, (long) Math.rint(amount * 100));
          int terminal = near[terminals.choiceIndex(available)];
          b.add((long) day * SECONDS_PER_DAY + time, c, terminal, cents);
        }
      }
    }
    SimulatedTransactions txs = b.sortedByTime(o);
    addFrauds(txs, o, seeds);
    return txs;
  }

  /**
   * The book's seeds (customer profiles 0, terminal profiles 1, each customer its id, each day of
   * compromises its index) at seed 0, so that {@link FraudSimulationOptions#book()} is the book's
   * data set; another seed moves each of them into a range of its own.
   */
  private record Seeds(FraudSimulationOptions o) {
    long customerProfiles() {
      return u32(2 * o.seed());
    }

    long terminalProfiles() {
      return u32(2 * o.seed() + 1);
    }

    long customer(int c) {
      return u32(c + o.seed() * o.customers());
    }

    long day(int d) {
      return u32(d + o.seed() * o.days());
    }

    private static long u32(long v) {
      return v & 0xffffffffL;
    }
  }

  private static void addFrauds(SimulatedTransactions txs, FraudSimulationOptions o, Seeds seeds) {
    int n = txs.size();
    long threshold = Math.round(o.fraudAmountThreshold() * 100);
    // Scenario 1.
    for (int i = 0; i < n; i++) {
      if (txs.amountCents[i] > threshold) {
        txs.fraudScenario[i] = 1;
      }
    }
    int lastDay = 0;
    for (int i = 0; i < n; i++) {
      lastDay = Math.max(lastDay, txs.day[i]);
    }
    // Scenario 2: per terminal, the days its compromises start. pandas' sample(n, random_state=day)
    // on the terminal and the customer table each take a fresh RandomState(day).
    int[][] terminalStarts = new int[o.terminals()][];
    int[] terminalCount = new int[o.terminals()];
    int[][] compromisedCustomersOfDay = new int[lastDay][];
    // As in the book, compromises start on days 0 .. last day - 1.
    for (int day = 0; day < lastDay; day++) {
      int[] terminals =
          new NumpyRandomState(seeds.day(day))
              .choiceWithoutReplacement(o.terminals(), o.compromisedTerminalsPerDay());
      for (int t : terminals) {
        terminalStarts[t] = append(terminalStarts[t], terminalCount[t]++, day);
      }
      compromisedCustomersOfDay[day] =
          new NumpyRandomState(seeds.day(day))
              .choiceWithoutReplacement(o.customers(), o.compromisedCustomersPerDay());
    }
    for (int i = 0; i < n; i++) {
      int[] starts = terminalStarts[txs.terminalId[i]];
      if (starts == null) {
        continue;
      }
      int t = txs.terminalId[i];
      for (int k = 0; k < terminalCount[t]; k++) {
        int d = txs.day[i];
        if (d >= starts[k] && d < starts[k] + o.terminalCompromiseDays()) {
          txs.fraudScenario[i] = 2;
          break;
        }
      }
    }
    // Scenario 3: a third of the compromised customers' transactions in the window, in time order
    // across the day's customers (the list the book samples from), each day's choice independent
    // of the others (the book can pick one transaction twice: amount x 25).
    int[] byCustomerStart = new int[o.customers() + 1];
    for (int i = 0; i < n; i++) {
      byCustomerStart[txs.customerId[i] + 1]++;
    }
    for (int c = 0; c < o.customers(); c++) {
      byCustomerStart[c + 1] += byCustomerStart[c];
    }
    int[] byCustomer = new int[n];
    int[] fill = Arrays.copyOf(byCustomerStart, o.customers());
    for (int i = 0; i < n; i++) {
      byCustomer[fill[txs.customerId[i]]++] = i;
    }
    int[] window = new int[64];
    for (int day = 0; day < lastDay; day++) {
      int m = 0;
      for (int c : compromisedCustomersOfDay[day]) {
        for (int j = byCustomerStart[c]; j < byCustomerStart[c + 1]; j++) {
          int i = byCustomer[j];
          if (txs.day[i] >= day && txs.day[i] < day + o.customerCompromiseDays()) {
            if (m == window.length) {
              window = Arrays.copyOf(window, m * 2);
            }
            window[m++] = i;
          }
        }
      }
      Arrays.sort(window, 0, m);
      for (int pick : new PythonRandom(seeds.day(day)).sampleIndices(m, m / 3)) {
        int chosen = window[pick];
        txs.amountCents[chosen] *= 5;
        txs.fraudScenario[chosen] = 3;
      }
    }
  }

  private static int[] append(int[] array, int size, int value) {
    int[] a = array == null ? new int[2] : array;
    if (size == a.length) {
      a = Arrays.copyOf(a, size * 2);
    }
    a[size] = value;
    return a;
  }

  /** Terminals bucketed in square cells of the radius: a lookup reads 3 x 3 cells. */
  private static final class TerminalGrid {
    private final int cells;
    private final double cellSize;
    private final int[] start;
    private final int[] members;
    private final double[] x;
    private final double[] y;

    TerminalGrid(double[] x, double[] y, double radius) {
      this.x = x;
      this.y = y;
      this.cells = Math.max(1, (int) Math.ceil(SIDE / radius));
      this.cellSize = SIDE / cells;
      this.start = new int[cells * cells + 1];
      this.members = new int[x.length];
      for (int t = 0; t < x.length; t++) {
        start[cell(x[t], y[t]) + 1]++;
      }
      for (int i = 0; i < cells * cells; i++) {
        start[i + 1] += start[i];
      }
      int[] fill = Arrays.copyOf(start, cells * cells);
      // In id order inside each cell, and cells in order: lookups list terminals deterministically.
      for (int t = 0; t < x.length; t++) {
        members[fill[cell(x[t], y[t])]++] = t;
      }
    }

    private int index(double v) {
      return Math.min(cells - 1, Math.max(0, (int) (v / cellSize)));
    }

    private int cell(double px, double py) {
      return index(px) * cells + index(py);
    }

    /** Fills {@code out} with the terminals strictly closer than r, ascending id; returns count. */
    int within(double px, double py, double r, int[] out) {
      double r2 = r * r;
      int reach = (int) Math.ceil(r / cellSize);
      int ix = index(px);
      int iy = index(py);
      int n = 0;
      for (int gx = Math.max(0, ix - reach); gx <= Math.min(cells - 1, ix + reach); gx++) {
        for (int gy = Math.max(0, iy - reach); gy <= Math.min(cells - 1, iy + reach); gy++) {
          int c = gx * cells + gy;
          for (int j = start[c]; j < start[c + 1]; j++) {
            int t = members[j];
            double dx = x[t] - px;
            double dy = y[t] - py;
            if (dx * dx + dy * dy < r2) {
              out[n++] = t;
            }
          }
        }
      }
      Arrays.sort(out, 0, n);
      return n;
    }
  }

  /** Growable columns of unsorted transactions. */
  private static final class Builder {
    private long[] time;
    private int[] customer;
    private int[] terminal;
    private long[] cents;
    private int size;

    Builder(int capacity) {
      time = new long[capacity];
      customer = new int[capacity];
      terminal = new int[capacity];
      cents = new long[capacity];
    }

    void add(long t, int c, int term, long amount) {
      if (size == time.length) {
        int cap = size * 2;
        time = Arrays.copyOf(time, cap);
        customer = Arrays.copyOf(customer, cap);
        terminal = Arrays.copyOf(terminal, cap);
        cents = Arrays.copyOf(cents, cap);
      }
      time[size] = t;
      customer[size] = c;
      terminal[size] = term;
      cents[size] = amount;
      size++;
    }

    /** Sorted by time, then generation order; transaction ids are the sorted positions. */
    SimulatedTransactions sortedByTime(FraudSimulationOptions o) {
      // Time fits in 25 bits for 388 days; the generation index in the other 38.
      if ((long) o.days() * SECONDS_PER_DAY >= (1L << 25)) {
        throw new IllegalArgumentException("at most 388 days per simulation");
      }
      long[] keys = new long[size];
      for (int i = 0; i < size; i++) {
        keys[i] = (time[i] << 38) | i;
      }
      Arrays.sort(keys);
      SimulatedTransactions out = new SimulatedTransactions(o, size);
      long mask = (1L << 38) - 1;
      for (int j = 0; j < size; j++) {
        int i = (int) (keys[j] & mask);
        out.timeSeconds[j] = time[i];
        out.day[j] = (int) (time[i] / SECONDS_PER_DAY);
        out.customerId[j] = customer[i];
        out.terminalId[j] = terminal[i];
        out.amountCents[j] = cents[i];
      }
      return out;
    }
  }
}
