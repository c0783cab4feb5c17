package io.pulse.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Pulse chart rendered by Helm's own engine (helm-java carries Helm's native library), so tests
 * see exactly what {@code helm template} / {@code helm install} would send to a cluster.
 *
 * @param dir the chart folder (helm/pulse)
 */
public record PulseChart(Path dir) {
  /** Release name used for k8s/ and by default in tests. */
  public static final String RELEASE = "pulse";

  /** Namespace the plain manifests in k8s/ are rendered for. */
  public static final String NAMESPACE = "pulse";

  /**
   * Kubernetes version the rendering targets (Helm's offline default is 1.20, older than the
   * chart's kubeVersion constraint).
   */
  public static final String KUBE_VERSION = "1.31.0";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  public PulseChart {
    if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      throw new IllegalArgumentException("no Chart.yaml in " + dir.toAbsolutePath());
    }
  }

  /**
   * The chart of this repository: {@code pulse.chart.dir} when set (the helm module's tests set
   * it), else {@code helm/pulse} under {@code pulse.repo.dir} or the working directory's parents.
   */
  public static PulseChart ofRepository() {
    String chart = System.getProperty("pulse.chart.dir");
    if (chart != null) {
      return new PulseChart(Path.of(chart));
    }
    String repo = System.getProperty("pulse.repo.dir");
    if (repo != null) {
      return new PulseChart(Path.of(repo, "helm", "pulse"));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("helm/pulse/Chart.yaml"))) {
        return new PulseChart(p.resolve("helm/pulse"));
      }
    }
    throw new IllegalStateException("cannot find helm/pulse; set -Dpulse.chart.dir");
  }

  /** Renders with the default values. */
  public String render() {
    return render(Values.defaults());
  }

  /** Renders as {@code helm template RELEASE dir -n NAMESPACE -f files... --set k=v...}. */
  public String render(Values values) {
    TemplateCommand template =
        new Helm(dir)
            .template()
            .withName(RELEASE)
            .withNamespace(values.namespace())
            .withKubeVersion(KUBE_VERSION);
    for (Path file : values.files()) {
      template = template.withValuesFile(file);
    }
    for (Map.Entry<String, Object> set : values.sets().entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return template.call();
  }

  /** Each non-empty YAML document of a rendering, in order. */
  public static List<String> documents(String rendered) {
    List<String> docs = new ArrayList<>();
    for (String doc : DOCUMENT_SEPARATOR.split(rendered)) {
      boolean onlyComments =
          doc.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"));
      if (!onlyComments) {
        docs.add(doc);
      }
    }
    return docs;
  }

  /** Every rendered object, untyped: kind, apiVersion, metadata and the rest as maps. */
  public static List<GenericKubernetesResource> objects(String rendered) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (String doc : documents(rendered)) {
      objects.add(serialization.unmarshal(doc, GenericKubernetesResource.class));
    }
    return objects;
  }

  /**
   * A value set: values files applied in order, then {@code --set} pairs.
   *
   * @param namespace the release namespace
   * @param files values files ({@code -f})
   * @param sets {@code --set} pairs, in order
   */
  public record Values(String namespace, List<Path> files, Map<String, Object> sets) {
    public static Values defaults() {
      return new Values(NAMESPACE, List.of(), Map.of());
    }

    public Values file(Path file) {
      List<Path> more = new ArrayList<>(files);
      more.add(file);
      return new Values(namespace, List.copyOf(more), sets);
    }

    public Values set(String key, Object value) {
      Map<String, Object> more = new LinkedHashMap<>(sets);
      more.put(key, value);
      return new Values(namespace, files, more);
    }
  }
}
