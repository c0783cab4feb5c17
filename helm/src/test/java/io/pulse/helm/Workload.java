package io.pulse.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What the chart gives the pods of a rendered workload: env vars and Spark configuration. */
final class Workload {
  /** Spark configuration keys that name a Secret or a file, never hold one. */
  private static final Pattern SECRET_REFERENCE =
      Pattern.compile(
          "spark\\.authenticate\\.secret\\.(driver|executor)\\.file"
              + "|spark\\.kubernetes\\.(driver|executor)\\.(secrets|secretKeyRef)\\..+");

  /**
   * One env var of one container.
   *
   * @param where kind/name and the container or Spark role
   * @param name the variable
   * @param value its plain value, or null
   * @param secretKeyRef the Secret and key it comes from, or null
   */
  record Env(String where, String name, String value, Map<String, String> secretKeyRef) {}

  private Workload() {}

  static boolean referencesASecret(String sparkConfKey) {
    return SECRET_REFERENCE.matcher(sparkConfKey).matches();
  }

  /** The env of every container of a Deployment, or of driver and executor of a Spark app. */
  @SuppressWarnings("unchecked")
  static List<Env> env(GenericKubernetesResource o) {
    List<Env> out = new ArrayList<>();
    String what = o.getKind() + "/" + o.getMetadata().getName();
    switch (o.getKind()) {
      case "Deployment" -> {
        Map<String, Object> podSpec = o.get("spec", "template", "spec");
        for (String field : List.of("initContainers", "containers")) {
          for (Map<String, Object> c :
              (List<Map<String, Object>>) podSpec.getOrDefault(field, List.of())) {
            for (Map<String, Object> e :
                (List<Map<String, Object>>) c.getOrDefault("env", List.of())) {
              Map<String, Object> from = (Map<String, Object>) e.get("valueFrom");
              out.add(
                  new Env(
                      what + " " + c.get("name"),
                      (String) e.get("name"),
                      (String) e.get("value"),
                      from == null ? null : (Map<String, String>) from.get("secretKeyRef")));
            }
          }
        }
      }
      case "SparkApplication" -> sparkEnv(what, o.get("spec"), out);
      case "ScheduledSparkApplication" -> sparkEnv(what, o.get("spec", "template"), out);
      default -> {}
    }
    return out;
  }

  /** The sparkConf of a SparkApplication or of a ScheduledSparkApplication's template. */
  static Map<String, Object> sparkConf(GenericKubernetesResource o) {
    Map<String, Object> conf =
        switch (o.getKind()) {
          case "SparkApplication" -> o.get("spec", "sparkConf");
          case "ScheduledSparkApplication" -> o.get("spec", "template", "sparkConf");
          default -> null;
        };
    return conf == null ? Map.of() : conf;
  }

  @SuppressWarnings("unchecked")
  private static void sparkEnv(String what, Map<String, Object> spec, List<Env> out) {
    for (String role : List.of("driver", "executor")) {
      Map<String, Object> pod = (Map<String, Object>) spec.get(role);
      ((Map<String, Object>) pod.getOrDefault("envVars", Map.of()))
          .forEach((k, v) -> out.add(new Env(what + " " + role, k, String.valueOf(v), null)));
      ((Map<String, Map<String, String>>) pod.getOrDefault("envSecretKeyRefs", Map.of()))
          .forEach((k, ref) -> out.add(new Env(what + " " + role, k, null, ref)));
    }
  }
}
