package io.pulse.results;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The {@code from}/{@code to} query parameters every results endpoint takes: [from, to). */
public record TimeRange(Instant from, Instant to) {

  public static TimeRange parse(String from, String to) {
    TimeRange range = new TimeRange(instant("from", from), instant("to", to));
    if (range.from != null && range.to != null && range.from.isAfter(range.to)) {
      throw new QueryParameterException("from " + from + " is after to " + to, "from");
    }
    return range;
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new QueryParameterException(
          name + " '" + value + "' is not an ISO-8601 timestamp such as 2026-11-24T10:15:00Z",
          name);
    }
  }
}
