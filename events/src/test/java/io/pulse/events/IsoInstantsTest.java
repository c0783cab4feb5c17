package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcut agrees with the JDK's parser on every input: same instant, or both refuse. */
class IsoInstantsTest {
  @Test
  void agreesWithTheJdkOnHandPickedForms() {
    for (String s :
        List.of(
            "2026-11-24T10:15:03Z",
            "2026-11-24T10:15:03.1Z",
            "2026-11-24T10:15:03.123Z",
            "2026-11-24T10:15:03.123456789Z",
            "2026-11-24T10:15:03.1234567890Z",
            "2026-11-24T10:15:03.Z",
            "2026-11-24T10:15Z",
            "2026-11-24t10:15:03z",
            "2026-11-24T10:15:03+02:00",
            "2026-11-24T10:15:03-00:30",
            "2024-02-29T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "2026-11-00T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T23:60:00Z",
            "2026-11-24T23:59:60Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "+2026-11-24T10:15:03Z",
            "2026-11-24 10:15:03Z",
            "2026-11-24T10:15:0aZ",
            "２026-11-24T10:15:03Z",
            "2026-11-24T10:15:03.12a4Z",
            "")) {
      assertSameAsJdk(s);
    }
  }

  @Test
  void agreesWithTheJdkOnRandomAndMutatedTimestamps() {
    Random random = new Random(42);
    String alphabet = "0123456789-:.TZtz+ 9";
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-62_000_000_000L, 253_000_000_000L);
      Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
      String s = instant.toString();
      if (random.nextBoolean()) {
        char[] chars = s.toCharArray();
        chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
        s = new String(chars);
      }
      inputs.add(s);
    }
    inputs.forEach(IsoInstantsTest::assertSameAsJdk);
  }

  private static void assertSameAsJdk(String s) {
    Instant expected;
    try {
      expected = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      expected = null;
    }
    Instant fast = IsoInstants.parseCanonical(s);
    if (fast != null) {
      assertNotNull(expected, s + ": the shortcut accepted what the JDK refuses");
      assertEquals(expected, fast, s);
    }
    Instant actual;
    try {
      actual = IsoInstants.parse(s);
    } catch (DateTimeParseException e) {
      actual = null;
    }
    assertEquals(expected, actual, s);
  }
}
