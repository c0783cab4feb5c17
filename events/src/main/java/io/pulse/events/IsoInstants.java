package io.pulse.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * {@code OffsetDateTime.parse(text).toInstant()}, with a shortcut for the form nearly every event
 * carries ({@code 2026-11-24T10:15:03Z}, optionally with 1 to 9 fraction digits): the JDK's
 * formatter costs several microseconds per call, the largest single cost of decoding a single-event
 * request. The shortcut only reads digits at fixed places and leaves every range check to {@link
 * LocalDate#of} and the caller's bounds; anything else, including every error, goes through the
 * JDK's parser, so what is accepted and every message stay exactly the JDK's.
 */
public final class IsoInstants {
  private IsoInstants() {}

  /** The instant {@code text} names; throws {@link java.time.format.DateTimeParseException}. */
  public static Instant parse(String text) {
    Instant fast = parseCanonical(text);
    return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null when {@code text} is not exactly that. */
  static Instant parseCanonical(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z') {
      return null;
    }
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T') {
      return null;
    }
    if (s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    if (hour > 23 || minute > 59 || second > 59 || month < 1 || month > 12 || day < 1) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21; // between the '.' and the 'Z'
      if (s.charAt(19) != '.' || fraction < 1) {
        return null;
      }
      int f = digits(s, 20, fraction);
      if (f < 0) {
        return null;
      }
      nanos = f;
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, nanos);
  }

  /** The decimal value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
