package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pulse.testsupport.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lag a job reports is what waits in Kafka after its last batch, also where Spark's own metric
 * says 0: records that arrive after a batch was planned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaLagIT {
  private static final String TOPIC = "kafka-lag-it";

  @RegisterExtension static final KafkaAndSpark env = new KafkaAndSpark("kafka-lag-it");

  private EmbeddedKafka kafka;
  private SparkSession spark;
  private KafkaLag lag;

  @BeforeAll
  void start() {
    kafka = env.kafka();
    spark = env.spark();
    kafka.createTopic(TOPIC, 2, false);
    lag = new KafkaLag(Map.of("bootstrap.servers", kafka.bootstrapServers()));
  }

  @AfterAll
  void stop() {
    lag.close();
  }

  @Test
  void countsWhatArrivedAfterTheLastBatchWhereSparksOwnMetricSaysNothing() throws Exception {
    send(12);
    StreamingQuery query =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", kafka.bootstrapServers())
            .option("subscribe", TOPIC)
            .option("startingOffsets", "earliest")
            .load()
            .writeStream()
            .format("noop")
            .option("checkpointLocation", Files.createTempDirectory("kafka-lag-it").toString())
            .start();
    try {
      query.processAllAvailable();
      SourceProgress[] sources = query.lastProgress().sources();
      assertEquals(0L, lag.behind(sources), "nothing waits right after the batch read it all");

      send(7);
      assertEquals(7L, lag.behind(sources), "records sent after the batch are behind it");
      assertEquals(
          "0",
          sources[0].metrics().get("maxOffsetsBehindLatest"),
          "Spark's metric compares with the end it planned with: blind to these 7");
    } finally {
      query.stop();
    }
  }

  @Test
  void unknownWithoutKafkaOffsets() {
    assertNull(lag.behind(Map.<TopicPartition, Long>of()));
  }

  private void send(int n) {
    List<Map.Entry<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(Map.entry("k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
    }
    kafka.send(TOPIC, records);
  }
}
