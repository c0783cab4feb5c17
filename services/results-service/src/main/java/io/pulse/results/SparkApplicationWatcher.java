package io.pulse.results;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On Kubernetes: watches the Spark Operator's SparkApplications of this release (an informer: one
 * list, then a watch stream, no polling per request) and hands each one's state to the pipelines
 * view. Active only where the chart sets {@code PULSE_SPARK_APPLICATION_SELECTOR}; elsewhere the
 * jobs' own reports are all there is.
 */
@Context
@Requires(property = "pulse.spark.application.selector")
public class SparkApplicationWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(SparkApplicationWatcher.class);

  /** The chart labels each SparkApplication with its pipeline's name. */
  static final String PIPELINE_LABEL = "app.kubernetes.io/component";

  private static final ResourceDefinitionContext SPARK_APPLICATIONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("sparkoperator.k8s.io")
          .withVersion("v1beta2")
          .withKind("SparkApplication")
          .withPlural("sparkapplications")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final SharedIndexInformer<GenericKubernetesResource> informer;

  public SparkApplicationWatcher(
      PipelinesView view,
      @Value("${pulse.spark.application.selector}") String selector,
      @Nullable @Value("${kubernetes.namespace:}") String namespace,
      @Nullable @Value("${pulse.kubernetes.master-url:}") String masterUrl) {
    ConfigBuilder config = new ConfigBuilder(Config.autoConfigure(null));
    if (masterUrl != null && !masterUrl.isBlank()) {
      config.withMasterUrl(masterUrl);
    }
    if (namespace != null && !namespace.isBlank()) {
      config.withNamespace(namespace);
    }
    this.client = new KubernetesClientBuilder().withConfig(config.build()).build();
    this.informer =
        client
            .genericKubernetesResources(SPARK_APPLICATIONS)
            .inNamespace(client.getNamespace())
            .withLabelSelector(selector)
            .inform(handler(view), 0);
    LOG.info("watching SparkApplications in {} with {}", client.getNamespace(), selector);
  }

  private static ResourceEventHandler<GenericKubernetesResource> handler(PipelinesView view) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource app) {
        view.updateCluster(pipeline(app), state(app), errorMessage(app));
      }

      @Override
      public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource app) {
        onAdd(app);
      }

      @Override
      public void onDelete(GenericKubernetesResource app, boolean finalStateUnknown) {
        view.updateCluster(
            pipeline(app),
            "DELETED",
            "SparkApplication " + app.getMetadata().getName() + " was deleted");
      }
    };
  }

  static String pipeline(GenericKubernetesResource app) {
    Map<String, String> labels = app.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(PIPELINE_LABEL);
    return label != null ? label : app.getMetadata().getName();
  }

  /**
   * {@code status.applicationState.state}; a new application has no status until the operator sees
   * it.
   */
  static String state(GenericKubernetesResource app) {
    Object state = nested(app, "applicationState", "state");
    return state == null ? "SUBMITTED" : state.toString();
  }

  static String errorMessage(GenericKubernetesResource app) {
    Object message = nested(app, "applicationState", "errorMessage");
    return message == null || message.toString().isBlank() ? null : message.toString();
  }

  private static Object nested(GenericKubernetesResource app, String... path) {
    Object node = app.getAdditionalProperties().get("status");
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }

  @PreDestroy
  void close() {
    informer.close();
    client.close();
  }
}
