package io.pulse.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8's mock API server in CRUD mode (objects are stored, listed and watched like on a real API
 * server, without admission or controllers) that knows the custom resources Pulse renders. Tests
 * apply the chart's rendering to it and point a client, or results-service, at {@link
 * #masterUrl()}.
 *
 * <pre>{@code
 * try (MockCluster cluster = MockCluster.start()) {
 *   cluster.apply(PulseChart.ofRepository().render());
 *   cluster.setSparkApplicationState("pulse-order-status-counts", "RUNNING");
 * }
 * }</pre>
 */
public final class MockCluster implements AutoCloseable {
  /** The Spark Operator's SparkApplication, as the results-service watcher reads it. */
  public static final ResourceDefinitionContext SPARK_APPLICATION =
      context("sparkoperator.k8s.io", "v1beta2", "SparkApplication", "sparkapplications");

  public static final ResourceDefinitionContext SCHEDULED_SPARK_APPLICATION =
      context(
          "sparkoperator.k8s.io",
          "v1beta2",
          "ScheduledSparkApplication",
          "scheduledsparkapplications");

  private static final List<ResourceDefinitionContext> CUSTOM_RESOURCES =
      List.of(
          SPARK_APPLICATION,
          SCHEDULED_SPARK_APPLICATION,
          context("kafka.strimzi.io", "v1", "Kafka", "kafkas"),
          context("kafka.strimzi.io", "v1", "KafkaNodePool", "kafkanodepools"),
          context("kafka.strimzi.io", "v1", "KafkaTopic", "kafkatopics"),
          context("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors"));

  private final KubernetesMockServer server;
  private final KubernetesClient serverClient;
  private final KubernetesClient client;
  private final String namespace;

  private MockCluster(KubernetesMockServer server, String namespace) {
    this.server = server;
    this.namespace = namespace;
    this.serverClient = server.createClient();
    this.client = serverClient.adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
  }

  /** Starts an empty cluster whose clients work in {@link PulseChart#NAMESPACE}. */
  public static MockCluster start() {
    return start(PulseChart.NAMESPACE);
  }

  public static MockCluster start(String namespace) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new ServerSideApplyDispatcher(),
            false);
    server.init();
    MockCluster cluster = new MockCluster(server, namespace);
    for (ResourceDefinitionContext crd : CUSTOM_RESOURCES) {
      cluster.client.apiextensions().v1().customResourceDefinitions().resource(crd(crd)).create();
    }
    return cluster;
  }

  /**
   * A client working in this cluster's namespace; {@code client().getConfiguration()} is the
   * configuration to hand to code under test.
   */
  public KubernetesClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  /** The API server's URL, for a client configured from outside (e.g. results-service). */
  public String masterUrl() {
    return server.url("/");
  }

  /** Creates every object of a rendering in this cluster's namespace; returns what was stored. */
  public List<HasMetadata> apply(String rendered) {
    List<HasMetadata> created = new ArrayList<>();
    for (GenericKubernetesResource object : PulseChart.objects(rendered)) {
      created.add(client.resource(object).inNamespace(namespace).create());
    }
    return created;
  }

  /** The SparkApplications of the namespace, as stored. */
  public List<GenericKubernetesResource> sparkApplications() {
    return client
        .genericKubernetesResources(SPARK_APPLICATION)
        .inNamespace(namespace)
        .list()
        .getItems();
  }

  /**
   * Sets {@code status.applicationState.state} of a SparkApplication as the Spark Operator would
   * (e.g. SUBMITTED, RUNNING, FAILED), so a watcher sees a MODIFIED event.
   */
  public GenericKubernetesResource setSparkApplicationState(String name, String state) {
    return client
        .genericKubernetesResources(SPARK_APPLICATION)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            app -> {
              Map<String, Object> status = new HashMap<>();
              status.put("applicationState", Map.of("state", state));
              app.setAdditionalProperty("status", status);
              return app;
            });
  }

  @Override
  public void close() {
    client.close();
    serverClient.close();
    server.destroy();
  }

  private static ResourceDefinitionContext context(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  /** A minimal CRD: enough for the CRUD dispatcher to route the kind; no schema (see the tests). */
  private static CustomResourceDefinition crd(ResourceDefinitionContext c) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(c.getPlural() + "." + c.getGroup())
        .endMetadata()
        .withNewSpec()
        .withGroup(c.getGroup())
        .withScope("Namespaced")
        .withNewNames()
        .withKind(c.getKind())
        .withPlural(c.getPlural())
        .withSingular(c.getKind().toLowerCase(java.util.Locale.ROOT))
        .endNames()
        .addNewVersion()
        .withName(c.getVersion())
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  /**
   * The CRUD dispatcher plus the one server-side apply case clients rely on: applying an object
   * that does not exist creates it, as the API server does. fabric8's CRUD mode answers 404 there,
   * and Spark's submission client applies the driver's Service and ConfigMap that way.
   */
  static final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      String type = request.getHeader("Content-Type");
      if (type != null && type.startsWith("application/apply-patch")) {
        String path = request.getPath().split("\\?", 2)[0];
        if (handleGet(path).code() == 404) {
          String collection = path.substring(0, path.lastIndexOf('/'));
          return handleCreate(
              new RecordedRequest(
                  request.getHttpVersion(),
                  HttpMethod.POST,
                  collection,
                  request.getHeaders(),
                  request.getBody()));
        }
      }
      return super.handlePatch(request);
    }
  }
}
