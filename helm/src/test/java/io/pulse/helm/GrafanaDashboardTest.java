package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard ships as a ConfigMap the sidecar picks up, and is a valid dashboard. */
class GrafanaDashboardTest {
  @Test
  void rendersAsALabelledConfigMapHoldingADashboardOfPulsesMetrics() throws Exception {
    GenericKubernetesResource configMap =
        PulseChart.objects(PulseChart.ofRepository().render()).stream()
            .filter(
                o ->
                    o.getKind().equals("ConfigMap")
                        && o.getMetadata().getName().endsWith("grafana-dashboard"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no dashboard ConfigMap"));
    assertEquals("1", configMap.getMetadata().getLabels().get("grafana_dashboard"));
    Map<String, Object> data = configMap.get("data");
    JsonNode dashboard = new ObjectMapper().readTree((String) data.get("pulse.json"));
    assertEquals("Pulse", dashboard.path("title").asText());
    String queries = dashboard.path("panels").findValuesAsText("expr").toString();
    for (String metric :
        new String[] {
          "http_server_requests_seconds_count",
          "pulse_ingest_published_records_total",
          "pulse_ingest_publish_failures_total",
          "kafka_consumer_fetch_manager_records_lag_max",
          "inputRate",
          "processingRate",
          "latency",
          "rowsTotal"
        }) {
      assertTrue(queries.contains(metric), metric + " is charted");
    }
  }

  @Test
  void canBeTurnedOff() {
    String rendered =
        PulseChart.ofRepository()
            .render(PulseChart.Values.defaults().set("metrics.grafanaDashboard.enabled", false));
    assertTrue(!rendered.contains("grafana-dashboard"));
  }
}
