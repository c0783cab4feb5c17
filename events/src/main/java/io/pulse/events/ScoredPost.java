package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A post with its CoreNLP score, as SocialSentiment writes it to {@link Topics#SCORED_POSTS} under
 * the post's own key: what a user reads to see why a window looks the way it does.
 *
 * @param score sentence classes (0..4) averaged with sentence lengths in tokens as weights
 * @param sentiment the class of the score, {@link Sentiment#classOf}
 * @param sentences sentences CoreNLP found in the text
 */
public record ScoredPost(SocialPost post, double score, int sentiment, int sentences) {

  public ScoredPost {
    Objects.requireNonNull(post, "post");
  }

  public String key() {
    return post.key();
  }

  public static byte[] encode(ScoredPost p) {
    ObjectNode node = (ObjectNode) JsonReader.parse(SocialPostCodec.encode(p.post()));
    node.put("score", p.score());
    node.put("sentiment", p.sentiment());
    node.put("sentences", p.sentences());
    return SocialPostCodec.write(node);
  }

  public static ScoredPost decode(byte[] json) {
    SocialPost post = SocialPostCodec.decodeStored(json);
    JsonNode root = JsonReader.parse(json);
    JsonNode score = root.get("score");
    if (score == null || !score.isNumber()) {
      throw new InvalidEventException("score must be a number", "$.score");
    }
    JsonNode sentiment = root.get("sentiment");
    if (sentiment == null || !sentiment.isIntegralNumber()) {
      throw new InvalidEventException("sentiment must be a whole number", "$.sentiment");
    }
    return new ScoredPost(
        post, score.doubleValue(), sentiment.intValue(), root.path("sentences").asInt(0));
  }
}
