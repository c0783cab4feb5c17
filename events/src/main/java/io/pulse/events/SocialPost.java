package io.pulse.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One post, comment, tweet or review, normalised from whichever feed delivered it, as stored on
 * {@link Topics#SOCIAL_POSTS} under {@link #key()}.
 *
 * @param source the feed
 * @param sourcePostId the feed's own id of the post, so a redelivery is the same post
 * @param author display name or handle, null when the feed gives none
 * @param text what is scored
 * @param language the feed's language tag ("en", "und"), null when unknown
 * @param createdAt when the author posted it: the event time of the sentiment windows
 * @param product the tracked product or brand the post is about, null when none
 * @param rating a review's 1-5 stars, null for other sources
 */
public record SocialPost(
    SocialSource source,
    String sourcePostId,
    String author,
    String text,
    String language,
    Instant createdAt,
    String product,
    Integer rating) {

  public SocialPost {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourcePostId, "sourcePostId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Record key: source + the source's id, so a redelivered webhook lands on the same key. */
  public String key() {
    return key(source.id(), sourcePostId);
  }

  public static String key(String source, String sourcePostId) {
    return ResultKeys.scoredPost(source, sourcePostId);
  }
}
