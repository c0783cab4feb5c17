package io.pulse.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.streaming.SourceProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a query has yet to read: its source topics' end offsets now minus the offsets its last
 * batch finished at. Spark's own {@code maxOffsetsBehindLatest} compares a batch with the end it
 * saw when it planned that batch, so a job that falls behind (what arrives while each batch runs
 * piles up) reports 0 after every batch; this asks the broker after the batch instead.
 */
final class KafkaLag implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaLag.class);

  private final Admin admin;

  KafkaLag(Map<String, String> clientProperties) {
    this.admin = Admin.create(new HashMap<String, Object>(clientProperties));
  }

  /** The lag of a batch that finished at its sources' end offsets; null when unknown. */
  Long behind(SourceProgress[] sources) {
    Map<TopicPartition, Long> finished = new HashMap<>();
    for (SourceProgress source : sources) {
      finished.putAll(ConsumerGroupCommitter.parseKafkaOffsets(source.endOffset()));
    }
    return behind(finished);
  }

  Long behind(Map<TopicPartition, Long> finished) {
    if (finished.isEmpty()) {
      return null;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    finished.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    try {
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
      long behind = 0;
      for (Map.Entry<TopicPartition, Long> f : finished.entrySet()) {
        ListOffsetsResultInfo end = ends.get(f.getKey());
        if (end != null) {
          behind += Math.max(0, end.offset() - f.getValue());
        }
      }
      return behind;
    } catch (ExecutionException | TimeoutException e) {
      // The status without a lag beats no status: the next batch asks again.
      LOG.debug("cannot read the end offsets for the lag: {}", e.toString());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
