package io.pulse.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parser Micronaut uses for request bodies keeps the events module's explicit limits. */
class JsonLimitsTest {
  @Test
  void micronautsJsonMapperRefusesWhatTheEventsCodecsRefuse() {
    try (ApplicationContext context = ApplicationContext.run()) {
      JsonMapper mapper = context.getBean(JsonMapper.class);
      // 101 digits: under Jackson's default (1000), over Pulse's 100.
      String longNumber = "{\"n\": " + "9".repeat(101) + "}";
      IOException number =
          assertThrows(
              IOException.class,
              () ->
                  mapper.readValue(
                      longNumber.getBytes(StandardCharsets.UTF_8),
                      Argument.mapOf(String.class, Object.class)));
      assertTrue(number.getMessage().contains("100"), number.getMessage());
      // 65 levels: under Jackson's default (500), over Pulse's 64.
      String deep = "[".repeat(65) + "]".repeat(65);
      assertThrows(
          IOException.class,
          () -> mapper.readValue(deep.getBytes(StandardCharsets.UTF_8), Argument.of(Object.class)));
      Map<String, Object> fine = assertDoesNotThrowRead(mapper, "{\"n\": " + "9".repeat(100) + "}");
      assertTrue(fine.containsKey("n"));
    }
  }

  private static Map<String, Object> assertDoesNotThrowRead(JsonMapper mapper, String json) {
    try {
      return mapper.readValue(
          json.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
