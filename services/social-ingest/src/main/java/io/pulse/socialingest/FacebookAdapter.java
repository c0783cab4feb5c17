package io.pulse.socialingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.InvalidEventException;
import io.pulse.events.JsonReader;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.events.SocialSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Facebook Graph API page webhook delivery -> posts. Facebook batches changes: {@code
 * entry[].changes[]}, each {@code {field, value}}. Feed changes whose item is a post or a comment
 * carry text and become posts; every other change (reactions, likes, shares, other fields,
 * removals) is acknowledged and skipped, because Facebook retries any delivery that is not answered
 * with a 2xx.
 */
public final class FacebookAdapter {
  private static final Set<String> ITEMS = Set.of("post", "comment");

  /** Verbs that leave text behind; remove and hide do not. */
  private static final Set<String> VERBS_WITH_TEXT = Set.of("add", "edited");

  /** The Graph API's own timestamp form, {@code 2026-11-24T10:15:00+0000}, without a colon. */
  /** Milliseconds of the year 9999: any larger Unix time is a unit mistake or an attack. */
  private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

  private static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

  private final Normalization normalization;

  public FacebookAdapter(Normalization normalization) {
    this.normalization = normalization;
  }

  public List<SocialPost> decode(byte[] body) {
    Instant receivedAt = normalization.clock().instant();
    JsonNode root = JsonReader.parse(body);
    if (!root.isObject()) {
      throw new InvalidEventException(
          "expected a webhook delivery object, got " + JsonReader.kind(root), "$");
    }
    String object = JsonReader.text(root, "object", "$");
    if (!"page".equals(object)) {
      throw new InvalidEventException(
          "object must be \"page\" (a page feed subscription), got "
              + (object == null ? "nothing" : "\"" + JsonReader.abbreviate(object) + "\""),
          "$.object");
    }
    JsonNode entries = array(root, "entry", "$");
    List<SocialPost> posts = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entryPath = "$.entry[" + i + "]";
      JsonNode entry = object(entries.get(i), entryPath);
      Instant entryTime = epochOrIso(entry, "time", entryPath);
      JsonNode changes = entry.get("changes");
      if (changes == null || changes.isNull()) {
        continue; // messaging and standby entries carry no changes
      }
      changes = array(entry, "changes", entryPath);
      for (int j = 0; j < changes.size(); j++) {
        String changePath = entryPath + ".changes[" + j + "]";
        JsonNode change = object(changes.get(j), changePath);
        SocialPost post = decodeChange(change, changePath, entryTime, receivedAt);
        if (post != null) {
          posts.add(post);
        }
      }
    }
    if (posts.size() > JsonReader.MAX_BATCH_SIZE) {
      throw new InvalidEventException(
          "delivery of "
              + posts.size()
              + " posts is over the limit of "
              + JsonReader.MAX_BATCH_SIZE,
          "$.entry");
    }
    return posts;
  }

  private SocialPost decodeChange(
      JsonNode change, String path, Instant entryTime, Instant receivedAt) {
    if (!"feed".equals(JsonReader.text(change, "field", path))) {
      return null;
    }
    String valuePath = JsonReader.path(path, "value");
    JsonNode value = object(change.get("value"), valuePath);
    String item = JsonReader.text(value, "item", valuePath);
    String verb = JsonReader.text(value, "verb", valuePath);
    if (!ITEMS.contains(item) || (verb != null && !VERBS_WITH_TEXT.contains(verb))) {
      return null;
    }
    String message = JsonReader.text(value, "message", valuePath);
    if (message == null) {
      return null; // a photo or link posted without words: nothing to score
    }
    String idField = item.equals("comment") ? "comment_id" : "post_id";
    String id = JsonReader.id(value, idField, valuePath);
    String text = SocialPostCodec.checkText(message, "message", valuePath);
    String author = null;
    JsonNode from = value.get("from");
    if (from != null && !from.isNull()) {
      String fromPath = JsonReader.path(valuePath, "from");
      object(from, fromPath);
      author = SocialPostCodec.author(from, "name", fromPath);
      if (author == null) {
        author = JsonReader.optionalId(from, "id", fromPath);
      }
    }
    Instant created = epochOrIso(value, "created_time", valuePath);
    return new SocialPost(
        SocialSource.FACEBOOK,
        id,
        author,
        text,
        null,
        normalization.createdAt(
            created != null ? created : entryTime,
            receivedAt,
            JsonReader.path(valuePath, "created_time")),
        normalization.products().find(text),
        null);
  }

  /** Webhooks send Unix seconds; the Graph API's own form and ISO-8601 are accepted too. */
  static Instant epochOrIso(JsonNode obj, String name, String path) {
    JsonNode node = obj.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    Instant instant;
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong()
          || node.longValue() > MAX_EPOCH_MILLIS
          || node.longValue() < -MAX_EPOCH_MILLIS) {
        throw new InvalidEventException(
            name + " " + JsonReader.abbreviate(node.asText()) + " is not a plausible Unix time",
            JsonReader.path(path, name));
      }
      long seconds = node.longValue();
      // Some deliveries carry milliseconds: no post is from before 2001 in seconds nor after 2286.
      instant =
          seconds > 10_000_000_000L
              ? Instant.ofEpochMilli(seconds)
              : Instant.ofEpochSecond(seconds);
    } else if (node.isTextual()) {
      String text = node.textValue();
      try {
        instant = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        try {
          instant = OffsetDateTime.parse(text, GRAPH_TIME).toInstant();
        } catch (DateTimeParseException e2) {
          throw new InvalidEventException(
              name + " '" + JsonReader.abbreviate(text) + "' is neither Unix seconds nor ISO-8601",
              JsonReader.path(path, name));
        }
      }
    } else {
      throw new InvalidEventException(
          name + " must be Unix seconds or an ISO-8601 string, got " + JsonReader.kind(node),
          JsonReader.path(path, name));
    }
    if (instant.isBefore(JsonReader.EARLIEST_EVENT_TIME)) {
      throw new InvalidEventException(
          name + " " + instant + " is before " + JsonReader.EARLIEST_EVENT_TIME,
          JsonReader.path(path, name));
    }
    return instant;
  }

  static JsonNode array(JsonNode obj, String name, String path) {
    JsonNode node = obj.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidEventException(name + " is required", JsonReader.path(path, name));
    }
    if (!node.isArray()) {
      throw new InvalidEventException(
          name + " must be an array, got " + JsonReader.kind(node), JsonReader.path(path, name));
    }
    return node;
  }

  static JsonNode object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new InvalidEventException(
          "expected an object, got " + (node == null ? "nothing" : JsonReader.kind(node)), path);
    }
    return node;
  }
}
