package io.pulse.socialingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pulse.events.InvalidEventException;
import io.pulse.events.JsonReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** created_time as Unix seconds: absurd values are a 400, never an arithmetic exception. */
class FacebookTimeTest {
  private static Instant read(String value) {
    return FacebookAdapter.epochOrIso(
        JsonReader.parse(("{\"t\": " + value + "}").getBytes(StandardCharsets.UTF_8)), "t", "$");
  }

  @Test
  void readsSecondsAndMilliseconds() {
    assertEquals(Instant.parse("2026-11-24T10:15:00Z"), read("1795515300"));
    assertEquals(Instant.parse("2026-11-24T10:15:00Z"), read("1795515300000"));
  }

  @Test
  void refusesWhatNoClockCouldSay() {
    for (String absurd :
        new String[] {
          "9223372036854775807", // Long.MAX_VALUE
          "-9223372036854775808", // Long.MIN_VALUE, whose Math.abs is negative
          "18446744073709551621", // beyond long: longValue() would wrap to 5
          "253402300800000" // the first millisecond of year 10000
        }) {
      InvalidEventException e = assertThrows(InvalidEventException.class, () -> read(absurd));
      assertEquals("$.t", e.field(), absurd);
    }
  }
}
