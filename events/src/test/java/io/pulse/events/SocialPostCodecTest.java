package io.pulse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocialPostCodecTest {
  private static final SocialPost POST =
      new SocialPost(
          SocialSource.TWITTER,
          "1861234567890",
          "pulse_fan",
          "The Acme Phone is wonderful.\nBest purchase this year!",
          "en",
          Instant.parse("2026-11-24T10:15:00Z"),
          "Acme Phone",
          null);

  @Test
  void encodeThenDecodeGivesTheSamePost() {
    assertEquals(POST, SocialPostCodec.decodeStored(SocialPostCodec.encode(POST)));
  }

  @Test
  void optionalFieldsMayBeAbsent() {
    SocialPost bare =
        new SocialPost(
            SocialSource.REVIEWS,
            "r-1",
            null,
            "Fine.",
            null,
            Instant.parse("2026-11-24T10:15:00Z"),
            null,
            4);
    SocialPost decoded = SocialPostCodec.decodeStored(SocialPostCodec.encode(bare));
    assertEquals(bare, decoded);
    assertNull(decoded.author());
  }

  @Test
  void keyIsSourceAndSourceIdSoARedeliveryIsTheSamePost() {
    SocialPost again =
        new SocialPost(
            SocialSource.TWITTER,
            "1861234567890",
            "someone else",
            "edited text",
            null,
            Instant.parse("2026-11-24T11:00:00Z"),
            null,
            null);
    assertEquals("twitter|1861234567890", POST.key());
    assertEquals(POST.key(), again.key());
    SocialPost otherSource =
        new SocialPost(
            SocialSource.FACEBOOK, "1861234567890", null, "x", null, POST.createdAt(), null, null);
    assertNotEquals(POST.key(), otherSource.key());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"sourcePostId\":\"1\",\"text\":\"t\",\"createdAt\":\"2026-11-24T10:15:00Z\"}|$.source",
        "{\"source\":\"myspace\",\"sourcePostId\":\"1\",\"text\":\"t\",\"createdAt\":\"2026-11-24T10:15:00Z\"}|$.source",
        "{\"source\":\"twitter\",\"text\":\"t\",\"createdAt\":\"2026-11-24T10:15:00Z\"}|$.sourcePostId",
        "{\"source\":\"twitter\",\"sourcePostId\":\"1\",\"text\":\"  \",\"createdAt\":\"2026-11-24T10:15:00Z\"}|$.text",
        "{\"source\":\"twitter\",\"sourcePostId\":\"1\",\"text\":7,\"createdAt\":\"2026-11-24T10:15:00Z\"}|$.text",
        "{\"source\":\"twitter\",\"sourcePostId\":\"1\",\"text\":\"t\"}|$.createdAt",
        "{\"source\":\"twitter\",\"sourcePostId\":\"1\",\"text\":\"t\",\"createdAt\":\"yesterday\"}|$.createdAt",
        "{\"source\":\"twitter\",\"sourcePostId\":\"1\",\"text\":\"t\",\"createdAt\":\"2026-11-24T10:15:00Z\",\"language\":\"english!\"}|$.language",
        "{\"source\":\"reviews\",\"sourcePostId\":\"1\",\"text\":\"t\",\"createdAt\":\"2026-11-24T10:15:00Z\",\"rating\":6}|$.rating",
      })
  void brokenStoredRecordsNameTheField(String json, String field) {
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> SocialPostCodec.decodeStored(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void textOverTheLimitIsRejected() {
    String json =
        "{\"source\":\"twitter\",\"sourcePostId\":\"1\",\"createdAt\":\"2026-11-24T10:15:00Z\","
            + "\"text\":\""
            + "a".repeat(SocialPostCodec.MAX_TEXT_LENGTH + 1)
            + "\"}";
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> SocialPostCodec.decodeStored(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals("$.text", e.field());
  }

  @Test
  void notJsonIsRejectedAsAWhole() {
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> SocialPostCodec.decodeStored("{not json".getBytes(StandardCharsets.UTF_8)));
    assertNull(e.field());
  }
}
