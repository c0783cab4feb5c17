package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every object of a built-in kind that the chart renders is exactly what fabric8's model expects.
 */
class StrictModelTest {
  /** Kinds validated against their CRD's schema instead (see CrdSchemaTest). */
  static final Set<String> CUSTOM_KINDS =
      Set.of(
          "SparkApplication",
          "ScheduledSparkApplication",
          "Kafka",
          "KafkaNodePool",
          "KafkaTopic",
          "KafkaUser");

  private final PulseChart chart = PulseChart.ofRepository();

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void everyBuiltInObjectIsStrictlyValid(ValueSets set) {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (String doc : PulseChart.documents(chart.render(set.values(chart)))) {
      String kind = kindOf(doc);
      if (CUSTOM_KINDS.contains(kind)) {
        continue;
      }
      checked++;
      for (String problem : StrictModel.problems(doc)) {
        problems.add(kind + " " + nameOf(doc) + ": " + problem);
      }
    }
    assertTrue(checked >= 12, "only " + checked + " built-in objects rendered");
    assertEquals(List.of(), problems, set + " renders invalid objects");
  }

  @Test
  void aMisspeltFieldIsReportedWithItsPath() {
    String deployment = firstOfKind("Deployment");
    String misspelt = deployment.replace("readinessProbe:", "readynessProbe:");
    List<String> problems = StrictModel.problems(misspelt);
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(
        problems.get(0).contains("[readynessProbe]")
            && problems.get(0).contains("Deployment.spec.template.spec.containers[0]"),
        problems::toString);
  }

  @Test
  void aStringWhereANumberBelongsAndANumberWhereAStringBelongsAreReported() {
    String deployment = firstOfKind("Deployment");
    assertTrue(StrictModel.problems(deployment).isEmpty());

    String quotedPort = deployment.replaceFirst("containerPort: (\\d+)", "containerPort: \"$1\"");
    assertFalse(StrictModel.problems(quotedPort).isEmpty(), "quoted containerPort accepted");

    String bareEnvValue = deployment.replaceFirst("value: \"(\\d+)\"", "value: $1");
    assertFalse(bareEnvValue.equals(deployment));
    assertFalse(StrictModel.problems(bareEnvValue).isEmpty(), "numeric env value accepted");
  }

  @Test
  void serviceMonitorHasATypedModel() {
    String rendered = chart.render(ValueSets.HPA_AND_INGRESS.values(chart));
    String monitor =
        PulseChart.documents(rendered).stream()
            .filter(d -> "ServiceMonitor".equals(kindOf(d)))
            .findFirst()
            .orElseThrow();
    assertNotNull(StrictModel.typed(monitor), "ServiceMonitor read as a generic resource");
  }

  private String firstOfKind(String kind) {
    return PulseChart.documents(chart.render()).stream()
        .filter(d -> kind.equals(kindOf(d)))
        .findFirst()
        .orElseThrow();
  }

  static String kindOf(String doc) {
    return doc.lines()
        .filter(l -> l.startsWith("kind:"))
        .map(l -> l.substring("kind:".length()).trim())
        .findFirst()
        .orElse("?");
  }

  static String nameOf(String doc) {
    return doc.lines()
        .filter(l -> l.startsWith("  name:"))
        .map(l -> l.substring("  name:".length()).trim())
        .findFirst()
        .orElse("?");
  }
}
