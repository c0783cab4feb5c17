package io.pulse.socialingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.InvalidEventException;
import io.pulse.events.JsonReader;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.events.SocialSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An X API v2 payload -> posts: {@code data} is one post (filtered stream) or an array (search,
 * timelines), {@code includes.users} maps author_id to a username when the request expanded it. A
 * long post's full text is in {@code note_tweet.text}; {@code text} is then truncated.
 */
public final class TwitterAdapter {
  private final Normalization normalization;

  public TwitterAdapter(Normalization normalization) {
    this.normalization = normalization;
  }

  public List<SocialPost> decode(byte[] body) {
    Instant receivedAt = normalization.clock().instant();
    JsonNode root = JsonReader.parse(body);
    if (!root.isObject()) {
      throw new InvalidEventException(
          "expected an X API v2 payload object with data, got " + JsonReader.kind(root), "$");
    }
    JsonNode data = root.get("data");
    if (data == null || data.isNull()) {
      throw new InvalidEventException("data is required", "$.data");
    }
    Map<String, String> usernames = usernames(root);
    if (data.isObject()) {
      return List.of(decodeOne(data, "$.data", usernames, receivedAt));
    }
    if (!data.isArray()) {
      throw new InvalidEventException(
          "data must be a post object or an array of posts, got " + JsonReader.kind(data),
          "$.data");
    }
    return JsonReader.readBatch(
        data, (node, path) -> decodeOne(node, "$.data" + path.substring(1), usernames, receivedAt));
  }

  private SocialPost decodeOne(
      JsonNode post, String path, Map<String, String> usernames, Instant receivedAt) {
    String id = JsonReader.id(post, "id", path);
    String text = SocialPostCodec.text(post, "text", path);
    JsonNode note = post.get("note_tweet");
    if (note != null && note.isObject() && note.hasNonNull("text")) {
      text = SocialPostCodec.text(note, "text", JsonReader.path(path, "note_tweet"));
    }
    String authorId = JsonReader.optionalId(post, "author_id", path);
    String author = authorId == null ? null : usernames.getOrDefault(authorId, authorId);
    return new SocialPost(
        SocialSource.TWITTER,
        id,
        author,
        text,
        SocialPostCodec.language(post, "lang", path),
        normalization.createdAt(
            JsonReader.optionalInstant(post, "created_at", path),
            receivedAt,
            JsonReader.path(path, "created_at")),
        normalization.products().find(text),
        null);
  }

  private static Map<String, String> usernames(JsonNode root) {
    Map<String, String> out = new HashMap<>();
    JsonNode users = root.path("includes").path("users");
    if (!users.isArray()) {
      return out;
    }
    for (int i = 0; i < users.size(); i++) {
      String path = "$.includes.users[" + i + "]";
      JsonNode user = FacebookAdapter.object(users.get(i), path);
      String id = JsonReader.optionalId(user, "id", path);
      String username = SocialPostCodec.author(user, "username", path);
      if (id != null && username != null) {
        out.put(id, username);
      }
    }
    return out;
  }
}
