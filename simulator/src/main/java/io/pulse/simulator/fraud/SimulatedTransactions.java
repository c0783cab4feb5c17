package io.pulse.simulator.fraud;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;

/**
 * A simulated history in columns (1.75 M rows of records would cost ten times the memory), sorted
 * by time; row i has TRANSACTION_ID i, as in the book.
 */
public final class SimulatedTransactions {
  final long[] timeSeconds;
  final int[] day;
  final int[] customerId;
  final int[] terminalId;
  final long[] amountCents;
  final byte[] fraudScenario;
  private final Instant start;
  private final FraudSimulationOptions options;

  SimulatedTransactions(FraudSimulationOptions options, int size) {
    this.options = options;
    this.start = options == null ? Instant.EPOCH : options.start();
    timeSeconds = new long[size];
    day = new int[size];
    customerId = new int[size];
    terminalId = new int[size];
    amountCents = new long[size];
    fraudScenario = new byte[size];
  }

  /** Rows read back from a CSV: {@code start} is the first midnight of the history. */
  SimulatedTransactions(Instant start, int size) {
    this.options = null;
    this.start = start;
    timeSeconds = new long[size];
    day = new int[size];
    customerId = new int[size];
    terminalId = new int[size];
    amountCents = new long[size];
    fraudScenario = new byte[size];
  }

  /** The options that generated it, or null when it was read from a file. */
  public FraudSimulationOptions options() {
    return options;
  }

  public Instant start() {
    return start;
  }

  public int size() {
    return timeSeconds.length;
  }

  public SimulatedTransaction get(int i) {
    return new SimulatedTransaction(
        i,
        start.plusSeconds(timeSeconds[i]),
        customerId[i],
        terminalId[i],
        amountCents[i],
        timeSeconds[i],
        day[i],
        fraudScenario[i] != 0,
        fraudScenario[i]);
  }

  /** A view, built row by row on access. */
  public List<SimulatedTransaction> asList() {
    return new AbstractList<>() {
      @Override
      public SimulatedTransaction get(int index) {
        return SimulatedTransactions.this.get(index);
      }

      @Override
      public int size() {
        return SimulatedTransactions.this.size();
      }
    };
  }

  public long timeSeconds(int i) {
    return timeSeconds[i];
  }

  public int day(int i) {
    return day[i];
  }

  public int customerId(int i) {
    return customerId[i];
  }

  public int terminalId(int i) {
    return terminalId[i];
  }

  public long amountCents(int i) {
    return amountCents[i];
  }

  public int fraudScenario(int i) {
    return fraudScenario[i];
  }

  public boolean fraud(int i) {
    return fraudScenario[i] != 0;
  }

  public long frauds() {
    long n = 0;
    for (byte s : fraudScenario) {
      if (s != 0) {
        n++;
      }
    }
    return n;
  }

  /** Frauds per scenario: index 0 counts genuine transactions. */
  public long[] scenarioCounts() {
    long[] counts = new long[4];
    for (byte s : fraudScenario) {
      counts[s]++;
    }
    return counts;
  }
}
