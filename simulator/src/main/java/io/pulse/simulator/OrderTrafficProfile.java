package io.pulse.simulator;

import java.time.Duration;

/**
 * The shape of simulated order traffic.
 *
 * @param ordersPerSecond mean rate of new orders (Poisson arrivals)
 * @param products size of the catalogue; popularity falls off like a Zipf law
 * @param cancelRate share of orders cancelled before shipping
 * @param returnRate share of delivered orders returned
 * @param maxDisorder an on-time send happens up to this long after its event time
 * @param duplicateRate share of sends that are sent a second time (a client retry)
 * @param delayedRate share of events sent long after they happened
 * @param minDelay shortest delay of a delayed send
 * @param maxDelay longest delay of a delayed send
 */
public record OrderTrafficProfile(
    double ordersPerSecond,
    int products,
    double cancelRate,
    double returnRate,
    Duration maxDisorder,
    double duplicateRate,
    double delayedRate,
    Duration minDelay,
    Duration maxDelay) {

  /** Traffic with every kind of trouble the pipeline must handle, at {@code ordersPerSecond}. */
  public static OrderTrafficProfile realistic(double ordersPerSecond) {
    return new OrderTrafficProfile(
        ordersPerSecond,
        50,
        0.08,
        0.05,
        Duration.ofSeconds(45),
        0.03,
        0.01,
        Duration.ofMinutes(6),
        Duration.ofMinutes(15));
  }

  public OrderTrafficProfile {
    if (ordersPerSecond <= 0) {
      throw new IllegalArgumentException("ordersPerSecond must be positive");
    }
    if (products <= 0) {
      throw new IllegalArgumentException("products must be positive");
    }
    if (maxDelay.compareTo(minDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must not be shorter than minDelay");
    }
  }
}
