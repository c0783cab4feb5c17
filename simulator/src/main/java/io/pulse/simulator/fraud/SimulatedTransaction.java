package io.pulse.simulator.fraud;

import io.pulse.events.BankTransaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

/**
 * One row of the handbook's transaction table. Ids are the book's integers; {@code amountCents}
 * keeps amounts exact (the book rounds to cents, and scenario 3 multiplies them by 5).
 *
 * @param timeSeconds seconds since the first simulated midnight (TX_TIME_SECONDS)
 * @param day whole days since then (TX_TIME_DAYS)
 * @param fraudScenario 0 for a genuine transaction, else 1, 2 or 3
 */
public record SimulatedTransaction(
    long transactionId,
    Instant datetime,
    int customerId,
    int terminalId,
    long amountCents,
    long timeSeconds,
    int day,
    boolean fraud,
    int fraudScenario) {

  /** The simulated currency; the book has none, amounts read as euros. */
  public static final Currency CURRENCY = Currency.getInstance("EUR");

  public BigDecimal amount() {
    return BigDecimal.valueOf(amountCents, 2);
  }

  /**
   * As the gateway would receive it. Ids keep the book's numbers as text, so features computed from
   * the CSV and from the event stream group the same way.
   */
  public BankTransaction toEvent() {
    return new BankTransaction(
        Long.toString(transactionId),
        Integer.toString(customerId),
        Integer.toString(terminalId),
        amount(),
        CURRENCY,
        datetime);
  }
}
