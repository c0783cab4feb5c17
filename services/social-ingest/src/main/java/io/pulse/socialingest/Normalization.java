package io.pulse.socialingest;

import io.pulse.events.InvalidEventException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What every adapter shares when it turns a feed's payload into posts: the receiving clock, how far
 * ahead of it a post's time may be, and the tracked products.
 */
public record Normalization(Clock clock, Duration maxClockSkew, TrackedProducts products) {

  /** A post's time, or the time of receipt when the feed gave none; never far in the future. */
  public Instant createdAt(Instant given, Instant receivedAt, String field) {
    if (given == null) {
      return receivedAt;
    }
    if (given.isAfter(receivedAt.plus(maxClockSkew))) {
      throw new InvalidEventException(
          "time "
              + given
              + " is more than "
              + maxClockSkew.toMinutes()
              + " minutes in the future (server time "
              + receivedAt
              + ")",
          field);
    }
    return given;
  }
}
