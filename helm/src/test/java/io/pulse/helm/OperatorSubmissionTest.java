package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.deploy.SparkSubmit;
import org.apache.spark.network.util.JavaUtils;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SparkApplication of every value set (and the run a ScheduledSparkApplication creates) goes
 * through the Spark Operator's submission path: {@link OperatorSubmission} builds the spark-submit
 * command the operator would run, Spark's own {@code SparkSubmit} (spark-kubernetes, the build's
 * Spark version) runs it against fabric8's mock API server, and the driver pod Spark creates is
 * checked. Spark rejects here what it would reject in the operator (e.g. a reserved label), and
 * whatever the pod needs must reach it without the operator's mutating webhook.
 */
class OperatorSubmissionTest {
  private static final PulseChart CHART = PulseChart.ofRepository();
  private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+)\\s*$");

  @TempDir Path work;

  static Stream<Arguments> applications() {
    return ValueSets.all()
        .flatMap(
            set -> {
              String rendered = CHART.render(set.values(CHART));
              return SparkApps.of(rendered).stream().map(app -> Arguments.of(set, app, rendered));
            });
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("applications")
  void sparkSubmitCreatesTheDriverPodTheChartMeans(
      ValueSets set, SparkApps.App app, String rendered) throws IOException {
    try (MockCluster cluster = MockCluster.start()) {
      String master = "k8s://" + cluster.masterUrl().replaceAll("/$", "");
      OperatorSubmission.Command command =
          OperatorSubmission.command(
              master,
              app.name(),
              cluster.namespace(),
              app.labels(),
              app.spec(),
              UUID.randomUUID().toString(),
              work);
      // Spark's own checks first (they are what fails a submission in the operator).
      new SparkSubmit().doSubmit(command.args().toArray(String[]::new));
      assertEquals(
          List.of(),
          command.webhookOnly(),
          app.name() + " relies on the operator's mutating webhook for these fields");

      Pod pod = cluster.client().pods().withName(app.name() + "-driver").get();
      assertNotNull(pod, "no driver pod created for " + app.name());
      Container container = pod.getSpec().getContainers().get(0);
      Map<String, Object> driver = app.driver();

      assertEquals(app.spec().get("image"), container.getImage());
      assertEquals(app.spec().get("imagePullPolicy"), container.getImagePullPolicy());
      List<String> args = container.getArgs();
      int mainClass = args.indexOf("--class");
      assertTrue(mainClass > 0, args::toString);
      assertEquals(app.spec().get("mainClass"), args.get(mainClass + 1));
      assertEquals(app.spec().get("mainApplicationFile"), args.get(mainClass + 2));
      assertEquals(app.arguments(), args.subList(mainClass + 3, args.size()));

      assertEquals(driver.get("serviceAccount"), pod.getSpec().getServiceAccountName());

      Map<String, String> labels = pod.getMetadata().getLabels();
      assertEquals("driver", labels.get("spark-role"));
      OperatorSubmission.strings(driver.get("labels"))
          .forEach((k, v) -> assertEquals(v, labels.get(k), "driver label " + k));
      assertEquals(app.name(), labels.get(OperatorSubmission.LABEL_APP_NAME));

      assertStateVolume(pod, container, app, rendered);
      assertTrue(
          PulseChart.objects(rendered).stream()
              .filter(o -> o.getKind().equals("NetworkPolicy"))
              .anyMatch(p -> NetworkPolicyTest.selects(p, labels)),
          "no NetworkPolicy selects the driver pod " + labels);

      assertEquals(
          logLevelOfTheServices(rendered),
          envValue(container, "LOG_LEVEL").orElse(null),
          "LOG_LEVEL of the driver");

      int uid = sparkImageUid();
      PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
      assertNotNull(podSecurity, "driver pod without a security context");
      assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot());
      assertEquals(uid, podSecurity.getRunAsUser());
      assertEquals(uid, podSecurity.getFsGroup(), "fsGroup lets uid " + uid + " write the claim");
      SecurityContext security = container.getSecurityContext();
      assertNotNull(security, "driver container without a security context");
      assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation());
      assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
      assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), "writable root filesystem");
      assertScratchOnEmptyDirs(pod, container);
      assertRpcAuthentication(cluster, pod, container);
      envValue(container, "KAFKA_SSL_TRUSTSTORE_LOCATION")
          .ifPresent(
              file -> {
                String dir = file.substring(0, file.lastIndexOf('/'));
                VolumeMount mount =
                    container.getVolumeMounts().stream()
                        .filter(m -> m.getMountPath().equals(dir))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("Kafka truststore not mounted"));
                assertTrue(
                    pod.getSpec().getVolumes().stream()
                        .anyMatch(
                            v -> v.getName().equals(mount.getName()) && v.getSecret() != null),
                    "Kafka truststore not from a Secret");
              });
      for (EnvVar env : container.getEnv()) {
        if (SecretsTest.SECRET_NAME.matcher(env.getName()).find()) {
          assertTrue(
              env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null,
              env.getName() + " of the driver is not from a Secret");
        }
      }

      Map<String, Quantity> requests = container.getResources().getRequests();
      Map<String, Quantity> limits = container.getResources().getLimits();
      assertEquals(
          Quantity.getAmountInBytes(new Quantity(String.valueOf(driver.get("cores")))),
          Quantity.getAmountInBytes(requests.get("cpu")));
      if (driver.get("coreLimit") != null) {
        assertEquals(
            Quantity.getAmountInBytes(new Quantity((String) driver.get("coreLimit"))),
            Quantity.getAmountInBytes(limits.get("cpu")));
      }
      long heapMiB = JavaUtils.byteStringAsMb((String) driver.get("memory"));
      // Spark adds the larger of 10% and 384 MiB of overhead for a JVM job.
      long podMiB = heapMiB + Math.max(384, (long) (heapMiB * 0.1));
      assertEquals(
          Quantity.getAmountInBytes(new Quantity(podMiB + "Mi")),
          Quantity.getAmountInBytes(requests.get("memory")));
      assertEquals(requests.get("memory"), limits.get("memory"));
    }
  }

  /**
   * With a claim, the checkpoints and the model live on it, mounted where the arguments point; with
   * an object store, nothing is mounted and the arguments name the store.
   */
  private static void assertStateVolume(
      Pod pod, Container container, SparkApps.App app, String rendered) {
    Optional<GenericKubernetesResource> claim =
        PulseChart.objects(rendered).stream()
            .filter(o -> o.getKind().equals("PersistentVolumeClaim"))
            .findFirst();
    String checkpoint = app.argument("checkpoint-location");
    String model = app.argument("model-registry");
    String archive = app.argument("archive-path");
    List<String> statePaths = Stream.of(checkpoint, model, archive).filter(p -> p != null).toList();
    assertFalse(statePaths.isEmpty(), app.name() + " has no state path argument");
    if (claim.isEmpty()) {
      statePaths.forEach(p -> assertTrue(p.matches("^[a-z0-9]+://.*"), p));
      return;
    }
    String claimName = claim.get().getMetadata().getName();
    Volume volume =
        pod.getSpec().getVolumes().stream()
            .filter(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && v.getPersistentVolumeClaim().getClaimName().equals(claimName))
            .findFirst()
            .orElseThrow(() -> new AssertionError("claim " + claimName + " is not a pod volume"));
    VolumeMount mount =
        container.getVolumeMounts().stream()
            .filter(m -> m.getName().equals(volume.getName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("claim " + claimName + " is not mounted"));
    for (String path : statePaths) {
      assertTrue(
          path.startsWith(mount.getMountPath() + "/"),
          path + " is not on the claim mounted at " + mount.getMountPath());
    }
    String csv = app.argument("input-csv");
    if (csv != null && csv.startsWith(mount.getMountPath() + "/")) {
      // The trainer's history is written by the init container, onto the same claim, before the
      // trainer reads it: Spark keeps the template's init container and adds the volume it names.
      var init =
          pod.getSpec().getInitContainers().stream()
              .filter(c -> c.getName().equals("simulated-history"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(app.name() + ": nothing writes " + csv));
      assertTrue(
          String.join(" ", init.getArgs()).contains("--output " + csv), init.getArgs()::toString);
      assertTrue(
          init.getVolumeMounts().stream()
              .anyMatch(
                  m ->
                      m.getName().equals(volume.getName())
                          && m.getMountPath().equals(mount.getMountPath())),
          "the init container writes onto the claim");
    }
  }

  /**
   * With a read-only root filesystem, whatever Spark and the JVM write goes to emptyDirs: /tmp, the
   * working directory and Spark's local dirs (SPARK_LOCAL_DIRS).
   */
  private static void assertScratchOnEmptyDirs(Pod pod, Container container) {
    List<String> writable = new java.util.ArrayList<>(List.of("/tmp", "/opt/spark/work-dir"));
    String localDirs = envValue(container, "SPARK_LOCAL_DIRS").orElse(null);
    assertNotNull(localDirs, "SPARK_LOCAL_DIRS not set on the driver");
    writable.addAll(List.of(localDirs.split(",")));
    for (String path : writable) {
      VolumeMount mount =
          container.getVolumeMounts().stream()
              .filter(m -> m.getMountPath().equals(path))
              .findFirst()
              .orElseThrow(() -> new AssertionError(path + " is not a mount of the driver"));
      Volume volume =
          pod.getSpec().getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      assertNotNull(volume.getEmptyDir(), path + " is not on an emptyDir");
      assertFalse(Boolean.TRUE.equals(mount.getReadOnly()), path + " is mounted read-only");
    }
  }

  /**
   * spark.authenticate is on, and driver and executors read the secret from the Secret mounted as a
   * file (so the driver gives executors no _SPARK_AUTH_SECRET env var).
   */
  private static void assertRpcAuthentication(MockCluster cluster, Pod pod, Container container) {
    Map<String, String> conf = driverConf(cluster, pod);
    assertEquals("true", conf.get("spark.authenticate"), "spark.authenticate");
    String driverFile = conf.get("spark.authenticate.secret.driver.file");
    assertNotNull(driverFile, "no spark.authenticate.secret.driver.file");
    assertEquals(driverFile, conf.get("spark.authenticate.secret.executor.file"));
    assertFalse(conf.containsKey("spark.authenticate.secret"), "the secret is in the conf");
    String dir = driverFile.substring(0, driverFile.lastIndexOf('/'));
    VolumeMount mount =
        container.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals(dir))
            .findFirst()
            .orElseThrow(() -> new AssertionError(dir + " is not mounted in the driver"));
    Volume volume =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertNotNull(volume.getSecret(), dir + " is not a Secret volume");
    assertEquals(
        conf.get("spark.kubernetes.executor.secrets." + volume.getSecret().getSecretName()),
        dir,
        "executors do not get the secret at the same path");
    assertTrue(
        container.getEnv().stream().noneMatch(e -> e.getName().equals("_SPARK_AUTH_SECRET")));
  }

  /** The driver's Spark configuration: spark.properties of the ConfigMap spark-submit made. */
  private static Map<String, String> driverConf(MockCluster cluster, Pod pod) {
    String configMap =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null && v.getName().startsWith("spark-conf-volume"))
            .map(v -> v.getConfigMap().getName())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no spark-conf volume on the driver"));
    String properties =
        cluster.client().configMaps().withName(configMap).get().getData().get("spark.properties");
    java.util.Properties p = new java.util.Properties();
    try {
      p.load(new java.io.StringReader(properties));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> out = new java.util.TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  private static Optional<String> envValue(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst();
  }

  /** One log level for services and jobs: the value the Deployments render. */
  private static String logLevelOfTheServices(String rendered) {
    return PulseChart.objects(rendered).stream()
        .filter(o -> o.getKind().equals("Deployment"))
        .flatMap(
            o -> {
              @SuppressWarnings("unchecked")
              List<Map<String, Object>> containers =
                  (List<Map<String, Object>>) o.get("spec", "template", "spec", "containers");
              @SuppressWarnings("unchecked")
              List<Map<String, Object>> env =
                  (List<Map<String, Object>>) containers.get(0).get("env");
              return env.stream();
            })
        .filter(e -> "LOG_LEVEL".equals(e.get("name")))
        .map(e -> (String) e.get("value"))
        .findFirst()
        .orElseThrow();
  }

  /** The uid the Spark image runs as: the last USER of Dockerfile.spark. */
  static int sparkImageUid() throws IOException {
    String dockerfile = Files.readString(CHART.dir().resolve("../../Dockerfile.spark").normalize());
    Matcher m = USER.matcher(dockerfile);
    String uid = null;
    while (m.find()) {
      uid = m.group(1);
    }
    assertNotNull(uid, "Dockerfile.spark sets no numeric USER");
    return Integer.parseInt(uid);
  }
}
