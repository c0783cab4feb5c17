package io.pulse.events;

import java.time.Instant;

/**
 * The key of every record on an {@code analytics.*} topic: result type + group, joined by {@link
 * #SEPARATOR}, so a compacted topic keeps one record (the current value) per group and a replay
 * overwrites. The jobs that write a result and the service that reads it both build keys here (a
 * Spark job that builds a key as a column uses the prefix and separator from here, and its test
 * holds it to the builder).
 */
public final class ResultKeys {
  public static final String SEPARATOR = "|";

  /** Prefix of a commerce window's key. */
  public static final String ORDER_STATUS_WINDOW = Pipeline.ORDER_STATUS_COUNTS.id();

  /** Prefix of a sentiment window's key. */
  public static final String SENTIMENT_WINDOW = Pipeline.SOCIAL_SENTIMENT.id();

  /** Prefix of a fraud summary minute's key. */
  public static final String FRAUD_SUMMARY = "fraud-summary";

  /** Prefix of a model version's counts. */
  public static final String FRAUD_MODEL = "fraud-model";

  /** The key of the model registry's state (live, shadow, previous, versions). */
  public static final String FRAUD_REGISTRY = "fraud-registry";

  /** Stands for "all products" in a sentiment window's key, where null cannot be written. */
  public static final String ALL_PRODUCTS = "*";

  private ResultKeys() {}

  public static String orderStatusWindow(Instant windowStart) {
    return ORDER_STATUS_WINDOW + SEPARATOR + windowStart;
  }

  public static String sentimentWindow(Instant windowStart, String source, String product) {
    return SENTIMENT_WINDOW
        + SEPARATOR
        + windowStart
        + SEPARATOR
        + source
        + SEPARATOR
        + (product == null ? ALL_PRODUCTS : product);
  }

  /** A scored post keeps its input key, so a redelivered post lands on the same key. */
  public static String scoredPost(String source, String sourcePostId) {
    return source + SEPARATOR + sourcePostId;
  }

  public static String fraudAlert(String transactionId) {
    return transactionId;
  }

  public static String fraudSummary(Instant windowStart) {
    return FRAUD_SUMMARY + SEPARATOR + windowStart;
  }

  public static String fraudModel(String version) {
    return FRAUD_MODEL + SEPARATOR + version;
  }

  public static String pipelineStatus(String pipeline) {
    return pipeline;
  }
}
