package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts of one event-time window, as OrderStatusCounts writes them to {@link
 * Topics#ORDER_STATUS_COUNTS}: each record holds the window's full counts, so the newest record per
 * key is the answer and a replayed record overwrites instead of adding.
 */
public record OrderStatusWindow(Instant windowStart, Instant windowEnd, Map<String, Long> counts) {

  /** Record key: pipeline + window, so a compacted topic keeps one record per window. */
  public static String key(Instant windowStart) {
    return ResultKeys.orderStatusWindow(windowStart);
  }

  public long count(OrderStatus status) {
    return counts.getOrDefault(status.name(), 0L);
  }

  /** Every status present, in lifecycle order, zero where nothing happened. */
  public static Map<String, Long> completeCounts(Map<OrderStatus, Long> partial) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (OrderStatus status : OrderStatus.values()) {
      counts.put(status.name(), partial.getOrDefault(status, 0L));
    }
    return counts;
  }

  public static OrderStatusWindow decode(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    JsonNode countsNode = root.path("counts");
    Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
    for (OrderStatus status : OrderStatus.values()) {
      JsonNode n = countsNode.get(status.name());
      if (n != null && n.canConvertToLong()) {
        counts.put(status, n.longValue());
      }
    }
    return new OrderStatusWindow(
        JsonReader.instant(root, "windowStart", "$"),
        JsonReader.instant(root, "windowEnd", "$"),
        completeCounts(counts));
  }
}
