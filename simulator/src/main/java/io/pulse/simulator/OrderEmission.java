package io.pulse.simulator;

import io.pulse.events.OrderStatusEvent;
import java.time.Instant;

/**
 * One send of an order event by the order management system: when it is sent, and whether it is the
 * first send, a resend of an earlier one (same eventId), or a send delayed far behind its event
 * time (a batch replayed from an outage, say).
 */
public record OrderEmission(OrderStatusEvent event, Instant sendTime, Kind kind) {
  public enum Kind {
    ON_TIME,
    DUPLICATE,
    DELAYED
  }
}
