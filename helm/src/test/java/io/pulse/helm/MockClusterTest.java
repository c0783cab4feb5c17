package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The default rendering applied to fabric8's mock API server (CRUD mode) and read back. */
class MockClusterTest {
  private final PulseChart chart = PulseChart.ofRepository();

  @Test
  void everyRenderedObjectIsStoredAndReadBack() {
    String rendered = chart.render();
    try (MockCluster cluster = MockCluster.start()) {
      List<HasMetadata> created = cluster.apply(rendered);
      assertEquals(PulseChart.documents(rendered).size(), created.size());

      for (HasMetadata object : created) {
        HasMetadata read = cluster.client().resource(object).get();
        assertNotNull(read, () -> object.getKind() + "/" + object.getMetadata().getName());
        assertEquals(cluster.namespace(), read.getMetadata().getNamespace());
      }

      Deployment results =
          cluster.client().apps().deployments().withName("pulse-results-service").get();
      Map<String, String> env =
          results.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
              .filter(e -> e.getValue() != null)
              .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
      assertEquals("pulse-kafka-kafka-bootstrap:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
      assertEquals("8080", env.get("MICRONAUT_SERVER_PORT"));

      Role role = cluster.client().rbac().roles().withName("pulse-results-service").get();
      assertEquals(List.of("get", "list", "watch"), role.getRules().get(0).getVerbs());
      assertTrue(role.getRules().get(0).getResources().contains("sparkapplications"));
    }
  }

  @Test
  void sparkApplicationsAreListedAndTheirStateChangesAreWatched() throws Exception {
    try (MockCluster cluster = MockCluster.start()) {
      cluster.apply(chart.render());

      List<GenericKubernetesResource> apps = cluster.sparkApplications();
      assertEquals(
          List.of(
              "pulse-fraud-model-trainer-initial",
              "pulse-fraud-scoring",
              "pulse-order-status-counts",
              "pulse-social-sentiment"),
          apps.stream().map(a -> a.getMetadata().getName()).sorted().toList());
      GenericKubernetesResource counts =
          apps.stream()
              .filter(a -> a.getMetadata().getName().equals("pulse-order-status-counts"))
              .findFirst()
              .orElseThrow();
      assertEquals("io.pulse.jobs.commerce.OrderStatusCounts", counts.get("spec", "mainClass"));
      assertEquals("Always", counts.get("spec", "restartPolicy", "type"));

      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      try (Watch watch =
          cluster
              .client()
              .genericKubernetesResources(MockCluster.SPARK_APPLICATION)
              .withName("pulse-order-status-counts")
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource app) {
                      Object state = app.get("status", "applicationState", "state");
                      events.add(action + " " + state);
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  })) {
        // A watch without a resourceVersion starts with the current object, as on a real server.
        assertEquals("ADDED null", events.poll(10, TimeUnit.SECONDS));
        cluster.setSparkApplicationState("pulse-order-status-counts", "RUNNING");
        cluster.setSparkApplicationState("pulse-order-status-counts", "FAILED");
        assertEquals("MODIFIED RUNNING", events.poll(10, TimeUnit.SECONDS));
        assertEquals("MODIFIED FAILED", events.poll(10, TimeUnit.SECONDS));
      }
      GenericKubernetesResource failed =
          cluster
              .client()
              .genericKubernetesResources(MockCluster.SPARK_APPLICATION)
              .withName("pulse-order-status-counts")
              .get();
      assertEquals("FAILED", failed.get("status", "applicationState", "state"));
    }
  }
}
