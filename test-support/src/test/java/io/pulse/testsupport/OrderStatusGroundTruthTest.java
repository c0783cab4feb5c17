package io.pulse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pulse.events.OrderStatus;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusWindow;
import io.pulse.simulator.OrderEmission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderStatusGroundTruthTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration WATERMARK = Duration.ofMinutes(2);

  private static OrderEmission send(
      String id, OrderStatus status, String time, OrderEmission.Kind kind) {
    Instant t = Instant.parse(time);
    return new OrderEmission(new OrderStatusEvent(id, "o", "p", status, t), t, kind);
  }

  @Test
  void countsOncePerEventIdAndDropsWhatIsBehindTheWatermarkOfEarlierPhases() {
    List<List<OrderEmission>> phases =
        List.of(
            List.of(
                send(
                    "a", OrderStatus.PURCHASED, "2026-11-24T10:00:10Z", OrderEmission.Kind.ON_TIME),
                send(
                    "b", OrderStatus.PURCHASED, "2026-11-24T10:05:00Z", OrderEmission.Kind.ON_TIME),
                // 1 minute behind the newest: inside the watermark whatever the batches.
                send("c", OrderStatus.SHIPPED, "2026-11-24T10:04:00Z", OrderEmission.Kind.ON_TIME),
                send(
                    "a",
                    OrderStatus.PURCHASED,
                    "2026-11-24T10:00:10Z",
                    OrderEmission.Kind.DUPLICATE)),
            List.of(
                // The watermark is now 10:03: this one is final.
                send(
                    "d", OrderStatus.DELIVERED, "2026-11-24T10:01:00Z", OrderEmission.Kind.DELAYED),
                send(
                    "e",
                    OrderStatus.DELIVERED,
                    "2026-11-24T10:05:30Z",
                    OrderEmission.Kind.ON_TIME)));
    Map<Instant, OrderStatusWindow> windows =
        OrderStatusGroundTruth.compute(phases, MINUTE, WATERMARK);
    assertEquals(3, windows.size());
    assertEquals(
        1, windows.get(Instant.parse("2026-11-24T10:00:00Z")).count(OrderStatus.PURCHASED));
    assertEquals(1, windows.get(Instant.parse("2026-11-24T10:04:00Z")).count(OrderStatus.SHIPPED));
    OrderStatusWindow five = windows.get(Instant.parse("2026-11-24T10:05:00Z"));
    assertEquals(
        Map.of("PURCHASED", 1L, "SHIPPED", 0L, "DELIVERED", 1L, "CANCELLED", 0L, "RETURNED", 0L),
        five.counts());
    assertEquals(Instant.parse("2026-11-24T10:06:00Z"), five.windowEnd());
  }

  @Test
  void refusesAnEventWhoseFateDependsOnMicroBatchBoundaries() {
    // a and z in one phase, z 3 minutes behind a: late if a batch ends between them, counted if
    // not.
    List<List<OrderEmission>> phases =
        List.of(
            List.of(
                send(
                    "a", OrderStatus.PURCHASED, "2026-11-24T10:05:00Z", OrderEmission.Kind.ON_TIME),
                send(
                    "z",
                    OrderStatus.PURCHASED,
                    "2026-11-24T10:02:00Z",
                    OrderEmission.Kind.DELAYED)));
    assertThrows(
        IllegalArgumentException.class,
        () -> OrderStatusGroundTruth.compute(phases, MINUTE, WATERMARK));
  }

  @Test
  void alignsWindowsToTheEpochAsSparkDoes() {
    assertEquals(
        Instant.parse("2026-11-24T10:15:00Z"),
        OrderStatusGroundTruth.windowStart(Instant.parse("2026-11-24T10:15:59.999Z"), MINUTE));
  }
}
