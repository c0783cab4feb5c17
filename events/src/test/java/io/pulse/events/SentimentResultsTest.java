package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentimentResultsTest {
  private static final Instant START = Instant.parse("2026-11-24T10:15:00Z");
  private static final Instant END = Instant.parse("2026-11-24T10:30:00Z");

  @Test
  void windowRoundTripsAndKeysSeparateSourceAndProduct() {
    SentimentWindow all =
        new SentimentWindow(
            START, END, SocialSource.REVIEWS, null, 5, 2.4, List.of(1L, 0L, 1L, 2L, 1L));
    SentimentWindow phone =
        new SentimentWindow(
            START, END, SocialSource.REVIEWS, "Acme Phone", 2, 3.5, List.of(0L, 0L, 0L, 1L, 1L));
    assertEquals(all, SentimentWindow.decode(SentimentWindow.encode(all)));
    assertEquals(phone, SentimentWindow.decode(SentimentWindow.encode(phone)));
    assertNull(SentimentWindow.decode(SentimentWindow.encode(all)).product());
    assertEquals("social-sentiment|2026-11-24T10:15:00Z|reviews|*", all.key());
    assertEquals("social-sentiment|2026-11-24T10:15:00Z|reviews|Acme Phone", phone.key());
    assertNotEquals(
        all.key(),
        new SentimentWindow(
                START, END, SocialSource.TWITTER, null, 0, 0, List.of(0L, 0L, 0L, 0L, 0L))
            .key());
  }

  @Test
  void windowWithAShortHistogramIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SentimentWindow(START, END, SocialSource.TWITTER, null, 1, 2, List.of(1L)));
    String json =
        "{\"windowStart\":\"2026-11-24T10:15:00Z\",\"windowEnd\":\"2026-11-24T10:30:00Z\","
            + "\"source\":\"twitter\",\"posts\":1,\"meanScore\":2.0,\"histogram\":[0,1]}";
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> SentimentWindow.decode(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals("$.histogram", e.field());
  }

  @Test
  void scoredPostRoundTripsUnderThePostKey() {
    SocialPost post =
        new SocialPost(
            SocialSource.FACEBOOK,
            "123_456",
            "Ann",
            "Great service. Slow delivery.",
            null,
            START,
            null,
            null);
    ScoredPost scored = new ScoredPost(post, 2.25, 2, 2);
    assertEquals(scored, ScoredPost.decode(ScoredPost.encode(scored)));
    assertEquals("facebook|123_456", scored.key());
  }

  @Test
  void classOfRoundsToTheNearestClassHalvesUp() {
    assertEquals(0, Sentiment.classOf(0.0));
    assertEquals(1, Sentiment.classOf(1.49));
    assertEquals(3, Sentiment.classOf(2.5));
    assertEquals(4, Sentiment.classOf(4.0));
    assertThrows(IllegalArgumentException.class, () -> Sentiment.classOf(4.01));
    assertThrows(IllegalArgumentException.class, () -> Sentiment.classOf(Double.NaN));
  }
}
