package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import org.junit.jupiter.api.Test;

/** What `helm install` prints (NOTES.txt) tells how to reach the dashboard, API and jobs. */
class NotesTest {
  private final PulseChart chart = PulseChart.ofRepository();

  @Test
  void defaultInstallExplainsPortForwardJobsAndKafka() {
    String notes = installDryRun(null);
    assertTrue(
        notes.contains("kubectl -n pulse port-forward svc/pulse-results-service 8080:8080"), notes);
    assertTrue(notes.contains("http://localhost:8080/v1/pipelines"), notes);
    assertTrue(notes.contains("get sparkapplications,scheduledsparkapplications"), notes);
    assertTrue(notes.contains("Strimzi cluster pulse-kafka"), notes);
    assertTrue(notes.contains("order-ingest: http://pulse-order-ingest.pulse.svc:8081"), notes);
    assertTrue(
        notes.contains(
            "kubectl -n pulse get secret pulse-credentials -o jsonpath='{.data.PULSE_READ_TOKEN}'"),
        notes);
  }

  @Test
  void ingressAndExistingKafkaAreReflected() {
    String ingress = installDryRun("production.yaml");
    assertTrue(ingress.contains("https://pulse.example.com/"), ingress);
    assertFalse(ingress.contains("port-forward"), ingress);
    assertTrue(ingress.contains("TLS and SCRAM-SHA-512"), ingress);

    String external = installDryRun("existing-kafka.yaml");
    assertTrue(external.contains("Existing cluster at kafka-0.kafka.data.svc:9092"), external);
  }

  private String installDryRun(String exampleFile) {
    InstallCommand install =
        new Helm(chart.dir())
            .install()
            .withName(PulseChart.RELEASE)
            .withNamespace(PulseChart.NAMESPACE)
            .withKubeVersion(PulseChart.KUBE_VERSION)
            .clientOnly()
            .dryRun();
    if (exampleFile != null) {
      install = install.withValuesFile(chart.dir().resolve("examples").resolve(exampleFile));
    }
    return install.call().getOutput();
  }
}
