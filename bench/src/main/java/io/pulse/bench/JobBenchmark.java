package io.pulse.bench;

import static org.apache.spark.sql.functions.col;

import io.pulse.events.OrderStatusEventCodec;
import io.pulse.events.Topics;
import io.pulse.jobs.DeadLetters;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.SparkSessions;
import io.pulse.jobs.commerce.OrderEventDecoder;
import io.pulse.jobs.commerce.OrderStatusCounts;
import io.pulse.local.ChildProcess;
import io.pulse.local.LocalKafka;
import io.pulse.local.RepoLayout;
import io.pulse.simulator.OrderEmission;
import io.pulse.simulator.OrderLifecycleSimulator;
import io.pulse.simulator.OrderTrafficProfile;
import io.pulse.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Records/s processed by OrderStatusCounts next to a bare Spark query that only counts the same
 * Kafka topic: same data (simulated traffic, about 150 B a record), same {@code local[2]}, one run.
 * Each query drains the topic with an AvailableNow trigger from a fresh checkpoint.
 *
 * <p>{@code bench/run job [--records 2000000] [--rounds 3]}
 */
public final class JobBenchmark {
  private JobBenchmark() {}

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    RepoLayout layout = new RepoLayout(Path.of(args.required("repo-dir")));
    int records = args.integer("records", 2_000_000);
    int rounds = args.integer("rounds", 3);
    Path work = Files.createTempDirectory("pulse-bench-job");
    int port = FreePorts.freePort();
    ChildProcess kafka = LocalKafka.start(layout, work, port, work.resolve("logs"));
    String bootstrap = "localhost:" + port;
    try {
      Properties props = new Properties();
      props.put("bootstrap.servers", bootstrap);
      try (Admin admin = Admin.create(props)) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(Topics.ORDER_STATUS_EVENTS, 2, (short) 1),
                    new NewTopic("bench.counts", 1, (short) 1),
                    new NewTopic("bench.dlq", 1, (short) 1)))
            .all()
            .get();
      }
      long bytes = preload(bootstrap, records);
      System.out.printf(
          "machine: %d cores, Java %s; %,d records, %.0f B each on average; local[2], 2 shuffle partitions; median of %d%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          records,
          (double) bytes / records,
          rounds);

      SparkSession spark = SparkSessions.create("job-benchmark", "local[2]", 2);
      List<Double> bare = new ArrayList<>();
      List<Double> counts = new ArrayList<>();
      List<Double> deadLetters = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        bare.add(
            drain(
                spark,
                bootstrap,
                work.resolve("cp-bare-" + round),
                records,
                source -> source.groupBy().count(),
                OutputMode.Complete(),
                null));
        counts.add(
            drain(
                spark,
                bootstrap,
                work.resolve("cp-counts-" + round),
                records,
                source ->
                    OrderStatusCounts.toKafkaRecords(
                        OrderStatusCounts.countByWindow(
                            OrderEventDecoder.decode(source).where(col(DeadLetters.ERROR).isNull()),
                            Duration.ofMinutes(1),
                            Duration.ofMinutes(2))),
                OutputMode.Update(),
                "bench.counts"));
        deadLetters.add(
            drain(
                spark,
                bootstrap,
                work.resolve("cp-dlq-" + round),
                records,
                source -> DeadLetters.of(OrderEventDecoder.decode(source)),
                OutputMode.Append(),
                "bench.dlq"));
        System.out.printf(
            "  round %d: bare %,.0f/s, counts query %,.0f/s, dead-letter query %,.0f/s%n",
            round, bare.get(round), counts.get(round), deadLetters.get(round));
      }
      double b = IngestBenchmark.median(bare);
      double c = IngestBenchmark.median(counts);
      double d = IngestBenchmark.median(deadLetters);
      // The job runs both queries on the same cores: its throughput is records over their summed
      // time.
      double job = 1 / (1 / c + 1 / d);
      System.out.printf("bare count:                 %,.0f records/s%n", b);
      System.out.printf("OrderStatusCounts, counts:  %,.0f records/s (ratio %.2f)%n", c, c / b);
      System.out.printf("OrderStatusCounts, DLQ:     %,.0f records/s%n", d);
      System.out.printf(
          "OrderStatusCounts, whole job (both queries): %,.0f records/s (ratio %.2f)%n",
          job, job / b);
      spark.stop();
    } finally {
      kafka.stop(Duration.ofSeconds(20));
    }
  }

  private static long preload(String bootstrap, int records) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("linger.ms", "20");
    props.put("batch.size", "262144");
    props.put("compression.type", "none");
    long bytes = 0;
    Instant start = Instant.parse("2026-11-02T09:00:00Z");
    OrderLifecycleSimulator simulator =
        new OrderLifecycleSimulator(OrderTrafficProfile.realistic(500), start, null, 1L, "bench");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      int sent = 0;
      Instant until = start;
      while (sent < records) {
        until = until.plusSeconds(10);
        for (OrderEmission e : simulator.emitUntil(until)) {
          if (sent == records) {
            break;
          }
          byte[] value = OrderStatusEventCodec.encode(e.event());
          bytes += value.length;
          producer.send(
              new ProducerRecord<>(Topics.ORDER_STATUS_EVENTS, e.event().orderId(), value));
          sent++;
        }
      }
      producer.flush();
    }
    return bytes;
  }

  private static double drain(
      SparkSession spark,
      String bootstrap,
      Path checkpoint,
      int records,
      Function<Dataset<Row>, Dataset<Row>> query,
      OutputMode mode,
      String topic)
      throws Exception {
    Dataset<Row> source =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrap)
            .option("subscribe", Topics.ORDER_STATUS_EVENTS)
            .option("startingOffsets", "earliest")
            .load();
    var writer =
        query
            .apply(source)
            .writeStream()
            .outputMode(mode)
            .trigger(Trigger.AvailableNow())
            .option("checkpointLocation", checkpoint.toString());
    writer =
        topic == null
            ? writer.format("noop")
            : writer
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("topic", topic);
    long started = System.nanoTime();
    StreamingQuery q = writer.start();
    q.awaitTermination();
    return records / ((System.nanoTime() - started) / 1e9);
  }
}
