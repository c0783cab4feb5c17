package io.pulse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** The OpenAPI document a service's build wrote ({@code META-INF/swagger/<service>-0.1.yml}). */
public final class OpenApiDocument {
  private final JsonNode root;

  private OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  /** Reads and parses the document of {@code service} from the classpath. */
  public static OpenApiDocument of(String service) {
    String resource = "META-INF/swagger/" + service + "-0.1.yml";
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " was not generated");
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      assertTrue(root.path("openapi").asText().startsWith("3."), "an OpenAPI 3 document");
      assertEquals(service, root.path("info").path("title").asText());
      return new OpenApiDocument(root);
    } catch (IOException e) {
      throw new AssertionError(resource + " does not parse", e);
    }
  }

  /** Asserts that {@code method path} (e.g. {@code POST /v1/orders/events}) is documented. */
  public OpenApiDocument assertOperation(String method, String path) {
    JsonNode operation = root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    assertTrue(
        operation.isObject(),
        method + " " + path + " is missing from " + root.path("paths").fieldNames().next());
    assertTrue(
        operation.path("responses").isObject(), method + " " + path + " documents its responses");
    return this;
  }
}
