package io.pulse.simulator;

import io.pulse.events.OrderStatus;
import io.pulse.events.OrderStatusEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Simulates an order management system: orders arrive as a Poisson process and move through
 * purchase, shipping and delivery (some are cancelled, some returned); each status change is sent
 * once, shortly after it happens, and sometimes resent or sent very late, as in {@link
 * OrderTrafficProfile}.
 *
 * <p>Simulated time only: the caller decides whether it runs as fast as it can (tests) or paced by
 * the wall clock (the local runner). The same seed gives the same emissions.
 */
public final class OrderLifecycleSimulator {
  private static final Comparator<OrderEmission> BY_SEND_TIME =
      Comparator.comparing(OrderEmission::sendTime)
          .thenComparing(e -> e.event().eventId())
          .thenComparing(OrderEmission::kind);

  private final OrderTrafficProfile profile;
  private final SplittableRandom random;
  private final PriorityQueue<OrderEmission> pending = new PriorityQueue<>(BY_SEND_TIME);
  private final double zipfNorm;
  private final String runId;
  private final Instant ordersUntil;
  private Instant nextOrderAt;
  private long orders;

  /**
   * @param start when the first order is placed
   * @param ordersUntil no new order after this (null: never stop); the orders already placed go on
   *     to the end of their lifecycle
   * @param runId part of every id, so that two runs never produce the same eventId
   */
  public OrderLifecycleSimulator(
      OrderTrafficProfile profile, Instant start, Instant ordersUntil, long seed, String runId) {
    this.profile = profile;
    this.random = new SplittableRandom(seed);
    this.runId = runId;
    this.ordersUntil = ordersUntil;
    double norm = 0;
    for (int i = 1; i <= profile.products(); i++) {
      norm += 1.0 / i;
    }
    this.zipfNorm = norm;
    this.nextOrderAt = start;
  }

  /** Every emission whose send time is not after {@code until}, in send order. */
  public List<OrderEmission> emitUntil(Instant until) {
    // An order's sends all come after its purchase, so orders up to `until` are enough.
    while (!nextOrderAt.isAfter(until)
        && (ordersUntil == null || !nextOrderAt.isAfter(ordersUntil))) {
      startOrder(nextOrderAt);
      nextOrderAt = nextOrderAt.plusNanos(exponentialNanos(profile.ordersPerSecond()));
    }
    List<OrderEmission> out = new ArrayList<>();
    while (!pending.isEmpty() && !pending.peek().sendTime().isAfter(until)) {
      out.add(pending.poll());
    }
    return out;
  }

  /** True once no order will be placed any more and every send has been emitted. */
  public boolean finished() {
    return ordersUntil != null && nextOrderAt.isAfter(ordersUntil) && pending.isEmpty();
  }

  private void startOrder(Instant purchasedAt) {
    long number = ++orders;
    String orderId = "o-" + runId + "-" + number;
    String productId = "p-" + zipfProduct();
    record(orderId, productId, OrderStatus.PURCHASED, purchasedAt, number, 0);
    if (random.nextDouble() < profile.cancelRate()) {
      record(
          orderId, productId, OrderStatus.CANCELLED, purchasedAt.plus(between(10, 180)), number, 1);
      return;
    }
    Instant shippedAt = purchasedAt.plus(between(30, 300));
    record(orderId, productId, OrderStatus.SHIPPED, shippedAt, number, 2);
    Instant deliveredAt = shippedAt.plus(between(60, 600));
    record(orderId, productId, OrderStatus.DELIVERED, deliveredAt, number, 3);
    if (random.nextDouble() < profile.returnRate()) {
      record(
          orderId, productId, OrderStatus.RETURNED, deliveredAt.plus(between(60, 600)), number, 4);
    }
  }

  private void record(
      String orderId,
      String productId,
      OrderStatus status,
      Instant eventTime,
      long order,
      int step) {
    // Millisecond event times, as order systems send them; the id is stable for a given seed.
    Instant time = Instant.ofEpochMilli(eventTime.toEpochMilli());
    OrderStatusEvent event =
        new OrderStatusEvent(
            "e-" + runId + "-" + order + "-" + step, orderId, productId, status, time);
    boolean delayed = random.nextDouble() < profile.delayedRate();
    Instant sendTime =
        delayed
            ? time.plus(randomDuration(profile.minDelay(), profile.maxDelay()))
            : time.plus(randomDuration(Duration.ZERO, profile.maxDisorder()));
    pending.add(
        new OrderEmission(
            event, sendTime, delayed ? OrderEmission.Kind.DELAYED : OrderEmission.Kind.ON_TIME));
    if (random.nextDouble() < profile.duplicateRate()) {
      pending.add(
          new OrderEmission(event, sendTime.plus(between(1, 60)), OrderEmission.Kind.DUPLICATE));
    }
  }

  private int zipfProduct() {
    double target = random.nextDouble() * zipfNorm;
    double sum = 0;
    for (int i = 1; i <= profile.products(); i++) {
      sum += 1.0 / i;
      if (sum >= target) {
        return i;
      }
    }
    return profile.products();
  }

  private Duration between(int minSeconds, int maxSeconds) {
    return randomDuration(Duration.ofSeconds(minSeconds), Duration.ofSeconds(maxSeconds));
  }

  private Duration randomDuration(Duration min, Duration max) {
    long span = max.toMillis() - min.toMillis();
    return min.plusMillis(span <= 0 ? 0 : random.nextLong(span + 1));
  }

  private long exponentialNanos(double perSecond) {
    double seconds = -Math.log(1 - random.nextDouble()) / perSecond;
    return Math.max(1, (long) (seconds * 1e9));
  }
}
