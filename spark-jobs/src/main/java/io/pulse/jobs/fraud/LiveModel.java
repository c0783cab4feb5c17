package io.pulse.jobs.fraud;

import io.pulse.jobs.PipelineStatusReporter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's live model as FraudScoring uses it: waited for before the queries start (a fresh
 * install has none until the first training run), then looked up again between micro-batches, at
 * most once per check interval, so a promotion or rollback takes effect without a restart. Only the
 * scoring query's thread calls {@link #current()}, once per micro-batch, so a batch is scored by
 * one version from its first row to its last.
 */
final class LiveModel {
  /** The pipeline state FraudScoring reports while the registry has no live version. */
  static final String WAITING_FOR_MODEL = "WAITING_FOR_MODEL";

  private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);

  private final SparkSession spark;
  private final ModelRegistry registry;
  private final Double thresholdOverride;
  private final long checkIntervalNanos;
  private FraudScoring.Model model;
  private long checkedAt;

  private LiveModel(
      SparkSession spark,
      ModelRegistry registry,
      Double thresholdOverride,
      Duration checkInterval,
      FraudScoring.Model model) {
    this.spark = spark;
    this.registry = registry;
    this.thresholdOverride = thresholdOverride;
    this.checkIntervalNanos = checkInterval.toNanos();
    this.model = model;
    this.checkedAt = System.nanoTime();
  }

  /**
   * Blocks until the registry names a live version and loads it; meanwhile reports {@link
   * #WAITING_FOR_MODEL} through the session's status reporter (when it has one) at every poll.
   */
  static LiveModel await(SparkSession spark, ModelRegistry registry, FraudScoringOptions options) {
    Optional<PipelineStatusReporter> reporter =
        Arrays.stream(spark.streams().listListeners())
            .filter(PipelineStatusReporter.class::isInstance)
            .map(PipelineStatusReporter.class::cast)
            .findFirst();
    Optional<String> live = registry.state().live();
    while (live.isEmpty()) {
      String detail =
          "no live model version in " + registry.root() + " yet; run FraudModelTrainer with it";
      LOG.info(detail);
      reporter.ifPresent(r -> r.reportWaiting(WAITING_FOR_MODEL, detail));
      try {
        Thread.sleep(options.modelWaitInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a model", e);
      }
      live = registry.state().live();
    }
    FraudScoring.Model first = load(spark, registry, live.get(), options.threshold());
    LOG.info("scoring with model version {}", first.version());
    return new LiveModel(spark, registry, options.threshold(), options.modelCheckInterval(), first);
  }

  /**
   * The model for the next micro-batch: the registry's live version, read again when the check
   * interval has passed. A version that cannot be loaded leaves the current one scoring (and is
   * tried again at the next check), so a bad promotion does not stop the alerts.
   */
  FraudScoring.Model current() {
    long now = System.nanoTime();
    if (now - checkedAt < checkIntervalNanos) {
      return model;
    }
    checkedAt = now;
    try {
      Optional<String> live = registry.state().live();
      if (live.isPresent() && !live.get().equals(model.version())) {
        FraudScoring.Model next = load(spark, registry, live.get(), thresholdOverride);
        LOG.info("model version {} replaces {}", next.version(), model.version());
        model = next;
      }
    } catch (RuntimeException e) {
      LOG.warn("keeping model version {}: cannot load the live one: {}", model.version(), e);
    }
    return model;
  }

  private static FraudScoring.Model load(
      SparkSession spark, ModelRegistry registry, String version, Double thresholdOverride) {
    return FraudScoring.Model.load(spark, registry.pathOf(version), version, thresholdOverride);
  }
}
