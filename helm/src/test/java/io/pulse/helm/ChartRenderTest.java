package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChartRenderTest {
  private final PulseChart chart = PulseChart.ofRepository();

  @Test
  void lintsWithoutErrorsInStrictMode() {
    LintResult lint = new Helm(chart.dir()).lint().strict().call();
    assertFalse(lint.isFailed(), () -> "helm lint --strict: " + lint.getMessages());
  }

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void rendersEveryValueSet(ValueSets set) {
    List<GenericKubernetesResource> objects = PulseChart.objects(chart.render(set.values(chart)));
    Map<String, Long> kinds = countKinds(objects);
    assertEquals(4, kinds.get("Deployment"), () -> set + ": " + kinds);
    assertEquals(4, kinds.get("Service"), () -> set + ": " + kinds);
    // The 3 streaming jobs and the trainer's run at install.
    assertEquals(4, kinds.get("SparkApplication"), () -> set + ": " + kinds);
    assertEquals(1, kinds.get("ScheduledSparkApplication"), () -> set + ": " + kinds);
    for (GenericKubernetesResource o : objects) {
      assertTrue(
          o.getMetadata().getName().startsWith("pulse"), () -> "unprefixed name " + describe(o));
      assertEquals(
          "pulse",
          o.getMetadata().getLabels().get("app.kubernetes.io/instance"),
          () -> "no instance label on " + describe(o));
    }
  }

  @Test
  void existingKafkaSkipsStrimziAndPointsEverythingAtIt() {
    String rendered = chart.render(ValueSets.EXISTING_KAFKA.values(chart));
    Map<String, Long> kinds = countKinds(PulseChart.objects(rendered));
    assertFalse(kinds.containsKey("Kafka"), kinds::toString);
    assertFalse(kinds.containsKey("KafkaNodePool"), kinds::toString);
    assertFalse(kinds.containsKey("KafkaTopic"), kinds::toString);
    assertFalse(kinds.containsKey("PersistentVolumeClaim"), "object store replaces the claim");
    assertTrue(rendered.contains("kafka-0.kafka.data.svc:9092,kafka-1.kafka.data.svc:9092"));
    assertTrue(rendered.contains("s3a://pulse-state/checkpoints/order-status-counts"));
  }

  @Test
  void hpaAndIngressRenderOnlyWhenAskedFor() {
    Map<String, Long> defaults = countKinds(PulseChart.objects(chart.render()));
    assertFalse(defaults.containsKey("HorizontalPodAutoscaler"), defaults::toString);
    assertFalse(defaults.containsKey("Ingress"), defaults::toString);
    assertFalse(defaults.containsKey("ServiceMonitor"), defaults::toString);

    Map<String, Long> on =
        countKinds(PulseChart.objects(chart.render(ValueSets.HPA_AND_INGRESS.values(chart))));
    assertEquals(4, on.get("HorizontalPodAutoscaler"), on::toString);
    assertEquals(1, on.get("Ingress"), on::toString);
    assertEquals(1, on.get("ServiceMonitor"), on::toString);
    assertEquals(4, on.get("PodDisruptionBudget"), "minReplicas 2 gives every service a budget");
  }

  static Map<String, Long> countKinds(List<GenericKubernetesResource> objects) {
    return objects.stream()
        .collect(
            Collectors.groupingBy(
                GenericKubernetesResource::getKind, TreeMap::new, Collectors.counting()));
  }

  static String describe(GenericKubernetesResource o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}
