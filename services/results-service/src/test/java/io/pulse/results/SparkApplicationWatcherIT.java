package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.JsonReader;
import io.pulse.helm.MockCluster;
import io.pulse.helm.PulseChart;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * results-service on "Kubernetes": the chart's rendering applied to fabric8's mock API server (CRUD
 * mode), the service watching its SparkApplications; /v1/pipelines follows the operator's state.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkApplicationWatcherIT implements TestPropertyProvider {
  private final EmbeddedKafka kafka = EmbeddedKafka.start();
  private final MockCluster cluster = MockCluster.start("pulse");

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    cluster.apply(PulseChart.ofRepository().render());
    return TestCredentials.withServiceProperties(
        Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(),
            "micronaut.server.port", "-1",
            "pulse.spark.application.selector", "app.kubernetes.io/instance=pulse",
            "kubernetes.namespace", cluster.namespace(),
            "pulse.kubernetes.master-url", cluster.masterUrl()));
  }

  @AfterAll
  void stop() {
    cluster.close();
    kafka.close();
  }

  @Test
  void reportsEachSparkApplicationsStateAndFollowsChanges() {
    JsonHttp http = new JsonHttp(server.getURI()).withBearer(TestCredentials.READ_TOKEN);
    assertEquals(
        "SUBMITTED", awaitState(http, "order-status-counts", "SUBMITTED"), "no status yet");
    cluster.setSparkApplicationState("pulse-order-status-counts", "RUNNING");
    cluster.setSparkApplicationState("pulse-fraud-scoring", "RUNNING");
    assertEquals("RUNNING", awaitState(http, "order-status-counts", "RUNNING"));
    assertEquals("RUNNING", awaitState(http, "fraud-scoring", "RUNNING"));
    cluster.setSparkApplicationState("pulse-order-status-counts", "FAILED");
    assertEquals(
        "FAILED", awaitState(http, "order-status-counts", "FAILED"), "a watch, not a snapshot");
  }

  private static String awaitState(JsonHttp http, String pipeline, String wanted) {
    String state = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && !state.equals(wanted)) {
      String body = http.get("/v1/pipelines").body();
      for (JsonNode p : JsonReader.parse(body.getBytes(StandardCharsets.UTF_8)).path("pipelines")) {
        if (p.path("name").asText().equals(pipeline)) {
          state = p.path("state").asText();
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return state;
  }
}
