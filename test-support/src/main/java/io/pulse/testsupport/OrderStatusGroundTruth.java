package io.pulse.testsupport;

import io.pulse.events.OrderStatus;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusWindow;
import io.pulse.simulator.OrderEmission;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counts OrderStatusCounts must produce, worked out without Spark from the same sends.
 *
 * <p>The rule (Spark's event-time watermark, stated for a feed sent in phases, where the job has
 * processed all of one phase before the next is sent): the watermark is the newest event time seen
 * in earlier phases minus the watermark delay. An event counts, once per eventId, in the window
 * that holds its event time, unless its event time is at or before that watermark.
 *
 * <p>A copy of an event already counted is never counted again: within the watermark Spark's
 * duplicate filter still holds its eventId, behind it the copy is late.
 *
 * <p>Spark moves the watermark at micro-batch boundaries, which fall anywhere inside a phase; an
 * event is only predictable if it is on the same side of the watermark for every boundary, i.e.
 * newer than (newest event time sent before it - delay) or not newer than (phase watermark). {@link
 * #compute} refuses input with an event in between, so a test built on it cannot flake.
 */
public final class OrderStatusGroundTruth {
  private OrderStatusGroundTruth() {}

  public static Map<Instant, OrderStatusWindow> compute(
      List<List<OrderEmission>> phases, Duration windowLength, Duration watermarkDelay) {
    Map<Instant, Map<OrderStatus, Long>> counts = new TreeMap<>();
    Set<String> counted = new HashSet<>();
    Instant newestBeforePhase = Instant.MIN;
    Instant newestSent = Instant.MIN;
    for (List<OrderEmission> phase : phases) {
      Instant phaseWatermark = minusSaturating(newestBeforePhase, watermarkDelay);
      for (OrderEmission emission : phase) {
        OrderStatusEvent event = emission.event();
        Instant time = event.eventTime();
        boolean surelyOnTime = time.isAfter(minusSaturating(newestSent, watermarkDelay));
        boolean surelyLate = !time.isAfter(phaseWatermark);
        boolean alreadyCounted = counted.contains(event.eventId());
        // A copy of a counted event is dropped either way: as a duplicate or as late.
        if (!surelyOnTime && !surelyLate && !alreadyCounted) {
          throw new IllegalArgumentException(
              "event "
                  + event.eventId()
                  + " at "
                  + time
                  + " may or may not be late depending on micro-batch boundaries; "
                  + "send it in a later phase or closer to its event time");
        }
        if (surelyOnTime && !alreadyCounted) {
          counted.add(event.eventId());
          counts
              .computeIfAbsent(
                  windowStart(time, windowLength), w -> new EnumMap<>(OrderStatus.class))
              .merge(event.status(), 1L, Long::sum);
        }
        if (time.isAfter(newestSent)) {
          newestSent = time;
        }
      }
      newestBeforePhase = newestSent;
    }
    Map<Instant, OrderStatusWindow> windows = new TreeMap<>();
    counts.forEach(
        (start, perStatus) ->
            windows.put(
                start,
                new OrderStatusWindow(
                    start, start.plus(windowLength), OrderStatusWindow.completeCounts(perStatus))));
    return windows;
  }

  /** Tumbling windows aligned to the epoch, as Spark's {@code window()} aligns them. */
  public static Instant windowStart(Instant time, Duration windowLength) {
    long length = windowLength.toMillis();
    long millis = time.toEpochMilli();
    return Instant.ofEpochMilli(millis - Math.floorMod(millis, length));
  }

  private static Instant minusSaturating(Instant instant, Duration d) {
    return instant.equals(Instant.MIN) ? Instant.MIN : instant.minus(d);
  }
}
