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

  /** The Spark schema of a decoded event, as DDL so that this module needs no Spark. */
  public static final String SPARK_DDL =
      "eventId STRING, orderId STRING, productId STRING, status STRING, eventTime TIMESTAMP";

  public OrderStatusEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(eventTime, "eventTime");
  }
}
