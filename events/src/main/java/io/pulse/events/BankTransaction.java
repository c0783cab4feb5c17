package io.pulse.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * One card transaction as the transaction gateway accepts it and stores it on {@link
 * Topics#BANK_TRANSACTIONS} (keyed by customerId, so one customer's transactions stay in order).
 * {@code transactionId} is the client's: a resent transaction has the same one and is scored once.
 *
 * @param amount positive, at most two decimals (the codec enforces it for every source)
 * @param currency ISO 4217
 */
public record BankTransaction(
    String transactionId,
    String customerId,
    String terminalId,
    BigDecimal amount,
    Currency currency,
    Instant timestamp) {

  public BankTransaction {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(terminalId, "terminalId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
