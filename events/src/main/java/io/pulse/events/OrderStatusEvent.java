package io.pulse.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One status change of one order, as the order management system reports it and as it is stored on
 * {@link Topics#ORDER_STATUS_EVENTS} (keyed by orderId). {@code eventId} identifies the change, so
 * a resend of the same change is recognised as a duplicate.
 */
public record OrderStatusEvent(
    String eventId, String orderId, String productId, OrderStatus status, Instant eventTime) {

  public OrderStatusEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(eventTime, "eventTime");
  }
}
