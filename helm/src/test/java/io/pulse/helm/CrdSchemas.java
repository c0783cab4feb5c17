package io.pulse.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The OpenAPI v3 schemas of the CustomResourceDefinitions in a folder (helm/schemas), used as JSON
 * Schema to stand in for the API server's admission check.
 *
 * <p>Two adjustments make the check as strict as {@code kubectl apply} with field validation: an
 * object schema that lists its properties and does not say {@code
 * x-kubernetes-preserve-unknown-fields} is closed ({@code additionalProperties: false}), because
 * the API server would drop or reject an unknown field there; and OpenAPI's {@code nullable} is
 * honoured. CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
final class CrdSchemas {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, JsonSchema> byKindAndApiVersion;

  private CrdSchemas(Map<String, JsonSchema> byKindAndApiVersion) {
    this.byKindAndApiVersion = byKindAndApiVersion;
  }

  /** The folder named by the build property {@code pulse.schemas.dir}, or null when unset. */
  static Path configuredDir() {
    String dir = System.getProperty("pulse.schemas.dir");
    return dir == null ? null : Path.of(dir);
  }

  static CrdSchemas load(Path dir) {
    // Kubernetes' own keywords carry list/map merge semantics for apply, nothing to validate.
    JsonMetaSchema kubernetes =
        JsonMetaSchema.builder(JsonMetaSchema.getV4())
            .keywords(
                Stream.of(
                        "x-kubernetes-int-or-string",
                        "x-kubernetes-list-type",
                        "x-kubernetes-list-map-keys",
                        "x-kubernetes-map-type",
                        "x-kubernetes-preserve-unknown-fields",
                        "x-kubernetes-validations",
                        "x-kubernetes-embedded-resource",
                        "example")
                    .map(NonValidationKeyword::new)
                    .toList())
            .build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
            .metaSchema(kubernetes)
            .build();
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();
    Map<String, JsonSchema> schemas = new HashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        JsonNode crd = YAML.readTree(file.toFile());
        if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
          continue;
        }
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
          JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
          close(schema);
          String key = kind + " " + group + "/" + version.path("name").asText();
          schemas.put(key, factory.getSchema(schema, config));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CrdSchemas(schemas);
  }

  boolean knows(String kind, String apiVersion) {
    return byKindAndApiVersion.containsKey(kind + " " + apiVersion);
  }

  /** The schema violations of one rendered document, as readable lines; empty if it is valid. */
  List<String> problems(String document) {
    JsonNode object = readYaml(document);
    String key = object.path("kind").asText() + " " + object.path("apiVersion").asText();
    JsonSchema schema = byKindAndApiVersion.get(key);
    if (schema == null) {
      return List.of("no CRD schema for " + key);
    }
    return schema.validate(object).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  static JsonNode readYaml(String document) {
    try {
      return YAMLMapper.builder().build().readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void close(JsonNode schema) {
    if (!(schema instanceof ObjectNode node)) {
      if (schema != null && schema.isArray()) {
        schema.forEach(CrdSchemas::close);
      }
      return;
    }
    boolean preserves = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (node.has("properties") && !node.has("additionalProperties") && !preserves) {
      node.put("additionalProperties", false);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("properties")) {
        field.getValue().forEach(CrdSchemas::close);
      } else {
        close(field.getValue());
      }
    }
  }
}
