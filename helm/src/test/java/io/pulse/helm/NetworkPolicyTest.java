package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policies select the pods they mean to: each service's policy its own pods, and Kafka's client
 * listener every pod of the release (services, Spark drivers and executors) and no other.
 */
class NetworkPolicyTest {
  private final List<GenericKubernetesResource> objects =
      PulseChart.objects(PulseChart.ofRepository().render());

  @Test
  @SuppressWarnings("unchecked")
  void kafkaAdmitsEveryPulsePod() {
    GenericKubernetesResource kafka = only("Kafka");
    List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
    List<Map<String, Object>> peers =
        (List<Map<String, Object>>) listeners.get(0).get("networkPolicyPeers");
    assertEquals(1, peers.size(), peers::toString);
    Map<String, String> selector =
        (Map<String, String>)
            ((Map<String, Object>) peers.get(0).get("podSelector")).get("matchLabels");
    assertEquals("pulse", selector.get("app.kubernetes.io/instance"), selector::toString);

    List<Map<String, String>> podLabels = new ArrayList<>();
    for (GenericKubernetesResource o : objects) {
      switch (o.getKind()) {
        case "Deployment" -> podLabels.add(o.get("spec", "template", "metadata", "labels"));
        case "SparkApplication" -> {
          podLabels.add(o.get("spec", "driver", "labels"));
          podLabels.add(o.get("spec", "executor", "labels"));
        }
        case "ScheduledSparkApplication" -> {
          podLabels.add(o.get("spec", "template", "driver", "labels"));
          podLabels.add(o.get("spec", "template", "executor", "labels"));
        }
        default -> {}
      }
    }
    // 4 services, driver and executor of 3 jobs + the trainer at install + the scheduled trainer.
    assertEquals(4 + 2 * 4 + 2, podLabels.size());
    for (Map<String, String> labels : podLabels) {
      assertTrue(
          labels.entrySet().containsAll(selector.entrySet()), () -> labels + " not admitted");
    }
  }

  @Test
  void eachServicePolicySelectsItsOwnPodsAndOpensOnlyItsPort() {
    for (GenericKubernetesResource policy : ofKind("NetworkPolicy")) {
      String name = policy.getMetadata().getName();
      GenericKubernetesResource deployment =
          ofKind("Deployment").stream()
              .filter(d -> d.getMetadata().getName().equals(name))
              .findFirst()
              .orElseThrow();
      Map<String, String> selector = policy.get("spec", "podSelector", "matchLabels");
      Map<String, String> pods = deployment.get("spec", "template", "metadata", "labels");
      assertTrue(pods.entrySet().containsAll(selector.entrySet()), name);
      assertFalse(selector.isEmpty(), name);

      List<Map<String, Object>> ingress = policy.get("spec", "ingress");
      assertEquals(1, ingress.size(), name);
      assertEquals(List.of(Map.of("port", "http", "protocol", "TCP")), ingress.get(0).get("ports"));
      // All four services are public by default (ingest endpoints and the dashboard).
      assertNull(ingress.get(0).get("from"), name);
    }
    assertEquals(4, ofKind("NetworkPolicy").size());
  }

  @Test
  void aPrivateServiceAdmitsOnlyPulsePods() {
    PulseChart chart = PulseChart.ofRepository();
    String rendered =
        chart.render(PulseChart.Values.defaults().set("services.order-ingest.public", false));
    GenericKubernetesResource policy =
        PulseChart.objects(rendered).stream()
            .filter(o -> o.getKind().equals("NetworkPolicy"))
            .filter(o -> o.getMetadata().getName().equals("pulse-order-ingest"))
            .findFirst()
            .orElseThrow();
    List<Map<String, Object>> ingress = policy.get("spec", "ingress");
    assertEquals(
        List.of(
            Map.of(
                "podSelector",
                Map.of(
                    "matchLabels",
                    Map.of(
                        "app.kubernetes.io/instance",
                        "pulse",
                        "app.kubernetes.io/part-of",
                        "pulse")))),
        ingress.get(0).get("from"));
  }

  private List<GenericKubernetesResource> ofKind(String kind) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
  }

  private GenericKubernetesResource only(String kind) {
    List<GenericKubernetesResource> found = ofKind(kind);
    assertEquals(1, found.size(), kind);
    return found.get(0);
  }
}
