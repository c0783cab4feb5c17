package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.deploy.k8s.Constants;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spark refuses to submit (driver) or to start executors when a custom label uses a key it reserves
 * for its own bookkeeping ({@code KubernetesDriverConf} / {@code KubernetesExecutorConf}). The
 * executor side is only checked by the driver at run time, so the submission test cannot see it:
 * this test checks every label the chart gives driver or executor pods, whichever way it gets
 * there.
 */
class ReservedSparkLabelsTest {
  /** Spark's reserved keys, read from Spark itself. */
  static final Set<String> RESERVED =
      Set.of(
          Constants.SPARK_VERSION_LABEL(),
          Constants.SPARK_APP_ID_LABEL(),
          Constants.SPARK_APP_NAME_LABEL(),
          Constants.SPARK_ROLE_LABEL(),
          Constants.SPARK_EXECUTOR_ID_LABEL(),
          Constants.SPARK_RESOURCE_PROFILE_ID_LABEL(),
          Constants.SPARK_EXECUTOR_INACTIVE_LABEL());

  private final PulseChart chart = PulseChart.ofRepository();

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void noDriverOrExecutorLabelIsReservedBySpark(ValueSets set) {
    assertTrue(RESERVED.contains("spark-role") && RESERVED.contains("spark-app-selector"));
    List<String> found = new ArrayList<>();
    List<SparkApps.App> apps = SparkApps.of(chart.render(set.values(chart)));
    assertTrue(apps.size() >= 4, "expected the jobs and the trainer, got " + apps.size());
    for (SparkApps.App app : apps) {
      // The operator copies the SparkApplication's own labels to both pods.
      check(found, app.name() + " metadata.labels", app.labels());
      for (String role : List.of("driver", "executor")) {
        Map<String, Object> pod = role.equals("driver") ? app.driver() : app.executor();
        check(
            found,
            app.name() + " " + role + ".labels",
            OperatorSubmission.strings(pod.get("labels")));
        Map<String, Object> template = OperatorSubmission.map(pod.get("template"));
        Map<String, Object> metadata = OperatorSubmission.map(template.get("metadata"));
        check(
            found,
            app.name() + " " + role + ".template",
            OperatorSubmission.strings(metadata.get("labels")));
        String prefix = "spark.kubernetes." + role + ".label.";
        OperatorSubmission.strings(app.spec().get("sparkConf")).keySet().stream()
            .filter(k -> k.startsWith(prefix))
            .forEach(
                k ->
                    check(
                        found,
                        app.name() + " sparkConf",
                        Map.of(k.substring(prefix.length()), "")));
      }
    }
    assertEquals(List.of(), found, "labels Spark reserves for itself");
  }

  private static void check(List<String> found, String where, Map<String, String> labels) {
    labels.keySet().stream().filter(RESERVED::contains).forEach(k -> found.add(where + ": " + k));
  }
}
