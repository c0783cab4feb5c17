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
  static final String HEADER =
      """
      # Pulse as plain Kubernetes manifests: helm/pulse rendered with its default values
      # (release "%s", namespace "%s", Kubernetes %s). Generated, do not edit; regenerate with
      #   mvn -B -pl helm -am verify -Dpulse.k8s.update=true
      # Apply with: kubectl create namespace %s && kubectl apply -n %s -f k8s/pulse.yaml
      # Needs the Spark Operator and the Strimzi operator (see helm/README.md).
      """
          .formatted(
              PulseChart.RELEASE,
              PulseChart.NAMESPACE,
              PulseChart.KUBE_VERSION,
              PulseChart.NAMESPACE,
              PulseChart.NAMESPACE);

  @Test
  void k8sFolderEqualsTheDefaultRendering() throws IOException {
    PulseChart chart = PulseChart.ofRepository();
    Path file = chart.dir().resolveSibling("../k8s/pulse.yaml").normalize();
    String expected = HEADER + chart.render();
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
