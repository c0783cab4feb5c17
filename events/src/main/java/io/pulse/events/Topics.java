package io.pulse.events;

/** Kafka topic names. Results topics are compacted: one record per key is the current value. */
public final class Topics {
  public static final String ORDER_STATUS_EVENTS = "orders.status-events";
  public static final String SOCIAL_POSTS = "social.posts";
  public static final String BANK_TRANSACTIONS = "bank.transactions";
  public static final String FRAUD_LABELS = "bank.fraud-labels";

  /**
   * Every transaction FraudScoring scored (id, time, amount, score, alert): internal, the input of
   * the per-minute fraud summary.
   */
  public static final String SCORED_TRANSACTIONS = "bank.transactions.scored";

  public static final String ORDER_STATUS_COUNTS = "analytics.order-status-counts";
  public static final String SENTIMENT_WINDOWS = "analytics.sentiment-windows";
  public static final String SCORED_POSTS = "analytics.scored-posts";
  public static final String FRAUD_ALERTS = "analytics.fraud-alerts";
  public static final String FRAUD_SUMMARY = "analytics.fraud-summary";

  /** Progress reports of the streaming jobs, keyed by pipeline name (compacted). */
  public static final String PIPELINE_STATUS = "analytics.pipeline-status";

  /** Every results topic starts with this; the results service subscribes to the pattern. */
  public static final String ANALYTICS_PREFIX = "analytics.";

  private Topics() {}

  /** Where records of {@code topic} that cannot be decoded go, with the reason. */
  public static String deadLetter(String topic) {
    return topic + ".dlq";
  }
}
