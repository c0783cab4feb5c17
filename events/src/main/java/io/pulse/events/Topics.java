package io.pulse.events;

import io.pulse.events.TopicSpec.CleanupPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The topic catalog: every topic Pulse uses, by name and with how it is kept ({@link #catalog()}).
 * Inputs are partitioned by their key and deleted by age, dead letters kept longer for inspection,
 * results compacted to the newest value per key. The local runner creates exactly these; the
 * services' configuration, results-service's subscription and the chart's KafkaTopics are held to
 * them by tests.
 */
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

  /**
   * Every label FraudScoring matched with its scored transaction (the scored record's fields plus
   * fraud, source, labelledAt), keyed by transactionId: internal, where labels without a terminal
   * get theirs for the terminal-risk features, and what per-version precision and recall count.
   */
  public static final String SCORED_LABELS = "bank.fraud-labels.scored";

  public static final String ORDER_STATUS_COUNTS = "analytics.order-status-counts";
  public static final String SENTIMENT_WINDOWS = "analytics.sentiment-windows";
  public static final String SCORED_POSTS = "analytics.scored-posts";
  public static final String FRAUD_ALERTS = "analytics.fraud-alerts";
  public static final String FRAUD_SUMMARY = "analytics.fraud-summary";

  /**
   * The model registry's state and each model version's counts (scored, alerts, labelled, confusion
   * matrix), keyed by {@link ResultKeys#FRAUD_REGISTRY} and {@link ResultKeys#fraudModel}.
   */
  public static final String FRAUD_MODELS = "analytics.fraud-models";

  /** Progress reports of the streaming jobs, keyed by pipeline name (compacted). */
  public static final String PIPELINE_STATUS = "analytics.pipeline-status";

  /** Every results topic starts with this; the results service subscribes to the pattern. */
  public static final String ANALYTICS_PREFIX = "analytics.";

  /** How long input events are kept: a week to replay a job from, or to backfill. */
  public static final Duration INPUT_RETENTION = Duration.ofDays(7);

  /**
   * How long results are kept: compaction keeps the newest value per key, and this deletes keys
   * older than it, so the topics (and results-service's replay at start) stay bounded.
   */
  public static final Duration RESULT_RETENTION = Duration.ofDays(30);

  /** How long dead letters are kept for someone to look at them. */
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

  private Topics() {}

  /**
   * Every topic, in the order a person reads them: inputs with their dead letters, then results.
   */
  public static List<TopicSpec> catalog() {
    List<TopicSpec> topics = new ArrayList<>();
    for (Pipeline pipeline : Pipeline.values()) {
      topics.add(
          new TopicSpec(
              pipeline.inputTopic(),
              6,
              CleanupPolicy.DELETE,
              INPUT_RETENTION,
              "input of " + pipeline.id()));
      topics.add(
          new TopicSpec(
              pipeline.deadLetterTopic(),
              1,
              CleanupPolicy.DELETE,
              DEAD_LETTER_RETENTION,
              "records of " + pipeline.inputTopic() + " that " + pipeline.id() + " could not use"));
    }
    topics.add(
        new TopicSpec(
            FRAUD_LABELS, 3, CleanupPolicy.COMPACT, null, "fraud labels, one per transaction"));
    topics.add(
        new TopicSpec(
            deadLetter(FRAUD_LABELS),
            1,
            CleanupPolicy.DELETE,
            DEAD_LETTER_RETENTION,
            "labels that fraud-scoring could not use"));
    topics.add(
        new TopicSpec(
            SCORED_TRANSACTIONS,
            6,
            CleanupPolicy.DELETE,
            INPUT_RETENTION,
            "every scored transaction: the input of the per-minute fraud summary"));
    // The newest label per transaction, kept as long as results: a month of per-version metrics.
    topics.add(
        new TopicSpec(
            SCORED_LABELS,
            3,
            CleanupPolicy.COMPACT_DELETE,
            RESULT_RETENTION,
            "every label matched with its scored transaction: terminal risk, per-version metrics"));
    for (Pipeline pipeline : Pipeline.values()) {
      for (String result : pipeline.resultTopics()) {
        topics.add(
            new TopicSpec(
                result,
                3,
                CleanupPolicy.COMPACT_DELETE,
                RESULT_RETENTION,
                "results of " + pipeline.id()));
      }
    }
    topics.add(
        new TopicSpec(
            PIPELINE_STATUS,
            1,
            CleanupPolicy.COMPACT,
            null,
            "progress reports of the streaming jobs, keyed by pipeline"));
    return List.copyOf(topics);
  }

  /** The catalog entry of {@code name}. */
  public static TopicSpec spec(String name) {
    return catalog().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no topic '" + name + "' in the catalog"));
  }

  /** Where records of {@code topic} that cannot be decoded go, with the reason. */
  public static String deadLetter(String topic) {
    return topic + ".dlq";
  }
}
