package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart's Roles grant what their pods use of the API server and nothing more: the Spark driver
 * manages its executor pods, their ConfigMap and its own Service (see templates/spark/rbac.yaml for
 * where in Spark each comes from); results-service reads SparkApplications. No wildcard, no
 * Secrets, no patch, no claims.
 */
class RbacTest {
  private final PulseChart chart = PulseChart.ofRepository();

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void rolesGrantOnlyWhatTheirPodsUse(ValueSets set) {
    Map<String, Map<String, Set<String>>> roles = new TreeMap<>();
    for (GenericKubernetesResource o : PulseChart.objects(chart.render(set.values(chart)))) {
      if (o.getKind().equals("ClusterRole") || o.getKind().equals("ClusterRoleBinding")) {
        throw new AssertionError("cluster-wide RBAC: " + o.getMetadata().getName());
      }
      if (!o.getKind().equals("Role")) {
        continue;
      }
      Map<String, Set<String>> grants = new TreeMap<>();
      List<Map<String, List<String>>> rules = o.get("rules");
      for (Map<String, List<String>> rule : rules) {
        for (String group : rule.get("apiGroups")) {
          for (String resource : rule.get("resources")) {
            grants
                .computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
                .addAll(rule.get("verbs"));
          }
        }
      }
      roles.put(o.getMetadata().getName(), grants);
    }
    assertEquals(
        Map.of(
            "pulse-spark",
            Map.of(
                "/pods",
                Set.of("create", "get", "list", "watch", "delete", "deletecollection"),
                "/configmaps",
                Set.of("create", "delete", "deletecollection"),
                "/services",
                Set.of("delete", "deletecollection")),
            "pulse-results-service",
            Map.of(
                "sparkoperator.k8s.io/sparkapplications",
                Set.of("get", "list", "watch"),
                "sparkoperator.k8s.io/scheduledsparkapplications",
                Set.of("get", "list", "watch"))),
        roles);
  }
}
