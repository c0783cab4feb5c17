package io.pulse.events;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The order lifecycle states the commerce pipeline counts. */
public enum OrderStatus {
  PURCHASED,
  SHIPPED,
  DELIVERED,
  CANCELLED,
  RETURNED;

  public static final String ALLOWED =
      Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

  /** Exact, case-sensitive: a lower-case status is a client bug worth reporting, not guessing. */
  public static OrderStatus parse(String value, String field) {
    for (OrderStatus status : values()) {
      if (status.name().equals(value)) {
        return status;
      }
    }
    throw new InvalidEventException(
        "unknown status '" + JsonReader.abbreviate(value) + "': expected one of " + ALLOWED, field);
  }
}
