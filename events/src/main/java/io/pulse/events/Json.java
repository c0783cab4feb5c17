package io.pulse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** Serialisation of JSON trees the codecs build. */
final class Json {
  private Json() {}

  static byte[] bytes(JsonNode node) {
    try {
      return JsonReader.mapper().writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
