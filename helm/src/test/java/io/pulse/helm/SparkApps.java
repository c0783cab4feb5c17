package io.pulse.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SparkApplications a rendering makes the operator submit: each SparkApplication, and for each
 * ScheduledSparkApplication the SparkApplication its controller creates per run (named {@code
 * <name>-<unix nanos>}, with the scheduled app's labels and its template as spec).
 */
final class SparkApps {
  /** A run's name suffix as the ScheduledSparkApplication controller makes it (UnixNano). */
  static final String SCHEDULED_RUN_SUFFIX = "-1764100000000000000";

  /**
   * @param name the SparkApplication's name
   * @param labels its metadata labels
   * @param spec its spec
   * @param scheduled whether it is a ScheduledSparkApplication's run
   */
  record App(String name, Map<String, String> labels, Map<String, Object> spec, boolean scheduled) {
    @SuppressWarnings("unchecked")
    List<String> arguments() {
      return (List<String>) spec.getOrDefault("arguments", List.of());
    }

    /** The value of {@code --<option>} in the job's arguments, or null. */
    String argument(String option) {
      List<String> args = arguments();
      int i = args.indexOf("--" + option);
      return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
    }

    Map<String, Object> driver() {
      return OperatorSubmission.map(spec.get("driver"));
    }

    Map<String, Object> executor() {
      return OperatorSubmission.map(spec.get("executor"));
    }
  }

  private SparkApps() {}

  static List<App> of(String rendered) {
    List<App> apps = new ArrayList<>();
    for (GenericKubernetesResource object : PulseChart.objects(rendered)) {
      Map<String, String> labels =
          new LinkedHashMap<>(
              object.getMetadata().getLabels() == null
                  ? Map.of()
                  : object.getMetadata().getLabels());
      Map<String, Object> spec =
          OperatorSubmission.map(object.getAdditionalProperties().get("spec"));
      String name = object.getMetadata().getName();
      if (object.getKind().equals("SparkApplication")) {
        apps.add(new App(name, labels, spec, false));
      } else if (object.getKind().equals("ScheduledSparkApplication")) {
        labels.put("sparkoperator.k8s.io/scheduled-app-name", name);
        apps.add(
            new App(
                name + SCHEDULED_RUN_SUFFIX,
                labels,
                OperatorSubmission.map(spec.get("template")),
                true));
      }
    }
    return apps;
  }
}
