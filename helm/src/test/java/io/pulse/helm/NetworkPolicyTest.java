package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.pulse.helm.PulseChart.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of pod the chart runs (each service, each job's Spark driver and executors, Kafka) is
 * selected by a NetworkPolicy, and no policy admits everyone: every rule names its peers, and no
 * peer stands for every pod or every namespace.
 */
class NetworkPolicyTest {
  private static final Map<String, String> INGRESS_NGINX =
      Map.of("kubernetes.io/metadata.name", "ingress-nginx");
  private final PulseChart chart = PulseChart.ofRepository();
  private final List<GenericKubernetesResource> objects = PulseChart.objects(chart.render());

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void everyPodKindIsSelectedByAPolicy(ValueSets set) {
    List<GenericKubernetesResource> rendered = PulseChart.objects(chart.render(set.values(chart)));
    Map<String, Map<String, String>> pods = podLabels(rendered);
    // 4 services, driver and executor of 3 jobs + the trainer's run at install + the scheduled one.
    assertEquals(4 + 2 * 4 + 2, pods.size(), pods.keySet()::toString);
    List<GenericKubernetesResource> policies = ofKind(rendered, "NetworkPolicy");
    pods.forEach(
        (pod, labels) ->
            assertTrue(
                policies.stream().anyMatch(p -> selects(p, labels)),
                pod + " has no NetworkPolicy"));
    for (GenericKubernetesResource kafka : ofKind(rendered, "Kafka")) {
      List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
      for (Map<String, Object> listener : listeners) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> peers =
            (List<Map<String, Object>>) listener.get("networkPolicyPeers");
        assertTrue(peers != null && !peers.isEmpty(), "listener without peers: " + listener);
        peers.forEach(peer -> assertNotEveryone(peer, "Kafka listener " + listener.get("name")));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void noPolicyAdmitsEveryone(ValueSets set) {
    for (GenericKubernetesResource policy :
        ofKind(PulseChart.objects(chart.render(set.values(chart))), "NetworkPolicy")) {
      String name = policy.getMetadata().getName();
      Map<String, Object> selector = policy.get("spec", "podSelector");
      assertFalse(selector == null || selector.isEmpty(), name + " selects every pod");
      List<Map<String, Object>> ingress = policy.get("spec", "ingress");
      assertTrue(ingress != null, name + " has no ingress rules (admits everyone)");
      for (Map<String, Object> rule : ingress) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> from = (List<Map<String, Object>>) rule.get("from");
        assertTrue(from != null && !from.isEmpty(), name + " admits everyone: " + rule);
        from.forEach(peer -> assertNotEveryone(peer, name));
      }
      List<Map<String, Object>> egress = policy.get("spec", "egress");
      for (Map<String, Object> rule : egress == null ? List.<Map<String, Object>>of() : egress) {
        assertTrue(rule.get("to") != null || rule.get("ports") != null, name + " egress " + rule);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> to = (List<Map<String, Object>>) rule.get("to");
        if (to != null) {
          assertFalse(to.isEmpty(), name + " egress to []: " + rule);
          to.forEach(peer -> assertNotEveryone(peer, name));
        }
      }
    }
  }

  @Test
  void aPublicServiceAdmitsTheIngressControllerAndPrometheusOnItsPort() {
    Map<String, Object> rule = onlyIngressRule(objects, "pulse-results-service");
    assertEquals(List.of(Map.of("port", "http", "protocol", "TCP")), rule.get("ports"));
    assertEquals(
        List.of(
            Map.of(
                "namespaceSelector", Map.of("matchLabels", INGRESS_NGINX),
                "podSelector",
                    Map.of("matchLabels", Map.of("app.kubernetes.io/name", "ingress-nginx"))),
            Map.of(
                "namespaceSelector",
                    Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")),
                "podSelector",
                    Map.of("matchLabels", Map.of("app.kubernetes.io/name", "prometheus")))),
        rule.get("from"));
  }

  @Test
  void aPrivateServiceAdmitsOnlyPulsePodsAndPrometheus() {
    String rendered = chart.render(Values.defaults().set("services.order-ingest.public", false));
    Map<String, Object> rule = onlyIngressRule(PulseChart.objects(rendered), "pulse-order-ingest");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> from = (List<Map<String, Object>>) rule.get("from");
    assertEquals(
        Map.of(
            "podSelector",
            Map.of(
                "matchLabels",
                Map.of(
                    "app.kubernetes.io/instance", "pulse", "app.kubernetes.io/part-of", "pulse"))),
        from.get(0));
    assertEquals(2, from.size(), from::toString);
  }

  @Test
  void withoutSelectorsAPublicServiceAdmitsNoOneInsteadOfEveryone(@TempDir Path dir)
      throws IOException {
    Path values = dir.resolve("no-selectors.yaml");
    Files.writeString(
        values,
        """
        networkPolicy:
          ingressController:
            namespaceSelector: null
          monitoring:
            namespaceSelector: null
        """);
    String rendered = chart.render(Values.defaults().file(values));
    GenericKubernetesResource policy = policy(PulseChart.objects(rendered), "pulse-order-ingest");
    assertEquals(List.of(), policy.get("spec", "ingress"));
  }

  @Test
  void aDriverReachesItsExecutorsKafkaDnsAndTheApiServerAndAnExecutorNotTheApiServer() {
    Map<String, String> job =
        Map.of(
            "app.kubernetes.io/name", "pulse",
            "app.kubernetes.io/instance", "pulse",
            "app.kubernetes.io/component", "order-status-counts");
    List<Map<String, Object>> driver =
        policy(objects, "pulse-order-status-counts-driver").get("spec", "egress");
    List<Map<String, Object>> executor =
        policy(objects, "pulse-order-status-counts-executor").get("spec", "egress");
    for (List<Map<String, Object>> egress : List.of(driver, executor)) {
      assertEquals(
          List.of(Map.of("podSelector", Map.of("matchLabels", job))), egress.get(0).get("to"));
      assertEquals(
          List.of(
              Map.of(
                  "podSelector",
                  Map.of(
                      "matchLabels",
                      Map.of("strimzi.io/cluster", "pulse-kafka", "strimzi.io/kind", "Kafka")))),
          egress.get(1).get("to"));
      assertEquals(List.of(Map.of("port", 9092, "protocol", "TCP")), egress.get(1).get("ports"));
      assertEquals(53, ((List<Map<String, Object>>) egress.get(2).get("ports")).get(0).get("port"));
    }
    assertEquals(4, driver.size(), driver::toString);
    assertEquals(
        List.of(Map.of("port", 443, "protocol", "TCP"), Map.of("port", 6443, "protocol", "TCP")),
        driver.get(3).get("ports"));
    assertEquals(3, executor.size(), "an executor may reach the API server: " + executor);
  }

  @Test
  @SuppressWarnings("unchecked")
  void kafkaAdmitsEveryPulsePod() {
    List<GenericKubernetesResource> kafkas = ofKind(objects, "Kafka");
    assertEquals(1, kafkas.size());
    List<Map<String, Object>> listeners = kafkas.get(0).get("spec", "kafka", "listeners");
    List<Map<String, Object>> peers =
        (List<Map<String, Object>>) listeners.get(0).get("networkPolicyPeers");
    assertEquals(1, peers.size(), peers::toString);
    Map<String, String> selector =
        (Map<String, String>)
            ((Map<String, Object>) peers.get(0).get("podSelector")).get("matchLabels");
    assertEquals("pulse", selector.get("app.kubernetes.io/instance"), selector::toString);
    podLabels(objects)
        .forEach(
            (pod, labels) ->
                assertTrue(
                    labels.entrySet().containsAll(selector.entrySet()), pod + " not admitted"));
  }

  /**
   * The labels of each kind of pod: a Deployment's template, and a Spark app's driver and executor
   * labels plus the spark-role Spark adds.
   */
  static Map<String, Map<String, String>> podLabels(List<GenericKubernetesResource> objects) {
    Map<String, Map<String, String>> pods = new LinkedHashMap<>();
    for (GenericKubernetesResource o : objects) {
      String name = ChartRenderTest.describe(o);
      Map<String, Object> spec =
          switch (o.getKind()) {
            case "SparkApplication" -> o.get("spec");
            case "ScheduledSparkApplication" -> o.get("spec", "template");
            default -> null;
          };
      if (o.getKind().equals("Deployment")) {
        pods.put(name, o.get("spec", "template", "metadata", "labels"));
      } else if (spec != null) {
        for (String role : List.of("driver", "executor")) {
          @SuppressWarnings("unchecked")
          Map<String, String> labels =
              new LinkedHashMap<>(
                  (Map<String, String>) ((Map<String, Object>) spec.get(role)).get("labels"));
          labels.put("spark-role", role);
          pods.put(name + " " + role, labels);
        }
      }
    }
    return pods;
  }

  /**
   * Whether the policy's podSelector (matchLabels only, as the chart writes them) selects a pod.
   */
  static boolean selects(GenericKubernetesResource policy, Map<String, String> podLabels) {
    Map<String, String> match = policy.get("spec", "podSelector", "matchLabels");
    return match != null && !match.isEmpty() && podLabels.entrySet().containsAll(match.entrySet());
  }

  @SuppressWarnings("unchecked")
  private static void assertNotEveryone(Map<String, Object> peer, String where) {
    assertFalse(peer.isEmpty(), where + ": empty peer");
    Map<String, Object> namespaces = (Map<String, Object>) peer.get("namespaceSelector");
    if (peer.containsKey("namespaceSelector")) {
      assertFalse(namespaces == null || namespaces.isEmpty(), where + ": every namespace " + peer);
    }
    Map<String, Object> pods = (Map<String, Object>) peer.get("podSelector");
    if (!peer.containsKey("namespaceSelector") && peer.containsKey("podSelector")) {
      assertFalse(pods == null || pods.isEmpty(), where + ": every pod " + peer);
    }
    Map<String, Object> ipBlock = (Map<String, Object>) peer.get("ipBlock");
    if (ipBlock != null) {
      String cidr = String.valueOf(ipBlock.get("cidr"));
      assertFalse(cidr.endsWith("/0"), where + ": every address " + peer);
    }
  }

  private static Map<String, Object> onlyIngressRule(
      List<GenericKubernetesResource> objects, String name) {
    List<Map<String, Object>> ingress = policy(objects, name).get("spec", "ingress");
    assertEquals(1, ingress.size(), name);
    return ingress.get(0);
  }

  private static GenericKubernetesResource policy(
      List<GenericKubernetesResource> objects, String name) {
    return ofKind(objects, "NetworkPolicy").stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name));
  }

  private static List<GenericKubernetesResource> ofKind(
      List<GenericKubernetesResource> objects, String kind) {
    return new ArrayList<>(objects.stream().filter(o -> o.getKind().equals(kind)).toList());
  }
}
