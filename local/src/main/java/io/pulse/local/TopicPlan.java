package io.pulse.local;

import io.pulse.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics Pulse needs and how each is kept: inputs partitioned by their key and deleted by age,
 * dead letters kept longer for inspection, results compacted to the newest value per key. The Helm
 * chart's KafkaTopics carry the same settings.
 */
public final class TopicPlan {
  private TopicPlan() {}

  public static List<NewTopic> topics() {
    List<NewTopic> topics = new ArrayList<>();
    for (String input :
        List.of(Topics.ORDER_STATUS_EVENTS, Topics.SOCIAL_POSTS, Topics.BANK_TRANSACTIONS)) {
      topics.add(new NewTopic(input, 3, (short) 1));
      topics.add(
          new NewTopic(Topics.deadLetter(input), 1, (short) 1)
              .configs(Map.of("retention.ms", Long.toString(14L * 24 * 3600 * 1000))));
    }
    topics.add(compacted(Topics.FRAUD_LABELS));
    // FraudScoring's scored transactions, the input of its per-minute summary: internal, by age.
    topics.add(new NewTopic(Topics.SCORED_TRANSACTIONS, 3, (short) 1));
    for (String result :
        List.of(
            Topics.ORDER_STATUS_COUNTS,
            Topics.SENTIMENT_WINDOWS,
            Topics.SCORED_POSTS,
            Topics.FRAUD_ALERTS,
            Topics.FRAUD_SUMMARY,
            Topics.PIPELINE_STATUS)) {
      topics.add(compacted(result));
    }
    return topics;
  }

  private static NewTopic compacted(String name) {
    return new NewTopic(name, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"));
  }

  /** Creates whatever is missing; existing topics are left as they are. */
  public static void ensure(Admin admin) throws InterruptedException {
    for (NewTopic topic : topics()) {
      try {
        admin.createTopics(List.of(topic)).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
        }
      }
    }
  }
}
