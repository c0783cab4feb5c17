package io.pulse.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The spark-submit command line the kubeflow Spark Operator builds for one SparkApplication,
 * written after its Go code: {@code buildSparkSubmitArgs} in {@code
 * internal/controller/sparkapplication/submission.go} (kubeflow/spark-operator, main at commit
 * 05d6061681a5, the v2.x line whose CRDs are in helm/schemas), with what {@code
 * submitSparkApplication} does first ({@code configPrometheusMonitoring} in {@code
 * monitoring_config.go}).
 *
 * <p>Fields the operator never turns into spark-submit configuration, only into a patch its
 * mutating webhook applies to the pods (env, volumes other than {@code spark-local-dir-*}, security
 * contexts, the JMX exporter's ConfigMap...), are listed in {@link Command#webhookOnly()}: a chart
 * that relies on none of them works with and without the webhook.
 *
 * <p>Go iterates maps in random order; here they are sorted, which changes nothing because every
 * key of one map is a distinct {@code --conf} key.
 */
final class OperatorSubmission {
  static final String FOLLOWS =
      "kubeflow/spark-operator submission.go + monitoring_config.go, main at 05d6061681a5 (v2.x)";

  // pkg/common of the operator
  static final String LABEL_APP_NAME = "sparkoperator.k8s.io/app-name";
  static final String LABEL_LAUNCHED = "sparkoperator.k8s.io/launched-by-spark-operator";
  static final String LABEL_MUTATED = "sparkoperator.k8s.io/mutated-by-spark-operator";
  static final String LABEL_SUBMISSION_ID = "sparkoperator.k8s.io/submission-id";
  static final String PROMETHEUS_CONFIG_MOUNT = "/etc/metrics/conf";
  static final String SPARK_LOCAL_DIR_PREFIX = "spark-local-dir-";
  static final int DEFAULT_PROMETHEUS_PORT = 8090;

  /** Pod-level fields of driver/executor that only the webhook applies. */
  private static final Set<String> WEBHOOK_ONLY_POD_FIELDS =
      Set.of(
          "env",
          "envFrom",
          "configMaps",
          "podSecurityContext",
          "securityContext",
          "affinity",
          "tolerations",
          "sidecars",
          "initContainers",
          "hostNetwork",
          "hostAliases",
          "dnsConfig",
          "priorityClassName",
          "schedulerName",
          "nodeSelector",
          "gpu",
          "ports",
          "terminationGracePeriodSeconds",
          "lifecycle",
          "shareProcessNamespace");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * @param args the arguments of spark-submit, in the operator's order
   * @param webhookOnly spec fields (with their path) the webhook alone would apply
   */
  record Command(List<String> args, List<String> webhookOnly) {}

  private OperatorSubmission() {}

  /**
   * The command for a SparkApplication as the operator would run it.
   *
   * @param masterUrl the API server ({@code k8s://...})
   * @param name the SparkApplication's name
   * @param namespace its namespace
   * @param appLabels its metadata labels
   * @param spec its spec
   * @param submissionId the id the operator puts in the status before submitting
   * @param workDir where the pod templates are written (the operator uses /tmp/spark/ID)
   */
  @SuppressWarnings("unchecked")
  static Command command(
      String masterUrl,
      String name,
      String namespace,
      Map<String, String> appLabels,
      Map<String, Object> spec,
      String submissionId,
      Path workDir) {
    Map<String, Object> driver = new LinkedHashMap<>(map(spec.get("driver")));
    Map<String, Object> executor = new LinkedHashMap<>(map(spec.get("executor")));
    Map<String, String> sparkConf = new TreeMap<>(strings(spec.get("sparkConf")));
    List<String> webhookOnly = new ArrayList<>();

    // configPrometheusMonitoring: the javaagent reads its config from the ConfigMap the webhook
    // mounts at /etc/metrics/conf unless configFile and metricsPropertiesFile name files in the
    // image.
    Map<String, Object> monitoring = map(spec.get("monitoring"));
    Map<String, Object> prometheus = map(monitoring.get("prometheus"));
    if (!monitoring.isEmpty() && !prometheus.isEmpty()) {
      boolean configInImage =
          prometheus.get("configFile") != null && monitoring.get("metricsPropertiesFile") != null;
      if (!configInImage) {
        webhookOnly.add("monitoring (JMX exporter config from the operator's ConfigMap)");
      }
      int port =
          prometheus.get("port") == null
              ? DEFAULT_PROMETHEUS_PORT
              : ((Number) prometheus.get("port")).intValue();
      String javaOption =
          prometheus.get("configFile") != null
              ? "-javaagent:%s=%d:%s"
                  .formatted(prometheus.get("jmxExporterJar"), port, prometheus.get("configFile"))
              : "-javaagent:%s=%d:%s/prometheus.yaml"
                  .formatted(prometheus.get("jmxExporterJar"), port, PROMETHEUS_CONFIG_MOUNT);
      sparkConf.put("spark.metrics.namespace", namespace + "." + name);
      sparkConf.put(
          "spark.metrics.conf",
          monitoring.get("metricsPropertiesFile") != null
              ? (String) monitoring.get("metricsPropertiesFile")
              : PROMETHEUS_CONFIG_MOUNT + "/metrics.properties");
      if (Boolean.TRUE.equals(monitoring.get("exposeDriverMetrics"))) {
        exposeMetrics(driver, port, javaOption);
      }
      if (Boolean.TRUE.equals(monitoring.get("exposeExecutorMetrics"))) {
        exposeMetrics(executor, port, javaOption);
      }
    }

    for (String field : List.of("sparkConfigMap", "hadoopConfigMap")) {
      if (spec.get(field) != null) {
        webhookOnly.add(field);
      }
    }
    Map<String, Map<String, Object>> localVolumes = new TreeMap<>();
    for (Object v : list(spec.get("volumes"))) {
      Map<String, Object> volume = map(v);
      String volumeName = (String) volume.get("name");
      if (volumeName.startsWith(SPARK_LOCAL_DIR_PREFIX)) {
        localVolumes.put(volumeName, volume);
      } else {
        webhookOnly.add("volumes/" + volumeName);
      }
    }
    for (String role : List.of("driver", "executor")) {
      Map<String, Object> pod = role.equals("driver") ? driver : executor;
      for (String field : WEBHOOK_ONLY_POD_FIELDS) {
        if (pod.get(field) != null) {
          webhookOnly.add(role + "/" + field);
        }
      }
      for (Object m : list(pod.get("volumeMounts"))) {
        String mountName = (String) map(m).get("name");
        if (!mountName.startsWith(SPARK_LOCAL_DIR_PREFIX)) {
          webhookOnly.add(role + "/volumeMounts/" + mountName);
        }
      }
      if (pod.get("secrets") != null) {
        throw new UnsupportedOperationException(role + ".secrets is not translated here");
      }
    }

    List<String> args = new ArrayList<>();
    // masterOption, deployModeOption, mainClassOption, nameOption
    args.addAll(List.of("--master", masterUrl, "--deploy-mode", (String) spec.get("mode")));
    if (spec.get("mainClass") != null) {
      args.addAll(List.of("--class", (String) spec.get("mainClass")));
    }
    args.addAll(List.of("--name", name));
    // dependenciesOption
    Map<String, Object> deps = map(spec.get("deps"));
    for (String kind :
        List.of("jars", "packages", "excludePackages", "repositories", "pyFiles", "files")) {
      if (!list(deps.get(kind)).isEmpty()) {
        String flag = "--" + kind.replaceAll("([A-Z])", "-$1").toLowerCase();
        args.addAll(List.of(flag, String.join(",", (List<String>) deps.get(kind))));
      }
    }
    // namespaceOption, imageOption, memoryOverheadFactorOption, submissionWaitAppCompletionOption
    conf(args, "spark.kubernetes.namespace", namespace);
    if (spec.get("image") != null) {
      conf(args, "spark.kubernetes.container.image", spec.get("image"));
    }
    if (spec.get("imagePullPolicy") != null) {
      conf(args, "spark.kubernetes.container.image.pullPolicy", spec.get("imagePullPolicy"));
    }
    if (!list(spec.get("imagePullSecrets")).isEmpty()) {
      conf(
          args,
          "spark.kubernetes.container.image.pullSecrets",
          String.join(",", (List<String>) spec.get("imagePullSecrets")));
    }
    if (spec.get("memoryOverheadFactor") != null) {
      conf(args, "spark.kubernetes.memoryOverheadFactor", spec.get("memoryOverheadFactor"));
    }
    conf(args, "spark.kubernetes.submission.waitAppCompletion", "false");
    // sparkConfOption, hadoopConfOption
    sparkConf.forEach(
        (k, v) -> {
          if (!k.equals("spark.kubernetes.driver.pod.name")) {
            conf(args, k, v);
          }
        });
    new TreeMap<>(strings(spec.get("hadoopConf")))
        .forEach((k, v) -> conf(args, "spark.hadoop." + k, v));
    // driverPodTemplateOption, driverPodNameOption, driverConfOption, driverEnvOption,
    // driverVolumeMountsOption
    if (driver.get("template") != null) {
      Path file = writeTemplate(workDir, submissionId, "driver", driver.get("template"));
      conf(args, "spark.kubernetes.driver.podTemplateFile", file);
      conf(args, "spark.kubernetes.driver.podTemplateContainerName", "spark-kubernetes-driver");
    }
    String podName =
        driver.get("podName") != null ? (String) driver.get("podName") : name + "-driver";
    conf(args, "spark.kubernetes.driver.pod.name", podName);
    podConf(args, "driver", name, appLabels, driver, submissionId, spec);
    new TreeMap<>(strings(driver.get("envVars")))
        .forEach((k, v) -> conf(args, "spark.kubernetes.driverEnv." + k, v));
    localVolumeConf(args, "driver", driver, localVolumes);
    // executorPodTemplateOption, executorConfOption, executorEnvOption, executorVolumeMountsOption
    if (executor.get("template") != null) {
      Path file = writeTemplate(workDir, submissionId, "executor", executor.get("template"));
      conf(args, "spark.kubernetes.executor.podTemplateFile", file);
      conf(args, "spark.kubernetes.executor.podTemplateContainerName", "spark-kubernetes-executor");
    }
    podConf(args, "executor", name, appLabels, executor, submissionId, spec);
    new TreeMap<>(strings(executor.get("envVars")))
        .forEach((k, v) -> conf(args, "spark.executorEnv." + k, v));
    localVolumeConf(args, "executor", executor, localVolumes);
    // nodeSelectorOption, dynamicAllocationOption
    new TreeMap<>(strings(spec.get("nodeSelector")))
        .forEach((k, v) -> conf(args, "spark.kubernetes.node.selector." + k, v));
    Map<String, Object> dynamic = map(spec.get("dynamicAllocation"));
    if (Boolean.TRUE.equals(dynamic.get("enabled"))) {
      throw new UnsupportedOperationException("dynamicAllocation is not translated here");
    }
    // proxyUserOption, mainApplicationFileOption, applicationOption
    if (spec.get("proxyUser") != null) {
      args.addAll(List.of("--proxy-user", (String) spec.get("proxyUser")));
    }
    if (spec.get("mainApplicationFile") != null) {
      args.add((String) spec.get("mainApplicationFile"));
    }
    for (Object argument : list(spec.get("arguments"))) {
      args.add((String) argument);
    }
    return new Command(List.copyOf(args), List.copyOf(webhookOnly));
  }

  private static void exposeMetrics(Map<String, Object> pod, int port, String javaOption) {
    Map<String, Object> annotations = new TreeMap<>(map(pod.get("annotations")));
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", Integer.toString(port));
    annotations.put("prometheus.io/path", "/metrics");
    pod.put("annotations", annotations);
    Object existing = pod.get("javaOptions");
    pod.put("javaOptions", existing == null ? javaOption : existing + " " + javaOption);
  }

  /** driverConfOption / executorConfOption. */
  private static void podConf(
      List<String> args,
      String role,
      String name,
      Map<String, String> appLabels,
      Map<String, Object> pod,
      String submissionId,
      Map<String, Object> spec) {
    String label = "spark.kubernetes." + role + ".label.";
    conf(args, label + LABEL_APP_NAME, name);
    conf(args, label + LABEL_LAUNCHED, "true");
    // Spark >= 3 with a pod template: the operator does not mark the pod for its webhook.
    if (pod.get("template") == null) {
      conf(args, label + LABEL_MUTATED, "true");
    }
    conf(args, label + LABEL_SUBMISSION_ID, submissionId);
    boolean driver = role.equals("driver");
    if (!driver && pod.get("instances") != null) {
      conf(args, "spark.executor.instances", pod.get("instances"));
    }
    Object image = pod.get("image") != null ? pod.get("image") : spec.get("image");
    if (image != null) {
      conf(args, "spark.kubernetes." + role + ".container.image", image);
    }
    if (pod.get("cores") != null) {
      conf(args, "spark." + role + ".cores", pod.get("cores"));
    }
    if (pod.get("coreRequest") != null) {
      conf(args, "spark.kubernetes." + role + ".request.cores", pod.get("coreRequest"));
    }
    if (pod.get("coreLimit") != null) {
      conf(args, "spark.kubernetes." + role + ".limit.cores", pod.get("coreLimit"));
    }
    if (pod.get("memory") != null) {
      conf(args, "spark." + role + ".memory", pod.get("memory"));
    }
    if (pod.get("memoryOverhead") != null) {
      conf(args, "spark." + role + ".memoryOverhead", pod.get("memoryOverhead"));
    }
    if (pod.get("serviceAccount") != null) {
      conf(
          args,
          "spark.kubernetes.authenticate." + role + ".serviceAccountName",
          pod.get("serviceAccount"));
    }
    if (driver && pod.get("javaOptions") != null) {
      conf(args, "spark.driver.extraJavaOptions", pod.get("javaOptions"));
    }
    if (driver && pod.get("kubernetesMaster") != null) {
      conf(args, "spark.kubernetes.driver.master", pod.get("kubernetesMaster"));
    }
    if (!driver && pod.get("deleteOnTermination") != null) {
      conf(args, "spark.kubernetes.executor.deleteOnTermination", pod.get("deleteOnTermination"));
    }
    new TreeMap<>(appLabels).forEach((k, v) -> conf(args, label + k, v));
    new TreeMap<>(strings(pod.get("labels"))).forEach((k, v) -> conf(args, label + k, v));
    new TreeMap<>(strings(pod.get("annotations")))
        .forEach((k, v) -> conf(args, "spark.kubernetes." + role + ".annotation." + k, v));
    if (driver) {
      new TreeMap<>(strings(pod.get("serviceLabels")))
          .forEach((k, v) -> conf(args, "spark.kubernetes.driver.service.label." + k, v));
      new TreeMap<>(strings(pod.get("serviceAnnotations")))
          .forEach((k, v) -> conf(args, "spark.kubernetes.driver.service.annotation." + k, v));
    }
    for (Map.Entry<String, Object> ref :
        new TreeMap<>(map(pod.get("envSecretKeyRefs"))).entrySet()) {
      Map<String, Object> value = map(ref.getValue());
      conf(
          args,
          "spark.kubernetes." + role + ".secretKeyRef." + ref.getKey(),
          value.get("name") + ":" + value.get("key"));
    }
    if (!driver && pod.get("javaOptions") != null) {
      conf(args, "spark.executor.extraJavaOptions", pod.get("javaOptions"));
    }
  }

  /** driverVolumeMountsOption / executorVolumeMountsOption: only spark-local-dir-* volumes. */
  private static void localVolumeConf(
      List<String> args,
      String role,
      Map<String, Object> pod,
      Map<String, Map<String, Object>> localVolumes) {
    for (Object m : list(pod.get("volumeMounts"))) {
      Map<String, Object> mount = map(m);
      String volumeName = (String) mount.get("name");
      Map<String, Object> volume = localVolumes.get(volumeName);
      if (volume == null) {
        continue;
      }
      String type;
      if (volume.get("emptyDir") != null) {
        type = "emptyDir";
      } else if (volume.get("persistentVolumeClaim") != null) {
        type = "persistentVolumeClaim";
      } else {
        throw new UnsupportedOperationException("volume type of " + volumeName);
      }
      String prefix = "spark.kubernetes." + role + ".volumes." + type + "." + volumeName;
      conf(args, prefix + ".mount.path", mount.get("mountPath"));
      if (type.equals("emptyDir") && map(volume.get("emptyDir")).get("sizeLimit") != null) {
        conf(args, prefix + ".options.sizeLimit", map(volume.get("emptyDir")).get("sizeLimit"));
      }
      if (type.equals("persistentVolumeClaim")) {
        conf(
            args,
            prefix + ".options.claimName",
            map(volume.get("persistentVolumeClaim")).get("claimName"));
      }
    }
  }

  private static Path writeTemplate(Path workDir, String submissionId, String role, Object pod) {
    try {
      Path file = workDir.resolve(submissionId).resolve(role + "-pod-template.yaml");
      Files.createDirectories(file.getParent());
      YAML.writeValue(file.toFile(), pod);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void conf(List<String> args, String key, Object value) {
    args.add("--conf");
    args.add(key + "=" + value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  private static List<Object> list(Object value) {
    return value == null ? List.of() : castList(value);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> castList(Object value) {
    return (List<Object>) value;
  }

  static Map<String, String> strings(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    map(value).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
