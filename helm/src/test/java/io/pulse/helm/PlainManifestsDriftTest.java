package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * k8s/pulse.yaml is the chart rendered with its default values, for people without Helm. It is
 * generated, never edited: run the build with {@code -Dpulse.k8s.update=true} to rewrite it, and
 * this test fails whenever the chart and the file disagree.
 */
class PlainManifestsDriftTest {
  /** The Secrets k8s/pulse.yaml reads and its header tells how to create. */
  static final String CREDENTIALS = "pulse-credentials";

  static final String SPARK_AUTH = "pulse-spark-auth";

  static final String HEADER =
      """
      # Pulse as plain Kubernetes manifests: helm/pulse rendered with its default values
      # (release "%s", namespace "%s", Kubernetes %s), except that the two Secrets of random
      # values the chart generates are yours to create (a file in git must hold no secret):
      #   kubectl create namespace %s
      #   kubectl -n %s create secret generic %s \\
      #     --from-literal=PULSE_INGEST_TOKEN=$(openssl rand -hex 24) \\
      #     --from-literal=PULSE_READ_TOKEN=$(openssl rand -hex 24) \\
      #     --from-literal=PULSE_FACEBOOK_APP_SECRET=$(openssl rand -hex 24)
      #   kubectl -n %s create secret generic %s --from-literal=secret=$(openssl rand -hex 32)
      #   kubectl apply -n %s -f k8s/pulse.yaml
      # Generated, do not edit; regenerate with
      #   mvn -B -pl helm -am verify -Dpulse.k8s.update=true
      # Needs the Spark Operator and the Strimzi operator (see helm/README.md).
      """
          .formatted(
              PulseChart.RELEASE,
              PulseChart.NAMESPACE,
              PulseChart.KUBE_VERSION,
              PulseChart.NAMESPACE,
              PulseChart.NAMESPACE,
              CREDENTIALS,
              PulseChart.NAMESPACE,
              SPARK_AUTH,
              PulseChart.NAMESPACE);

  /** The default values, with the two generated Secrets replaced by ones the user creates. */
  static PulseChart.Values values() {
    return PulseChart.Values.defaults()
        .set("auth.existingSecret", CREDENTIALS)
        .set("spark.authenticate.existingSecret", SPARK_AUTH);
  }

  @Test
  void k8sFolderEqualsTheDefaultRendering() throws IOException {
    PulseChart chart = PulseChart.ofRepository();
    Path file = chart.dir().resolveSibling("../k8s/pulse.yaml").normalize();
    String expected = HEADER + chart.render(values());
    if (Boolean.getBoolean("pulse.k8s.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, expected);
    }
    String actual = Files.exists(file) ? Files.readString(file) : "";
    assertEquals(
        expected,
        actual,
        file
            + " differs from the chart's default rendering; regenerate it with"
            + " -Dpulse.k8s.update=true and commit the result");
  }
}
