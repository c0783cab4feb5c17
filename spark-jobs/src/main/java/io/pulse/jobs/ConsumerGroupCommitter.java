package io.pulse.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the Kafka offsets of every finished micro-batch to a consumer group named after the job,
 * so that {@code kafka-consumer-groups}, Prometheus Kafka exporters and KEDA see the job's lag
 * (Spark keeps its offsets only in the checkpoint: SPARK-27549). Spark's own checkpointed offsets
 * stay the truth; this group is only a mirror and is never read back.
 *
 * <p>When several queries of one job read the same topic, the group holds, per partition, the
 * smallest offset any of them has finished: what the job as a whole has processed.
 */
public final class ConsumerGroupCommitter extends StreamingQueryListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupCommitter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String groupId;
  private final Set<String> queries;
  private final Admin admin;
  private final Map<String, Map<TopicPartition, Long>> finishedByQuery = new ConcurrentHashMap<>();

  /**
   * @param groupId the consumer group, the job's name
   * @param queries the names of the job's queries whose progress counts
   * @param adminProps Kafka client properties (bootstrap servers, security)
   */
  public ConsumerGroupCommitter(String groupId, Set<String> queries, Map<String, ?> adminProps) {
    this.groupId = groupId;
    this.queries = Set.copyOf(queries);
    this.admin = Admin.create(new HashMap<String, Object>(adminProps));
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    String query = event.progress().name();
    if (!queries.contains(query)) {
      return;
    }
    Map<TopicPartition, Long> finished = new HashMap<>();
    for (SourceProgress source : event.progress().sources()) {
      finished.putAll(parseKafkaOffsets(source.endOffset()));
    }
    if (finished.isEmpty()) {
      return;
    }
    finishedByQuery.put(query, finished);
    commit(processedByJob());
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** Per partition, the least offset finished by every query that reads it. */
  Map<TopicPartition, Long> processedByJob() {
    Map<TopicPartition, Long> least = new HashMap<>();
    for (Map<TopicPartition, Long> finished : finishedByQuery.values()) {
      finished.forEach((tp, offset) -> least.merge(tp, offset, Math::min));
    }
    return least;
  }

  private void commit(Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
    try {
      admin.alterConsumerGroupOffsets(groupId, commits).all().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The mirror is for operators' tools; the job goes on without it.
      LOG.warn("cannot commit offsets of group {}: {}", groupId, e.toString());
    }
  }

  /**
   * The Kafka source's offsets JSON, {@code {"topic":{"0":12,"1":7}}}, as partitions; anything else
   * (another source, no offsets yet) as none.
   */
  static Map<TopicPartition, Long> parseKafkaOffsets(String json) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    if (json == null || json.isBlank()) {
      return offsets;
    }
    try {
      JsonNode root = JSON.readTree(json);
      if (!root.isObject()) {
        return offsets;
      }
      for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
        Map.Entry<String, JsonNode> topic = topics.next();
        if (!topic.getValue().isObject()) {
          continue;
        }
        for (Iterator<Map.Entry<String, JsonNode>> parts = topic.getValue().fields();
            parts.hasNext(); ) {
          Map.Entry<String, JsonNode> p = parts.next();
          if (p.getValue().canConvertToLong() && p.getKey().matches("\\d+")) {
            offsets.put(
                new TopicPartition(topic.getKey(), Integer.parseInt(p.getKey())),
                p.getValue().longValue());
          }
        }
      }
    } catch (java.io.IOException e) {
      LOG.debug("not Kafka offsets: {}", json);
    }
    return offsets;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
