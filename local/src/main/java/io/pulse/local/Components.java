package io.pulse.local;

import io.pulse.events.Pipeline;
import io.pulse.simulator.social.SocialTrafficSimulator;
import java.util.List;
import java.util.Map;

/**
 * Every deployable of Pulse, once: the runner starts them in this order, the end-to-end tests and
 * the benchmarks pick theirs from here, and a test holds the chart's values to it (service names,
 * ports, job main classes).
 */
public final class Components {
  public static final Component ORDER_INGEST =
      Component.service("order-ingest", 8081, "ORDER_INGEST_PORT", "/v1/orders/events", Map.of());

  /** The simulator's products are tracked, so the per-product windows have posts. */
  public static final Component SOCIAL_INGEST =
      Component.service(
          "social-ingest",
          8082,
          "SOCIAL_INGEST_PORT",
          "/v1/social/{facebook,twitter,reviews}",
          Map.of(
              "PULSE_SOCIAL_INGEST_TRACKED_PRODUCTS",
              String.join(",", SocialTrafficSimulator.PRODUCTS)));

  public static final Component TRANSACTION_GATEWAY =
      Component.service(
          "transaction-gateway", 8083, "TRANSACTION_GATEWAY_PORT", "/v1/transactions", Map.of());

  public static final Component RESULTS_SERVICE =
      Component.service("results-service", 8080, "RESULTS_SERVICE_PORT", "", Map.of());

  public static final Component ORDER_STATUS_COUNTS =
      Component.streamingJob(
          Pipeline.ORDER_STATUS_COUNTS.id(), "io.pulse.jobs.commerce.OrderStatusCounts", false);

  public static final Component SOCIAL_SENTIMENT =
      Component.streamingJob(
          Pipeline.SOCIAL_SENTIMENT.id(), "io.pulse.jobs.sentiment.SocialSentiment", false);

  public static final Component FRAUD_SCORING =
      Component.streamingJob(Pipeline.FRAUD_SCORING.id(), "io.pulse.jobs.fraud.FraudScoring", true);

  /** Trains the model FraudScoring loads: locally once, on Kubernetes on a schedule. */
  public static final Component FRAUD_MODEL_TRAINER =
      Component.batchJob("fraud-model-trainer", "io.pulse.jobs.fraud.FraudModelTrainer", "2g");

  /**
   * The file whose presence means the model registry has a version (spark-jobs' {@code
   * ModelRegistry.STATE_FILE}, which the runner does not link against; ComponentsTest holds them
   * together).
   */
  static final String MODEL_REGISTRY_STATE = "registry.json";

  /**
   * Under the work dir (locally) or the state mount (the chart's {@code <state>/archive/fraud}):
   * FraudScoring's training archive, what {@code ./pulse train --input-archive} reads.
   */
  static final String FRAUD_ARCHIVE = "archive/fraud";

  private Components() {}

  /** The services, in the order the runner starts them. */
  public static List<Component> services() {
    return List.of(ORDER_INGEST, SOCIAL_INGEST, TRANSACTION_GATEWAY, RESULTS_SERVICE);
  }

  /** The streaming jobs, in the order the runner starts them. */
  public static List<Component> streamingJobs() {
    return List.of(ORDER_STATUS_COUNTS, SOCIAL_SENTIMENT, FRAUD_SCORING);
  }

  /** The service that takes {@code pipeline}'s input. */
  public static Component ingestOf(Pipeline pipeline) {
    return switch (pipeline) {
      case ORDER_STATUS_COUNTS -> ORDER_INGEST;
      case SOCIAL_SENTIMENT -> SOCIAL_INGEST;
      case FRAUD_SCORING -> TRANSACTION_GATEWAY;
    };
  }

  /** The streaming job of {@code pipeline}. */
  public static Component jobOf(Pipeline pipeline) {
    return streamingJobs().stream()
        .filter(j -> j.name().equals(pipeline.id()))
        .findFirst()
        .orElseThrow();
  }

  /** Everything, services first. */
  public static List<Component> all() {
    return List.of(
        ORDER_INGEST,
        SOCIAL_INGEST,
        TRANSACTION_GATEWAY,
        RESULTS_SERVICE,
        ORDER_STATUS_COUNTS,
        SOCIAL_SENTIMENT,
        FRAUD_SCORING,
        FRAUD_MODEL_TRAINER);
  }
}
