package io.pulse.local;

import io.pulse.events.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of the catalog ({@link Topics#catalog()}) on the local broker, with one
 * replica (there is one broker).
 */
public final class TopicPlan {
  private TopicPlan() {}

  /** How long a new topic's partitions may take to get a leader that takes requests. */
  private static final Duration LEADERS_TIMEOUT = Duration.ofSeconds(60);

  public static List<NewTopic> topics() {
    return Topics.catalog().stream()
        .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.kafkaConfigs()))
        .toList();
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
    awaitLeaders(admin, topics().stream().map(NewTopic::name).toList());
  }

  /** Creates {@code topics} (none may exist) and returns once each can take records. */
  public static void create(Admin admin, Collection<NewTopic> topics)
      throws InterruptedException, ExecutionException {
    admin.createTopics(topics).all().get();
    awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
  }

  /**
   * Returns once every partition of {@code topics} has a leader that answers requests. A single
   * KRaft broker publishes a new topic in its metadata a moment before its replica manager leads
   * the partitions; an idempotent producer that sends several batches into that moment has its
   * first batch refused (NOT_LEADER_OR_FOLLOWER) and a later one accepted, and then retries the
   * first without end (OUT_OF_ORDER_SEQUENCE_NUMBER): a benchmark preload hung that way. Listing
   * offsets is answered by the partition leader alone, so it succeeds only after that moment.
   */
  public static void awaitLeaders(Admin admin, Collection<String> topics)
      throws InterruptedException {
    long deadline = System.nanoTime() + LEADERS_TIMEOUT.toNanos();
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get()
            .forEach(
                (name, description) ->
                    description
                        .partitions()
                        .forEach(
                            p ->
                                partitions.put(
                                    new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        admin.listOffsets(partitions).all().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw new IllegalStateException("topics without a leader: " + topics, e.getCause());
        }
        Thread.sleep(100);
      }
    }
  }
}
