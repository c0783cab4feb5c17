package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SparkApplication, ScheduledSparkApplication and the Strimzi resources pass the OpenAPI v3 schemas
 * of their CRDs, read from the build property {@code pulse.schemas.dir} (helm/schemas, kept in the
 * repository with its source and version noted).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrdSchemaTest {
  private final PulseChart chart = PulseChart.ofRepository();
  private CrdSchemas schemas;

  @BeforeAll
  void loadSchemas() {
    Path dir = CrdSchemas.configuredDir();
    // The schemas are part of the repository: a missing folder is a broken build, not a skip.
    assertTrue(
        dir != null && Files.isDirectory(dir),
        () -> "CRD schemas not found at " + dir + " (build property pulse.schemas.dir)");
    schemas = CrdSchemas.load(dir);
  }

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void everyCustomResourcePassesItsCrdSchema(ValueSets set) {
    Map<String, Integer> checked = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String doc : PulseChart.documents(chart.render(set.values(chart)))) {
      String kind = StrictModelTest.kindOf(doc);
      if (!StrictModelTest.CUSTOM_KINDS.contains(kind)) {
        continue;
      }
      checked.merge(kind, 1, Integer::sum);
      for (String problem : schemas.problems(doc)) {
        problems.add(kind + " " + StrictModelTest.nameOf(doc) + ": " + problem);
      }
    }
    assertEquals(List.of(), problems, set + " renders custom resources its CRDs reject");
    // 3 streaming jobs + the trainer's run at install.
    assertEquals(4, checked.get("SparkApplication"), checked::toString);
    assertEquals(1, checked.get("ScheduledSparkApplication"), checked::toString);
    if (set != ValueSets.EXISTING_KAFKA) {
      assertEquals(1, checked.get("Kafka"), checked::toString);
      assertEquals(1, checked.get("KafkaNodePool"), checked::toString);
      // 3 inputs + their 3 dead-letter topics + fraud labels + scored transactions + 5 results
      // + pipeline status.
      assertEquals(Topics.catalog().size(), checked.get("KafkaTopic"), checked::toString);
    }
    if (set == ValueSets.HPA_AND_INGRESS) {
      // TLS + SCRAM: a KafkaUser for each of the 4 services and 3 streaming jobs.
      assertEquals(7, checked.get("KafkaUser"), checked::toString);
    }
  }

  @Test
  void theSchemasRejectWhatTheApiServerWould() {
    String app = firstOfKind("SparkApplication");
    assertEquals(List.of(), schemas.problems(app));

    List<String> misspelt = schemas.problems(app.replace("  driver:\n", "  drivre:\n"));
    assertTrue(misspelt.stream().anyMatch(p -> p.contains("drivre")), misspelt::toString);

    List<String> badEnum = schemas.problems(app.replace("    type: Always", "    type: Sometimes"));
    assertTrue(badEnum.stream().anyMatch(p -> p.contains("restartPolicy/type")), badEnum::toString);

    List<String> quotedCores = schemas.problems(app.replace("cores: 1", "cores: \"1\""));
    assertFalse(quotedCores.isEmpty(), "a string accepted for driver cores");

    String topic = firstOfKind("KafkaTopic");
    assertEquals(List.of(), schemas.problems(topic));
    assertFalse(
        schemas.problems(topic.replaceFirst("partitions: \\d+", "partitions: 0")).isEmpty(),
        "zero partitions accepted");
  }

  private String firstOfKind(String kind) {
    return PulseChart.documents(chart.render()).stream()
        .filter(d -> kind.equals(StrictModelTest.kindOf(d)))
        .findFirst()
        .orElseThrow();
  }
}
