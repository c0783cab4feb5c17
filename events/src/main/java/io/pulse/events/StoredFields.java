package io.pulse.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * The fast way to read a stored event: one flat JSON object of ASCII bytes whose wanted fields are
 * all strings, each present once, read with Jackson's streaming parser. Anything else (non-ASCII
 * bytes, a missing, repeated or non-string field, nesting, trailing tokens, broken JSON) gives
 * {@code null}, and the caller takes the general path ({@link JsonReader#parse} and the field
 * rules), which accepts and refuses exactly what it always did. The fast path only skips the
 * strict-UTF-8 {@code String} and the tree for records the general path reads the same way: ASCII
 * needs no UTF-8 checks, and every value still goes through the general path's field rules.
 *
 * <p>Why: decoding was the largest part of the commerce job's profile (bench/RESULTS.md), and the
 * stored records Pulse writes itself are exactly this shape.
 */
final class StoredFields {
  private StoredFields() {}

  /** The values of {@code names} in their order, or null when the record is not of that shape. */
  static String[] read(byte[] json, List<String> names) {
    if (json == null || json.length == 0 || !ascii(json)) {
      return null;
    }
    String[] values = new String[names.size()];
    try (JsonParser p = JsonReader.mapper().getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          return null;
        }
        int i = names.indexOf(p.currentName());
        JsonToken value = p.nextToken();
        if (value != JsonToken.VALUE_STRING) {
          // null, numbers, booleans or nesting: rare in stored records, left to the general path.
          return null;
        }
        if (i >= 0) {
          if (values[i] != null) {
            return null;
          }
          values[i] = p.getText();
        }
      }
      if (p.nextToken() != null) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    for (String v : values) {
      if (v == null) {
        return null;
      }
    }
    return values;
  }

  private static boolean ascii(byte[] json) {
    for (byte b : json) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
