package io.pulse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * JSON form of {@link SocialPost} on {@link Topics#SOCIAL_POSTS}, and the field rules every adapter
 * applies, so that the Spark job accepts exactly what social-ingest publishes.
 */
public final class SocialPostCodec {
  /**
   * Longest text accepted. Facebook allows 63,206 characters; scoring cost grows with sentence
   * length, and a post that long is not a customer's opinion of a product.
   */
  public static final int MAX_TEXT_LENGTH = 10_000;

  public static final int MAX_LANGUAGE_LENGTH = 16;
  public static final int MAX_AUTHOR_LENGTH = 256;

  private SocialPostCodec() {}

  /** Decoder of stored records: every required field present, no defaults. */
  public static SocialPost decodeStored(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    if (!root.isObject()) {
      throw new InvalidEventException("expected a JSON object, got " + JsonReader.kind(root), "$");
    }
    String source = JsonReader.text(root, "source", "$");
    if (source == null) {
      throw new InvalidEventException("source is required", "$.source");
    }
    return new SocialPost(
        SocialSource.parse(source, "$.source"),
        JsonReader.id(root, "sourcePostId", "$"),
        author(root, "author", "$"),
        text(root, "text", "$"),
        language(root, "language", "$"),
        JsonReader.instant(root, "createdAt", "$"),
        product(root, "product", "$"),
        rating(root, "rating", "$", false));
  }

  /** Required post text: non-blank and at most {@link #MAX_TEXT_LENGTH} characters. */
  public static String text(JsonNode obj, String name, String path) {
    String value = JsonReader.text(obj, name, path);
    if (value == null) {
      throw new InvalidEventException(name + " is required", JsonReader.path(path, name));
    }
    return checkText(value, name, path);
  }

  public static String checkText(String value, String name, String path) {
    if (value.isBlank()) {
      throw new InvalidEventException(name + " must not be blank", JsonReader.path(path, name));
    }
    if (value.length() > MAX_TEXT_LENGTH) {
      throw new InvalidEventException(
          name + " is " + value.length() + " characters, over the limit of " + MAX_TEXT_LENGTH,
          JsonReader.path(path, name));
    }
    return value;
  }

  /** Optional author: a display name, so any characters but control ones, bounded. */
  public static String author(JsonNode obj, String name, String path) {
    return bounded(JsonReader.text(obj, name, path), name, path, MAX_AUTHOR_LENGTH);
  }

  /** Optional language tag such as en, en-GB or und. */
  public static String language(JsonNode obj, String name, String path) {
    String value = bounded(JsonReader.text(obj, name, path), name, path, MAX_LANGUAGE_LENGTH);
    if (value != null && !value.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")) {
      throw new InvalidEventException(
          name + " '" + value + "' is not a language tag such as en or en-GB",
          JsonReader.path(path, name));
    }
    return value;
  }

  /** Optional product or brand: an identifier. */
  public static String product(JsonNode obj, String name, String path) {
    return JsonReader.optionalId(obj, name, path);
  }

  /** A 1-5 star rating, required for reviews, optional (null) elsewhere. */
  public static Integer rating(JsonNode obj, String name, String path, boolean required) {
    JsonNode node = obj.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidEventException(name + " is required", JsonReader.path(path, name));
      }
      return null;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.intValue() < 1
        || node.intValue() > 5) {
      throw new InvalidEventException(
          name
              + " must be a whole number from 1 to 5, got "
              + JsonReader.abbreviate(node.toString()),
          JsonReader.path(path, name));
    }
    return node.intValue();
  }

  private static String bounded(String value, String name, String path, int max) {
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw new InvalidEventException(name + " must not be blank", JsonReader.path(path, name));
    }
    if (value.length() > max) {
      throw new InvalidEventException(
          name + " is " + value.length() + " characters, over the limit of " + max,
          JsonReader.path(path, name));
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidEventException(
            name + " must not contain control characters", JsonReader.path(path, name));
      }
    }
    return value;
  }

  public static byte[] encode(SocialPost post) {
    ObjectNode node = JsonReader.mapper().createObjectNode();
    node.put("source", post.source().id());
    node.put("sourcePostId", post.sourcePostId());
    if (post.author() != null) {
      node.put("author", post.author());
    }
    node.put("text", post.text());
    if (post.language() != null) {
      node.put("language", post.language());
    }
    node.put("createdAt", post.createdAt().toString());
    if (post.product() != null) {
      node.put("product", post.product());
    }
    if (post.rating() != null) {
      node.put("rating", post.rating());
    }
    return write(node);
  }

  static byte[] write(JsonNode node) {
    try {
      return JsonReader.mapper().writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an ObjectNode", e);
    }
  }
}
