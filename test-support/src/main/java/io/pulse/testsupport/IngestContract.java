package io.pulse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The error contract every ingest endpoint keeps (API.md): a bad request gets the expected 4xx, a
 * JSON body {@code {"error", "field"}} naming the problem, and publishes nothing.
 */
public final class IngestContract {
  private IngestContract() {}

  /**
   * Posts {@code body} to {@code path} and checks the rejection.
   *
   * @param message a part of the expected error text
   * @param field the expected JSON path of the field, or null
   */
  public static void assertRejected(
      JsonHttp http,
      EmbeddedKafka kafka,
      String topic,
      String path,
      String body,
      int status,
      String message,
      String field) {
    int before = kafka.readAll(topic).size();
    HttpResponse<String> response = http.post(path, body);
    assertEquals(status, response.statusCode(), response.body());
    Map<String, Object> error = JsonHttp.parseObject(response.body());
    assertTrue(((String) error.get("error")).contains(message), response.body());
    assertTrue(
        error.containsKey("field"), "the error names its field (or null): " + response.body());
    assertEquals(field, error.get("field"), response.body());
    assertEquals(before, kafka.readAll(topic).size(), "nothing reached Kafka");
  }

  /** A body just over the 1 MB request limit, made of copies of {@code element}. */
  public static String oversizeArray(String element) {
    int copies = (1_100_000 / (element.length() + 1)) + 1;
    return "[" + (element + ",").repeat(copies) + element + "]";
  }
}
