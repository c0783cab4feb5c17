package io.pulse.socialingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.InvalidEventException;
import io.pulse.events.JsonReader;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.events.SocialSource;
import java.time.Instant;
import java.util.List;

/**
 * The website's review form -> posts: one review or an array of {reviewId, productId, rating,
 * title, body, author, submittedAt}. The product is the one reviewed; title and body are scored
 * together, the title as a sentence of its own.
 */
public final class ReviewAdapter {
  private final Normalization normalization;

  public ReviewAdapter(Normalization normalization) {
    this.normalization = normalization;
  }

  public List<SocialPost> decode(byte[] body) {
    Instant receivedAt = normalization.clock().instant();
    return JsonReader.readBatch(
        JsonReader.parse(body), (node, path) -> decodeOne(node, path, receivedAt));
  }

  private SocialPost decodeOne(JsonNode review, String path, Instant receivedAt) {
    String id = JsonReader.id(review, "reviewId", path);
    String productId = JsonReader.id(review, "productId", path);
    Integer rating = SocialPostCodec.rating(review, "rating", path, true);
    String title = JsonReader.text(review, "title", path);
    String text = SocialPostCodec.text(review, "body", path);
    if (title != null && !title.isBlank()) {
      String t = title.strip();
      text = t + (t.matches(".*[.!?]$") ? " " : ". ") + text;
      if (text.length() > SocialPostCodec.MAX_TEXT_LENGTH) {
        throw new InvalidEventException(
            "title and body are "
                + text.length()
                + " characters together, over the limit of "
                + SocialPostCodec.MAX_TEXT_LENGTH,
            JsonReader.path(path, "body"));
      }
    }
    return new SocialPost(
        SocialSource.REVIEWS,
        id,
        SocialPostCodec.author(review, "author", path),
        text,
        null,
        normalization.createdAt(
            JsonReader.optionalInstant(review, "submittedAt", path),
            receivedAt,
            JsonReader.path(path, "submittedAt")),
        productId,
        rating);
  }
}
