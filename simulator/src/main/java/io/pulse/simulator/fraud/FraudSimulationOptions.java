package io.pulse.simulator.fraud;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Sizes and rules of a simulated card-transaction history, after the Fraud Detection Handbook (Le
 * Borgne et al., chapter 3, "Simulated dataset"). {@link #book()} is the book's own run.
 *
 * @param customers number of customers
 * @param terminals number of terminals
 * @param days number of simulated days
 * @param startDate first simulated day (midnight UTC)
 * @param radius a customer uses the terminals closer than this (square of side 100)
 * @param seed every random draw derives from it: the same options give the same history
 * @param compromisedTerminalsPerDay scenario 2: terminals compromised each day (book: 2)
 * @param terminalCompromiseDays scenario 2: days a compromised terminal stays so (book: 28)
 * @param compromisedCustomersPerDay scenario 3: customers compromised each day (book: 3)
 * @param customerCompromiseDays scenario 3: days a compromised card stays so (book: 14)
 * @param fraudAmountThreshold scenario 1: every amount above it is fraud (book: 220)
 */
public record FraudSimulationOptions(
    int customers,
    int terminals,
    int days,
    LocalDate startDate,
    double radius,
    long seed,
    int compromisedTerminalsPerDay,
    int terminalCompromiseDays,
    int compromisedCustomersPerDay,
    int customerCompromiseDays,
    double fraudAmountThreshold) {

  public static final LocalDate BOOK_START = LocalDate.of(2018, 4, 1);

  public FraudSimulationOptions {
    if (customers < 1 || terminals < 1 || days < 1) {
      throw new IllegalArgumentException("customers, terminals and days must be at least 1");
    }
    if (!(radius > 0)) {
      throw new IllegalArgumentException("radius must be positive");
    }
    if (compromisedTerminalsPerDay > terminals || compromisedCustomersPerDay > customers) {
      throw new IllegalArgumentException(
          "cannot compromise more terminals or customers per day than there are");
    }
  }

  /** The book's run: 5,000 customers, 10,000 terminals, 183 days from 2018-04-01. */
  public static FraudSimulationOptions book() {
    return of(5_000, 10_000, 183, 0L);
  }

  /** The book's rules with other sizes and seed. */
  public static FraudSimulationOptions of(int customers, int terminals, int days, long seed) {
    return new FraudSimulationOptions(
        customers, terminals, days, BOOK_START, 5.0, seed, 2, 28, 3, 14, 220.0);
  }

  public FraudSimulationOptions withStartDate(LocalDate start) {
    return new FraudSimulationOptions(
        customers,
        terminals,
        days,
        start,
        radius,
        seed,
        compromisedTerminalsPerDay,
        terminalCompromiseDays,
        compromisedCustomersPerDay,
        customerCompromiseDays,
        fraudAmountThreshold);
  }

  public Instant start() {
    return startDate.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
