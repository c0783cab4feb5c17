package io.pulse.jobs.fraud;

import io.pulse.jobs.PipelineStatusReporter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's live model, and its shadow candidate, as FraudScoring uses them: the live one
 * waited for before the queries start (a fresh install has none until the first training run), then
 * both looked up again between micro-batches, at most once per check interval, so a promotion,
 * rollback or new shadow takes effect without a restart. Only the scoring query's thread calls
 * {@link #current()}, once per micro-batch, so a batch is scored by one pair of versions from its
 * first row to its last.
 *
 * <p>The shadow never affects live scoring: one that cannot be loaded is left out (and tried again
 * at the next check), and its own threshold (from its metadata.json, never --threshold) only sets
 * its shadowAlert.
 */
final class LiveModel {
  /** The versions that score the next micro-batch; {@code shadow} null without a candidate. */
  record Models(FraudScoring.Model live, FraudScoring.Model shadow) {}

  /** The pipeline state FraudScoring reports while the registry has no live version. */
  static final String WAITING_FOR_MODEL = "WAITING_FOR_MODEL";

  private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);
  private static final Duration WAIT_LOG_INTERVAL = Duration.ofMinutes(1);

  private final SparkSession spark;
  private final ModelRegistry registry;
  private final Double thresholdOverride;
  private final long checkIntervalNanos;
  private final Consumer<ModelRegistry.State> onChange;
  private FraudScoring.Model model;
  private FraudScoring.Model shadow;
  private ModelRegistry.State seen;
  private long checkedAt;

  private LiveModel(
      SparkSession spark,
      ModelRegistry registry,
      Double thresholdOverride,
      Duration checkInterval,
      FraudScoring.Model model,
      ModelRegistry.State seen,
      Consumer<ModelRegistry.State> onChange) {
    this.spark = spark;
    this.registry = registry;
    this.thresholdOverride = thresholdOverride;
    this.checkIntervalNanos = checkInterval.toNanos();
    this.model = model;
    this.seen = seen;
    this.onChange = onChange;
    this.checkedAt = System.nanoTime();
    this.shadow = loadShadow(seen.shadow());
    notifyChange(seen);
  }

  /**
   * Blocks until the registry names a live version and loads it; meanwhile reports {@link
   * #WAITING_FOR_MODEL} through the session's status reporter (when it has one) at every poll.
   */
  static LiveModel await(SparkSession spark, ModelRegistry registry, FraudScoringOptions options) {
    return await(spark, registry, options, state -> {});
  }

  /**
   * As {@link #await(SparkSession, ModelRegistry, FraudScoringOptions)}; {@code onChange} hears the
   * registry's state once the live model is loaded, then each time a check finds it changed.
   */
  static LiveModel await(
      SparkSession spark,
      ModelRegistry registry,
      FraudScoringOptions options,
      Consumer<ModelRegistry.State> onChange) {
    Optional<PipelineStatusReporter> reporter =
        Arrays.stream(spark.streams().listListeners())
            .filter(PipelineStatusReporter.class::isInstance)
            .map(PipelineStatusReporter.class::cast)
            .findFirst();
    ModelRegistry.State state = registry.state();
    long lastLogged = 0;
    while (state.live().isEmpty()) {
      String detail =
          "no live model version in " + registry.root() + " yet; run FraudModelTrainer with it";
      // The registry is polled every few seconds; the log says so once a minute, not every poll.
      if (lastLogged == 0 || System.nanoTime() - lastLogged >= WAIT_LOG_INTERVAL.toNanos()) {
        LOG.info(detail);
        lastLogged = System.nanoTime();
      }
      reporter.ifPresent(r -> r.reportWaiting(WAITING_FOR_MODEL, detail));
      try {
        Thread.sleep(options.modelWaitInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a model", e);
      }
      state = registry.state();
    }
    FraudScoring.Model first = load(spark, registry, state.live().get(), options.threshold());
    LOG.info("scoring with model version {}", first.version());
    return new LiveModel(
        spark, registry, options.threshold(), options.modelCheckInterval(), first, state, onChange);
  }

  /**
   * The models for the next micro-batch: the registry's live version and shadow candidate, read
   * again when the check interval has passed. A live version that cannot be loaded leaves the
   * current one scoring (and is tried again at the next check), so a bad promotion does not stop
   * the alerts; a shadow that cannot be loaded is left out.
   */
  Models current() {
    long now = System.nanoTime();
    if (now - checkedAt < checkIntervalNanos) {
      return new Models(model, shadow);
    }
    checkedAt = now;
    ModelRegistry.State state;
    try {
      state = registry.state();
    } catch (Exception e) {
      LOG.warn("keeping model versions: cannot read the registry: {}", e.toString());
      return new Models(model, shadow);
    }
    try {
      Optional<String> live = state.live();
      if (live.isPresent() && !live.get().equals(model.version())) {
        FraudScoring.Model next = load(spark, registry, live.get(), thresholdOverride);
        LOG.info("model version {} replaces {}", next.version(), model.version());
        model = next;
      }
    } catch (Exception e) { // Spark throws its checked AnalysisException undeclared
      LOG.warn("keeping model version {}: cannot load the live one: {}", model.version(), e);
    }
    Optional<String> shadowVersion = state.shadow();
    if (!shadowVersion.equals(Optional.ofNullable(shadow).map(FraudScoring.Model::version))) {
      shadow = loadShadow(shadowVersion);
    }
    if (!state.equals(seen)) {
      seen = state;
      notifyChange(state);
    }
    return new Models(model, shadow);
  }

  private FraudScoring.Model loadShadow(Optional<String> version) {
    if (version.isEmpty()) {
      return null;
    }
    try {
      FraudScoring.Model m = load(spark, registry, version.get(), null);
      LOG.info("shadow model version {} scores beside the live one", m.version());
      return m;
    } catch (Exception e) { // Spark throws its checked AnalysisException undeclared
      LOG.warn("no shadow scoring: cannot load shadow version {}: {}", version.get(), e);
      return null;
    }
  }

  private void notifyChange(ModelRegistry.State state) {
    try {
      onChange.accept(state);
    } catch (Exception e) { // a failed Kafka write throws the checked SparkException undeclared
      LOG.warn("cannot publish the registry's state: {}", e.toString());
    }
  }

  private static FraudScoring.Model load(
      SparkSession spark, ModelRegistry registry, String version, Double thresholdOverride) {
    return FraudScoring.Model.load(spark, registry.pathOf(version), version, thresholdOverride);
  }
}
