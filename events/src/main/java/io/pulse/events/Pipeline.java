package io.pulse.events;

import java.util.Arrays;
import java.util.List;

/**
 * The three streaming pipelines: the name each is known by everywhere (job, SparkApplication,
 * {@code /v1/pipelines}, status key, local component), the topic it reads and the results it
 * writes.
 */
public enum Pipeline {
  ORDER_STATUS_COUNTS(
      "order-status-counts", Topics.ORDER_STATUS_EVENTS, List.of(Topics.ORDER_STATUS_COUNTS)),
  SOCIAL_SENTIMENT(
      "social-sentiment",
      Topics.SOCIAL_POSTS,
      List.of(Topics.SENTIMENT_WINDOWS, Topics.SCORED_POSTS)),
  FRAUD_SCORING(
      "fraud-scoring",
      Topics.BANK_TRANSACTIONS,
      List.of(Topics.FRAUD_ALERTS, Topics.FRAUD_SUMMARY, Topics.FRAUD_MODELS));

  private final String id;
  private final String inputTopic;
  private final List<String> resultTopics;

  Pipeline(String id, String inputTopic, List<String> resultTopics) {
    this.id = id;
    this.inputTopic = inputTopic;
    this.resultTopics = resultTopics;
  }

  /** The name: order-status-counts, social-sentiment, fraud-scoring. */
  public String id() {
    return id;
  }

  public String inputTopic() {
    return inputTopic;
  }

  /** Where malformed input records go. */
  public String deadLetterTopic() {
    return Topics.deadLetter(inputTopic);
  }

  public List<String> resultTopics() {
    return resultTopics;
  }

  public static Pipeline byId(String id) {
    return Arrays.stream(values())
        .filter(p -> p.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no pipeline named '" + id + "'"));
  }

  @Override
  public String toString() {
    return id;
  }
}
