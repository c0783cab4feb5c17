package io.pulse.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OrderLifecycleSimulatorTest {
  private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

  private static List<OrderEmission> run(long seed) {
    OrderLifecycleSimulator sim =
        new OrderLifecycleSimulator(
            OrderTrafficProfile.realistic(5), START, START.plus(Duration.ofMinutes(30)), seed, "t");
    List<OrderEmission> all = new ArrayList<>();
    Instant t = START;
    while (!sim.finished()) {
      t = t.plusSeconds(30);
      all.addAll(sim.emitUntil(t));
    }
    return all;
  }

  @Test
  void isReproducibleForASeedAndDiffersAcrossSeeds() {
    assertEquals(run(7), run(7));
    assertFalse(run(7).equals(run(8)));
  }

  @Test
  void emitsInSendOrderWithRealisticLifecyclesAndTroubles() {
    List<OrderEmission> all = run(1);
    for (int i = 1; i < all.size(); i++) {
      assertFalse(all.get(i).sendTime().isBefore(all.get(i - 1).sendTime()), "send order");
    }
    Map<OrderEmission.Kind, Long> kinds =
        all.stream().collect(Collectors.groupingBy(OrderEmission::kind, Collectors.counting()));
    long total = all.size();
    assertTrue(kinds.get(OrderEmission.Kind.DUPLICATE) > total * 0.01, kinds.toString());
    assertTrue(kinds.get(OrderEmission.Kind.DELAYED) > 0, kinds.toString());
    for (OrderEmission e : all) {
      Duration delay = Duration.between(e.event().eventTime(), e.sendTime());
      assertFalse(delay.isNegative(), "never sent before it happened");
      if (e.kind() == OrderEmission.Kind.ON_TIME) {
        assertTrue(delay.compareTo(Duration.ofSeconds(45)) <= 0);
      }
    }
    // Every order starts with a purchase; shipped orders were not cancelled.
    Map<String, List<OrderStatus>> byOrder =
        all.stream()
            .filter(e -> e.kind() != OrderEmission.Kind.DUPLICATE)
            .collect(
                Collectors.groupingBy(
                    e -> e.event().orderId(),
                    Collectors.mapping(e -> e.event().status(), Collectors.toList())));
    byOrder
        .values()
        .forEach(
            statuses -> {
              assertTrue(statuses.contains(OrderStatus.PURCHASED), statuses.toString());
              assertFalse(
                  statuses.contains(OrderStatus.CANCELLED)
                      && statuses.contains(OrderStatus.SHIPPED),
                  statuses.toString());
            });
    long orders = byOrder.size();
    assertTrue(
        orders > 5 * 1800 * 0.9 && orders < 5 * 1800 * 1.1,
        "Poisson rate 5/s over 30 min: " + orders);
    assertEquals(byOrder.size(), all.stream().map(e -> e.event().orderId()).distinct().count());
    assertEquals(
        total - kinds.get(OrderEmission.Kind.DUPLICATE),
        all.stream().map(e -> e.event().eventId()).distinct().count());
  }
}
