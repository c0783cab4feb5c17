package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The UTC fast path of event times reads exactly what the general ISO-8601 parser reads. */
class JsonReaderInstantTest {
  private static final List<String> SAMPLES =
      List.of(
          "2026-11-24T10:15:03Z",
          "2026-11-24T10:15:03.1Z",
          "2026-11-24T10:15:59.999Z",
          "2026-11-24T10:15:03.123456789Z",
          "2024-02-29T00:00:00Z",
          "2026-12-31T23:59:59.000000001Z",
          "0001-01-01T00:00:00Z",
          "2026-11-24T10:15:03+01:00",
          "2026-11-24T10:15:03.5-05:30",
          "2026-11-24T10:15Z",
          "2026-11-24T10:15:03.Z",
          "2026-11-24T10:15:03.1234567891Z",
          "2025-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-11-31T00:00:00Z",
          "2026-11-24T24:00:00Z",
          "2026-11-24T10:60:00Z",
          "2026-11-24T10:15:60Z",
          "2026-11-24t10:15:03Z",
          "2026-11-24T10:15:03z",
          "2026-11-24 10:15:03Z",
          "+2026-11-24T10:15:03Z",
          "2026-1a-24T10:15:03Z",
          "2026-11-24T10:15:0٣Z",
          "2026-11-24T10:15:03",
          "");

  @Test
  void acceptsAndRejectsWhatOffsetDateTimeParseDoesWithTheSameInstant() {
    for (String s : SAMPLES) {
      Instant general;
      try {
        general = OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        general = null;
      }
      Instant fast = JsonReader.utcInstant(s);
      if (fast != null) {
        assertEquals(general, fast, s);
      }
      if (general == null) {
        assertNull(fast, s);
      }
      Instant read;
      try {
        read = JsonReader.isoInstant(s);
      } catch (DateTimeParseException e) {
        read = null;
      }
      assertEquals(general, read, s);
    }
  }

  @Test
  void theUsualShapesTakeTheFastPath() {
    assertNotNull(JsonReader.utcInstant("2026-11-24T10:15:03Z"));
    assertNotNull(JsonReader.utcInstant("2026-11-24T10:15:03.123Z"));
    assertNotNull(JsonReader.utcInstant("2026-11-24T10:15:03.123456789Z"));
  }
}
