package io.pulse.bench;

import static org.apache.spark.sql.functions.col;

import io.pulse.events.OrderStatusEventCodec;
import io.pulse.events.Topics;
import io.pulse.jobs.DeadLetterSink;
import io.pulse.jobs.DeadLetters;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.LateEvents;
import io.pulse.jobs.SparkSessions;
import io.pulse.jobs.commerce.OrderEventDecoder;
import io.pulse.jobs.commerce.OrderStatusCounts;
import io.pulse.jobs.commerce.OrderStatusCountsOptions;
import io.pulse.local.ChildProcess;
import io.pulse.local.LocalKafka;
import io.pulse.local.RepoLayout;
import io.pulse.local.TopicPlan;
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
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
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
 * <p>{@code bench/run job [--records 1000000] [--rounds 3] [--jfr counts.jfr] [--two-pass true]
 * [--max-offsets-per-trigger N]}: the last lines are {@code result: job.counts_over_bare=...} and
 * {@code result: job.whole_over_bare=...}, with the rates. {@code --jfr} records the first round's
 * counts query alone with Java Flight Recorder.
 */
public final class JobBenchmark {
  private JobBenchmark() {}

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    RepoLayout layout = new RepoLayout(Path.of(args.required("repo-dir")));
    int records = args.integer("records", 1_000_000);
    int rounds = args.integer("rounds", 3);
    // A JFR recording of the first round's counts query only (the other queries left out).
    String profile = args.string("jfr", null);
    // The design before one pass, measured beside it: a counts query and a dead-letter query that
    // each read and decode the topic.
    boolean twoPass = Boolean.parseBoolean(args.string("two-pass", "false"));
    // Micro-batches of at most this many records (every query alike), as the job's
    // --max-offsets-per-trigger; 0: the whole topic in one batch.
    int batchRecords = args.integer("max-offsets-per-trigger", 0);
    Path work = Files.createTempDirectory("pulse-bench-job");
    int port = FreePorts.freePort();
    ChildProcess kafka = LocalKafka.start(layout, work, port, work.resolve("logs"));
    String bootstrap = "localhost:" + port;
    try {
      Properties props = new Properties();
      props.put("bootstrap.servers", bootstrap);
      try (Admin admin = Admin.create(props)) {
        TopicPlan.create(
            admin,
            List.of(
                new NewTopic(Topics.ORDER_STATUS_EVENTS, 2, (short) 1),
                new NewTopic("bench.counts", 1, (short) 1),
                new NewTopic("bench.dlq", 1, (short) 1)));
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
      OrderStatusCountsOptions job =
          OrderStatusCountsOptions.parse(
              new String[] {
                "--kafka-bootstrap-servers",
                bootstrap,
                "--output-topic",
                "bench.counts",
                "--dead-letter-topic",
                "bench.dlq",
                "--checkpoint-location",
                work.resolve("cp-unused").toString()
              },
              Map.of());
      DeadLetterSink deadLetters =
          DeadLetterSink.of(job.streaming().kafka(), job.streaming().deadLetterTopic());
      // The job's own plan (OrderStatusCounts.start), with an AvailableNow trigger.
      Function<Dataset<Row>, Dataset<Row>> countsQuery =
          source ->
              OrderStatusCounts.toKafkaRecords(
                  OrderStatusCounts.countByWindow(
                      OrderEventDecoder.decodeValid(source, deadLetters),
                      job.streaming().windowLength(),
                      job.streaming().watermarkDelay()));
      List<Double> bare = new ArrayList<>();
      List<Double> counts = new ArrayList<>();
      List<Double> whole = new ArrayList<>();
      List<Double> twoPassCounts = new ArrayList<>();
      List<Double> twoPassDeadLetters = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        bare.add(
            drain(
                spark,
                batchRecords,
                bootstrap,
                work.resolve("cp-bare-" + round),
                records,
                source -> source.groupBy().count(),
                OutputMode.Complete(),
                null,
                null));
        Recording recording = profile != null && round == 0 ? startRecording() : null;
        counts.add(
            drain(
                spark,
                batchRecords,
                bootstrap,
                work.resolve("cp-counts-" + round),
                records,
                countsQuery,
                OutputMode.Update(),
                "bench.counts",
                null));
        if (recording != null) {
          recording.dump(Path.of(profile));
          recording.close();
          System.out.println("JFR recording of the counts query: " + profile);
        }
        // The whole job: the same query, plus the re-reads of LateEvents for the batches whose
        // watermark dropped late events (the simulated traffic has some), timed until they end.
        whole.add(
            drain(
                spark,
                batchRecords,
                bootstrap,
                work.resolve("cp-whole-" + round),
                records,
                countsQuery,
                OutputMode.Update(),
                "bench.counts",
                job));
        System.out.printf(
            "  round %d: bare %,.0f/s, counts query %,.0f/s, whole job %,.0f/s%n",
            round, bare.get(round), counts.get(round), whole.get(round));
        if (twoPass) {
          twoPassCounts.add(
              drain(
                  spark,
                  batchRecords,
                  bootstrap,
                  work.resolve("cp-two-pass-counts-" + round),
                  records,
                  source ->
                      OrderStatusCounts.toKafkaRecords(
                          OrderStatusCounts.countByWindow(
                              OrderEventDecoder.decode(source)
                                  .where(col(DeadLetters.ERROR).isNull()),
                              job.streaming().windowLength(),
                              job.streaming().watermarkDelay())),
                  OutputMode.Update(),
                  "bench.counts",
                  null));
          twoPassDeadLetters.add(
              drain(
                  spark,
                  batchRecords,
                  bootstrap,
                  work.resolve("cp-two-pass-dlq-" + round),
                  records,
                  source -> DeadLetters.of(OrderEventDecoder.decode(source)),
                  OutputMode.Append(),
                  "bench.dlq",
                  null));
          System.out.printf(
              "  round %d, two passes: counts query %,.0f/s, dead-letter query %,.0f/s%n",
              round, twoPassCounts.get(round), twoPassDeadLetters.get(round));
        }
      }
      double b = IngestBenchmark.median(bare);
      double c = IngestBenchmark.median(counts);
      double w = IngestBenchmark.median(whole);
      System.out.printf("bare count:                       %,.0f records/s%n", b);
      System.out.printf(
          "OrderStatusCounts, counts query:  %,.0f records/s (ratio %.2f)%n", c, c / b);
      System.out.printf(
          "OrderStatusCounts, whole job (query + late-event re-reads): %,.0f records/s (ratio %.2f)%n",
          w, w / b);
      if (twoPass) {
        double tc = IngestBenchmark.median(twoPassCounts);
        double td = IngestBenchmark.median(twoPassDeadLetters);
        // Two queries on the same cores: records over their summed time.
        double tw = 1 / (1 / tc + 1 / td);
        System.out.printf(
            "two passes (before): counts %,.0f/s (ratio %.2f), whole job %,.0f/s (ratio %.2f)%n",
            tc, tc / b, tw, tw / b);
        System.out.printf("result: job.two_pass.counts_over_bare=%.3f%n", tc / b);
        System.out.printf("result: job.two_pass.whole_over_bare=%.3f%n", tw / b);
      }
      System.out.printf("result: job.bare_records_per_s=%.0f%n", b);
      System.out.printf("result: job.counts_records_per_s=%.0f%n", c);
      System.out.printf("result: job.whole_records_per_s=%.0f%n", w);
      System.out.printf("result: job.counts_over_bare=%.3f%n", c / b);
      System.out.printf("result: job.whole_over_bare=%.3f%n", w / b);
      spark.stop();
    } finally {
      kafka.stop(Duration.ofSeconds(20));
    }
  }

  private static Recording startRecording() throws Exception {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.start();
    return recording;
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
      int batchRecords,
      String bootstrap,
      Path checkpoint,
      int records,
      Function<Dataset<Row>, Dataset<Row>> query,
      OutputMode mode,
      String topic,
      OrderStatusCountsOptions lateEventsOf)
      throws Exception {
    Dataset<Row> source =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrap)
            .option("subscribe", Topics.ORDER_STATUS_EVENTS)
            .option("startingOffsets", "earliest")
            .options(
                batchRecords > 0
                    ? Map.of("maxOffsetsPerTrigger", Integer.toString(batchRecords))
                    : Map.of())
            .load();
    LateEvents late = null;
    if (lateEventsOf != null) {
      late =
          new LateEvents(
              spark,
              lateEventsOf.streaming().kafka(),
              lateEventsOf.streaming().deadLetterTopic(),
              List.of(OrderStatusCounts.lateEvents(lateEventsOf)));
      spark.streams().addListener(late);
    }
    var writer =
        query
            .apply(source)
            .writeStream()
            .queryName(OrderStatusCounts.COUNTS_QUERY)
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
    if (late != null) {
      // Progress events reach listeners asynchronously: let the last ones in, then wait for the
      // re-reads they started.
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.streams().removeListener(late);
      late.close();
    }
    return records / ((System.nanoTime() - started) / 1e9);
  }
}
