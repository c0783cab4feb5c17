package io.pulse.local;

import io.pulse.events.Topics;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of the catalog ({@link Topics#catalog()}) on the local broker, with one
 * replica (there is one broker).
 */
public final class TopicPlan {
  private TopicPlan() {}

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
  }
}
