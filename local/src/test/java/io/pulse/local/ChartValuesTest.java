package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The chart's values against the component list: the same services on the same ports, the same
 * streaming jobs with the same main classes (and the model where the runner gives one), the same
 * trainer. Here rather than in the helm module: helm cannot depend on local (results-service's
 * tests depend on helm, and local's on results-service).
 */
class ChartValuesTest {
  private static final Path VALUES =
      Path.of(System.getProperty("pulse.repo.dir", "..")).resolve("helm/pulse/values.yaml");

  private final JsonNode values = read();

  @Test
  void theChartsServicesAreTheComponentListsOnTheSamePorts() {
    Map<String, Integer> listed = new TreeMap<>();
    Components.services().forEach(s -> listed.put(s.name(), s.defaultPort()));
    Map<String, Integer> charted = new TreeMap<>();
    values
        .path("services")
        .fields()
        .forEachRemaining(e -> charted.put(e.getKey(), e.getValue().path("port").asInt()));
    assertEquals(listed, charted);
  }

  @Test
  void theChartsJobsAreTheComponentListsWithTheSameMainClasses() {
    Map<String, String> listed = new TreeMap<>();
    Components.streamingJobs()
        .forEach(j -> listed.put(j.name(), j.mainClass() + (j.usesModel() ? " with model" : "")));
    Map<String, String> charted = new TreeMap<>();
    values
        .path("spark")
        .path("jobs")
        .fields()
        .forEachRemaining(
            e ->
                charted.put(
                    e.getKey(),
                    e.getValue().path("mainClass").asText()
                        + (e.getValue().path("usesModel").asBoolean(false) ? " with model" : "")));
    assertEquals(listed, charted);
    assertEquals(
        Components.FRAUD_MODEL_TRAINER.mainClass(),
        values.path("spark").path("trainer").path("mainClass").asText(),
        "spark.trainer.mainClass");
  }

  @Test
  void theChartArchivesWhereTheRunnerDoesUnderItsStateBase() throws java.io.IOException {
    String template =
        java.nio.file.Files.readString(
            VALUES.resolveSibling("templates/spark/sparkapplications.yaml"));
    String given =
        "set $args \"archive-path\" (printf \"%s/" + Components.FRAUD_ARCHIVE + "\" $base)";
    org.junit.jupiter.api.Assertions.assertTrue(template.contains(given), given);
  }

  private static JsonNode read() {
    try {
      return new YAMLMapper().readTree(VALUES.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
