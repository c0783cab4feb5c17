package io.pulse.bench;

import io.pulse.events.Topics;
import io.pulse.jobs.JobArgs;
import io.pulse.local.ChildProcess;
import io.pulse.local.Components;
import io.pulse.local.LocalCredentials;
import io.pulse.local.LocalKafka;
import io.pulse.local.RepoLayout;
import io.pulse.local.ServiceLauncher;
import io.pulse.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Events/s through {@code POST /v1/orders/events} (batches of 100, and single events) next to
 * Kafka's own ProducerPerformance on the same broker with the same record size and producer
 * settings, in one run. Broker, service and load generator are separate JVMs on loopback.
 *
 * <p>{@code bench/run ingest [--duration 15s] [--connections 32] [--rounds 3]}
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    RepoLayout layout = new RepoLayout(Path.of(args.required("repo-dir")));
    String duration = args.string("duration", "15s");
    int connections = args.integer("connections", 32);
    int rounds = args.integer("rounds", 3);
    Path work = Files.createTempDirectory("pulse-bench-ingest");
    LocalCredentials credentials = LocalCredentials.loadOrCreate(work);
    Path logs = work.resolve("logs");
    int kafkaPort = FreePorts.freePort();
    List<ChildProcess> children = new ArrayList<>();
    try {
      children.add(LocalKafka.start(layout, work, kafkaPort, logs));
      String bootstrap = "localhost:" + kafkaPort;
      Properties admin = new Properties();
      admin.put("bootstrap.servers", bootstrap);
      try (Admin a = Admin.create(admin)) {
        a.createTopics(
                List.of(
                    new NewTopic(Topics.ORDER_STATUS_EVENTS, 3, (short) 1),
                    new NewTopic("perf", 3, (short) 1)))
            .all()
            .get();
      }
      int port = FreePorts.freePort();
      children.add(
          new ServiceLauncher(layout, logs)
              .startService(
                  Components.ORDER_INGEST,
                  port,
                  credentials.environmentWith(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap))));
      int recordSize = HttpLoadGenerator.body(1).length;
      System.out.printf(
          "machine: %d cores, Java %s; record size %d B; %d connections; %s per run; median of %d%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          recordSize,
          connections,
          duration,
          rounds);

      List<Double> batched = new ArrayList<>();
      List<Double> single = new ArrayList<>();
      List<Double> kafka = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        batched.add(load(logs, credentials, port, 100, connections, duration, round));
        single.add(load(logs, credentials, port, 1, connections, duration, round));
        kafka.add(producerPerformance(logs, bootstrap, recordSize, round));
      }
      double b = median(batched);
      double s = median(single);
      double k = median(kafka);
      System.out.printf("order-ingest, batches of 100: %,.0f events/s (runs %s)%n", b, batched);
      System.out.printf("order-ingest, single events:  %,.0f events/s (runs %s)%n", s, single);
      System.out.printf("Kafka ProducerPerformance:    %,.0f records/s (runs %s)%n", k, kafka);
      System.out.printf("ratio batches/Kafka: %.2f; single/Kafka: %.2f%n", b / k, s / k);
    } finally {
      for (int i = children.size() - 1; i >= 0; i--) {
        children.get(i).stop(Duration.ofSeconds(20));
      }
    }
  }

  private static double load(
      Path logs,
      LocalCredentials credentials,
      int port,
      int batch,
      int connections,
      String duration,
      int round)
      throws Exception {
    ChildProcess generator =
        ChildProcess.startJava(
            "load-" + batch + "-" + round,
            List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
            List.of("-Xmx512m"),
            HttpLoadGenerator.class.getName(),
            List.of(
                "--url",
                "http://localhost:" + port,
                "--batch",
                Integer.toString(batch),
                "--connections",
                Integer.toString(connections),
                "--duration",
                duration),
            credentials.environment(),
            logs.resolve("load-" + batch + "-" + round + ".log"));
    String result =
        awaitLine(
            generator,
            Pattern.compile(
                "RESULT requests=(\\d+) events=(\\d+) seconds=([\\d.]+) p50ms=([\\d.]+) p99ms=([\\d.]+) errors=(\\d+)"));
    Matcher m = Pattern.compile("events=(\\d+) seconds=([\\d.]+)").matcher(result);
    m.find();
    System.out.println("  batch " + batch + ": " + result);
    return Long.parseLong(m.group(1)) / Double.parseDouble(m.group(2));
  }

  /** Kafka's own benchmark, with the producer settings order-ingest uses. */
  private static double producerPerformance(Path logs, String bootstrap, int recordSize, int round)
      throws Exception {
    ChildProcess perf =
        ChildProcess.startJava(
            "producer-performance-" + round,
            List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
            List.of("-Xmx512m"),
            "org.apache.kafka.tools.ProducerPerformance",
            List.of(
                "--topic",
                "perf",
                "--num-records",
                "3000000",
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + bootstrap,
                "acks=all",
                "enable.idempotence=true",
                "linger.ms=5",
                "batch.size=65536"),
            Map.of(),
            logs.resolve("producer-performance-" + round + ".log"));
    String result = awaitLine(perf, Pattern.compile("records sent, [\\d.]+ records/sec .*50th"));
    System.out.println("  kafka: " + result);
    Matcher m = Pattern.compile("records sent, ([\\d.]+) records/sec").matcher(result);
    m.find();
    return Double.parseDouble(m.group(1));
  }

  private static String awaitLine(ChildProcess process, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(process.log())) {
        if (pattern.matcher(line).find()) {
          process.stop(Duration.ofSeconds(5));
          return line.trim();
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.name() + " ended without a result:\n" + process.tail(20));
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(process.name() + " gave no result in 5 minutes");
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }
}
