package io.pulse.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Field-level reading of JSON documents with contract errors that name the field. Every codec uses
 * it, so a rule such as "ids are non-blank and at most 128 characters" is stated once.
 */
public final class JsonReader {
  public static final int MAX_ID_LENGTH = 128;
  public static final int MAX_BATCH_SIZE = 1000;

  /** Earliest event time accepted: anything before is a broken clock or a unit mistake. */
  public static final Instant EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

  /**
   * What any Pulse JSON may hold, set explicitly rather than trusting Jackson's defaults
   * (1000-digit numbers, 20 MB strings, 1000 levels): no contract field needs more than a few dozen
   * digits or nesting levels, and the largest accepted body is a few MiB. The services apply the
   * same limits to the bodies Micronaut parses itself.
   */
  public static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNumberLength(100)
          .maxStringLength(1 << 20)
          .maxNameLength(1024)
          .maxNestingDepth(64)
          .maxDocumentLength(8L << 20)
          .build();

  /**
   * The widest decimal exponent a number may carry before it is looked at: {@code 1e-999999999} is
   * 12 bytes of JSON, and formatting it in plain notation or rescaling it allocates about 10^9
   * characters or digits.
   */
  public static final int MAX_DECIMAL_EXPONENT = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private JsonReader() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses a whole document; a syntax error names the line and column. */
  public static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidEventException("body is empty: no JSON value", null);
    }
    if (!looksLikeUtf8(body)) {
      throw new InvalidEventException(
          "body is not UTF-8: JSON between systems is UTF-8 (RFC 8259), without a byte order mark",
          null);
    }
    String text = strictUtf8(body);
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new InvalidEventException("body is empty: no JSON value", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          "malformed JSON: " + e.getOriginalMessage() + location(e), null);
    } catch (IOException e) {
      throw new InvalidEventException("unreadable JSON: " + e.getMessage(), null);
    }
  }

  /**
   * Decodes with the JDK's strict decoder, which, unlike Jackson's parser, refuses overlong forms
   * (C0 AF for '/') and encoded surrogates: the classic ways to smuggle a character past a check.
   */
  private static String strictUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidEventException("body is not valid UTF-8: " + e.getMessage(), null);
    }
  }

  /**
   * Jackson would detect and decode UTF-16 and UTF-32 too; Pulse takes only what RFC 8259 allows
   * between systems. A byte order mark or a NUL among the first bytes gives the others away.
   */
  private static boolean looksLikeUtf8(byte[] body) {
    int b0 = body[0] & 0xFF;
    if (b0 == 0xFE || b0 == 0xFF || b0 == 0xEF || b0 == 0) {
      return false;
    }
    return body.length < 2 || body[1] != 0;
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /**
   * A body that holds one object or an array of objects. Every element is decoded before anything
   * is returned, so a batch is all or nothing.
   */
  public static <T> List<T> readBatch(JsonNode root, BiFunction<JsonNode, String, T> decoder) {
    if (root.isObject()) {
      return List.of(decoder.apply(root, "$"));
    }
    if (!root.isArray()) {
      throw new InvalidEventException(
          "expected a JSON object or an array of objects, got " + kind(root), "$");
    }
    if (root.isEmpty()) {
      throw new InvalidEventException("empty batch: send at least one event", "$");
    }
    if (root.size() > MAX_BATCH_SIZE) {
      throw new InvalidEventException(
          "batch of " + root.size() + " events is over the limit of " + MAX_BATCH_SIZE, "$");
    }
    List<T> out = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      String path = "$[" + i + "]";
      if (!element.isObject()) {
        throw new InvalidEventException("expected an object, got " + kind(element), path);
      }
      out.add(decoder.apply(element, path));
    }
    return out;
  }

  /** A required, non-blank, bounded identifier. */
  public static String id(JsonNode obj, String name, String path) {
    String value = text(obj, name, path);
    if (value == null) {
      throw new InvalidEventException(name + " is required", path(path, name));
    }
    return checkId(value, name, path);
  }

  /** An optional identifier: absent or null gives null; present must be valid. */
  public static String optionalId(JsonNode obj, String name, String path) {
    String value = text(obj, name, path);
    return value == null ? null : checkId(value, name, path);
  }

  /** {@link #id}'s rules for a string already read (by {@link StoredFields}). */
  static String checkedId(String value, String name, String path) {
    return checkId(checkUnicode(value, name, path), name, path);
  }

  /** {@link #text}'s rules for a string already read. */
  static String checkedText(String value, String name, String path) {
    return checkUnicode(value, name, path);
  }

  /** {@link #instant}'s rules for a string already read. */
  static Instant checkedInstant(String value, String name, String path) {
    return instantOf(checkUnicode(value, name, path), name, path);
  }

  private static String checkId(String value, String name, String path) {
    if (value.isBlank()) {
      throw new InvalidEventException(name + " must not be blank", path(path, name));
    }
    if (value.length() > MAX_ID_LENGTH) {
      throw new InvalidEventException(
          name + " is " + value.length() + " characters, over the limit of " + MAX_ID_LENGTH,
          path(path, name));
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidEventException(
            name + " must not contain control characters", path(path, name));
      }
    }
    return value;
  }

  /** An optional string field; a value of another JSON type is an error, not a conversion. */
  public static String text(JsonNode obj, String name, String path) {
    JsonNode node = obj.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidEventException(
          name + " must be a string, got " + kind(node), path(path, name));
    }
    return checkUnicode(node.textValue(), name, path);
  }

  /**
   * Refuses NUL and unpaired surrogates: no text a person writes holds them, they are how injection
   * and truncation bugs downstream begin, and an unpaired surrogate cannot even be encoded as the
   * UTF-8 the events are stored in.
   */
  private static String checkUnicode(String value, String name, String path) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw new InvalidEventException(
            name + " must not contain control characters (NUL)", path(path, name));
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidEventException(
            name + " holds an unpaired UTF-16 surrogate at character " + i, path(path, name));
      }
    }
    return value;
  }

  /**
   * A JSON number bounded before any conversion: at most {@code maxScale} significant decimals and
   * no larger than {@code max} in magnitude. The checks use only precision and scale, which cost
   * nothing whatever the exponent, and error messages use {@link BigDecimal#toString()}, which
   * writes large exponents in scientific notation instead of expanding them.
   */
  public static BigDecimal decimal(
      JsonNode obj, String name, String path, BigDecimal max, int maxScale) {
    String field = path(path, name);
    JsonNode n = obj.get(name);
    if (n == null || n.isNull()) {
      throw new InvalidEventException(name + " is required", field);
    }
    if (!n.isNumber()) {
      // A string "12.50" is refused too: the contract says number, and guessing hides client bugs.
      throw new InvalidEventException(name + " must be a number, got " + kind(n), field);
    }
    BigDecimal value = n.decimalValue();
    int exponent = value.precision() - value.scale() - 1;
    // The parser bounds the digits, so with the exponent bounded the scale is bounded too.
    if (Math.abs((long) exponent) > MAX_DECIMAL_EXPONENT) {
      throw new InvalidEventException(
          name + " " + abbreviate(value.toString()) + " is out of range", field);
    }
    if (value.abs().compareTo(max) > 0) {
      throw new InvalidEventException(
          name + " " + abbreviate(value.toString()) + " is over the limit of " + max, field);
    }
    if (value.stripTrailingZeros().scale() > maxScale) {
      throw new InvalidEventException(
          name
              + " "
              + abbreviate(value.toString())
              + " has more than "
              + (maxScale == 2 ? "two" : Integer.toString(maxScale))
              + " decimals",
          field);
    }
    return value;
  }

  /** An optional ISO-8601 instant ({@code 2026-11-24T10:15:00Z}, or with an offset). */
  public static Instant optionalInstant(JsonNode obj, String name, String path) {
    String value = text(obj, name, path);
    return value == null ? null : instantOf(value, name, path);
  }

  private static Instant instantOf(String value, String name, String path) {
    Instant instant;
    try {
      instant = IsoInstants.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(
          name
              + " '"
              + abbreviate(value)
              + "' is not an ISO-8601 timestamp such as 2026-11-24T10:15:00Z",
          path(path, name));
    }
    if (instant.isBefore(EARLIEST_EVENT_TIME)) {
      throw new InvalidEventException(
          name + " " + value + " is before " + EARLIEST_EVENT_TIME, path(path, name));
    }
    return instant;
  }

  public static Instant instant(JsonNode obj, String name, String path) {
    Instant value = optionalInstant(obj, name, path);
    if (value == null) {
      throw new InvalidEventException(name + " is required", path(path, name));
    }
    return value;
  }

  public static String path(String parent, String name) {
    return parent + "." + name;
  }

  public static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase();
    };
  }

  public static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
