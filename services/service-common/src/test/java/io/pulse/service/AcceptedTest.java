package io.pulse.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptedTest {
  @Test
  void writesTheSameJsonAsATreeOfTheRecord() throws Exception {
    for (Accepted a :
        List.of(
            new Accepted(0, null),
            new Accepted(2, List.of("e-1", "quote \" back\\slash \u2028 é 😀")),
            new Accepted(0, List.of()))) {
      var tree = JsonReader.mapper().createObjectNode().put("accepted", a.accepted());
      if (a.eventIds() != null) {
        var ids = tree.putArray("eventIds");
        a.eventIds().forEach(ids::add);
      }
      assertEquals(tree, JsonReader.parse(a.toJson()));
      assertEquals(
          JsonReader.mapper().writeValueAsString(tree),
          new String(a.toJson(), StandardCharsets.UTF_8).replace("\\uD83D\\uDE00", "😀"));
    }
  }
}
