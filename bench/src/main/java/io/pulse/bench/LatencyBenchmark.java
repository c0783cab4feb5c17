package io.pulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.commerce.OrderStatusCountsOptions;
import io.pulse.local.ChildProcess;
import io.pulse.local.Components;
import io.pulse.local.IngestClient;
import io.pulse.local.LocalCredentials;
import io.pulse.local.LocalKafka;
import io.pulse.local.RepoLayout;
import io.pulse.local.ServiceLauncher;
import io.pulse.local.TopicPlan;
import io.pulse.testsupport.FreePorts;
import io.pulse.testsupport.JsonHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;

/**
 * Event -> visible in the results API, per pipeline, next to the job's trigger interval: the parts
 * started as {@code ./pulse local} starts them (a KRaft broker, the ingest service and
 * results-service from their jars, the job as a child JVM with its default options and trigger),
 * events posted through the ingest service at a steady rate with the generated credentials, and the
 * results API read every {@code --poll} until each event shows.
 *
 * <p>Commerce: each order event (eventTime = now, a fresh eventId) is posted in turn and answered
 * 202 once Kafka holds it; a micro-batch takes every record Kafka holds when it starts, so the
 * counted events are always the first k posted. Event k is visible at the first read whose windows
 * (since the run's start) sum to k or more; its latency runs from the start of its POST.
 *
 * <p>{@code bench/run latency [--rate 5] [--duration 60s] [--poll 100ms]}; the last lines are
 * {@code result: latency.commerce.p50_ms=...} and {@code result: latency.commerce.p99_ms=...}.
 * Sentiment and fraud are not measured yet (fraud needs a trained model: minutes of training).
 */
public final class LatencyBenchmark {
  private LatencyBenchmark() {}

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    RepoLayout layout = new RepoLayout(Path.of(args.required("repo-dir")));
    double rate = Double.parseDouble(args.string("rate", "5"));
    Duration duration = args.duration("duration", "60s");
    Duration poll = args.duration("poll", "100ms");
    Path work = Files.createTempDirectory("pulse-bench-latency");
    LocalCredentials credentials = LocalCredentials.loadOrCreate(work);
    Path logs = work.resolve("logs");
    int kafkaPort = FreePorts.freePort();
    String bootstrap = "localhost:" + kafkaPort;
    List<ChildProcess> children = new ArrayList<>();
    try {
      children.add(LocalKafka.start(layout, work, kafkaPort, logs));
      Properties admin = new Properties();
      admin.put("bootstrap.servers", bootstrap);
      try (Admin a = Admin.create(admin)) {
        TopicPlan.ensure(a);
      }
      ServiceLauncher launcher = new ServiceLauncher(layout, logs);
      Map<String, String> env =
          credentials.environmentWith(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap));
      int ingestPort = FreePorts.freePort();
      int resultsPort = FreePorts.freePort();
      children.add(launcher.startService(Components.ORDER_INGEST, ingestPort, env));
      children.add(launcher.startService(Components.RESULTS_SERVICE, resultsPort, env));
      // The job's own defaults, trigger interval included: only where Kafka and the checkpoint are.
      List<String> jobArgs =
          List.of(
              "--kafka-bootstrap-servers",
              bootstrap,
              "--checkpoint-location",
              work.resolve("checkpoints").resolve(Components.ORDER_STATUS_COUNTS.name()).toString(),
              "--spark-master",
              "local[*]");
      Duration trigger =
          OrderStatusCountsOptions.parse(jobArgs.toArray(String[]::new), Map.of())
              .streaming()
              .triggerInterval();
      children.add(launcher.startJob(Components.ORDER_STATUS_COUNTS, jobArgs));

      IngestClient ingest =
          new IngestClient(URI.create("http://localhost:" + ingestPort), credentials);
      JsonHttp results =
          new JsonHttp(URI.create("http://localhost:" + resultsPort))
              .withBearer(credentials.readToken());
      Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
      CommerceProbe probe = new CommerceProbe(ingest, results, from);

      System.out.printf(
          "machine: %d cores, Java %s; commerce: %.1f events/s for %s, results read every %d ms;"
              + " job trigger %d s%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          rate,
          duration,
          poll.toMillis(),
          trigger.toSeconds());
      // Warm-up: the job's first batch (JVM and Spark start-up, planning) is not a steady state.
      Instant warm = Instant.now();
      probe.post();
      while (probe.counted() < 1) {
        if (Duration.between(warm, Instant.now()).toMinutes() >= 3) {
          throw new IllegalStateException("no count after 3 minutes; see " + logs);
        }
        Thread.sleep(poll.toMillis());
      }
      System.out.printf(
          "warm-up: first event visible after %.1f s (job start-up)%n",
          Duration.between(warm, Instant.now()).toMillis() / 1000.0);
      List<Long> latencies = probe.measure(rate, duration, poll, trigger.multipliedBy(3));
      Collections.sort(latencies);
      long p50 = percentile(latencies, 50);
      long p99 = percentile(latencies, 99);
      System.out.printf(
          "commerce: %d events, p50 %d ms, p99 %d ms, max %d ms; trigger %d ms (target: p99 <= trigger"
              + " + 2 s = %d ms)%n",
          latencies.size(),
          p50,
          p99,
          latencies.get(latencies.size() - 1),
          trigger.toMillis(),
          trigger.toMillis() + 2000);
      System.out.printf("result: latency.commerce.trigger_ms=%d%n", trigger.toMillis());
      System.out.printf("result: latency.commerce.p50_ms=%d%n", p50);
      System.out.printf("result: latency.commerce.p99_ms=%d%n", p99);
    } finally {
      for (int i = children.size() - 1; i >= 0; i--) {
        children.get(i).stop(Duration.ofSeconds(20));
      }
    }
  }

  static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** Posts order events one at a time and reads back how many the results API counts. */
  private static final class CommerceProbe {
    private final IngestClient ingest;
    private final JsonHttp results;
    private final Instant from;
    private final AtomicLong posted = new AtomicLong();

    CommerceProbe(IngestClient ingest, JsonHttp results, Instant from) {
      this.ingest = ingest;
      this.results = results;
      this.from = from;
    }

    /** Posts the next event; returns when order-ingest answered (Kafka holds it). */
    void post() throws Exception {
      long n = posted.incrementAndGet();
      String json =
          "{\"eventId\":\"lat-"
              + n
              + "\",\"orderId\":\"o-"
              + n
              + "\",\"productId\":\"p-1\",\"status\":\"PURCHASED\",\"eventTime\":\""
              + Instant.now().truncatedTo(ChronoUnit.MILLIS)
              + "\"}";
      ingest.post("/v1/orders/events", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Events counted in every window since the run's start. */
    long counted() {
      HttpResponse<String> r = results.get("/v1/commerce/status-counts?from=" + from);
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "status-counts answered " + r.statusCode() + ": " + r.body());
      }
      long total = 0;
      for (JsonNode w :
          JsonReader.parse(r.body().getBytes(StandardCharsets.UTF_8)).path("windows")) {
        for (JsonNode c : w.path("counts")) {
          total += c.asLong();
        }
      }
      return total;
    }

    /**
     * Posts at {@code rate} for {@code duration} (one event at a time, on a fixed schedule) while
     * this thread reads the results; then waits up to {@code drain} for the last ones.
     */
    List<Long> measure(double rate, Duration duration, Duration poll, Duration drain)
        throws Exception {
      long first = posted.get() + 1;
      ConcurrentLinkedQueue<long[]> sent = new ConcurrentLinkedQueue<>();
      ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
      long periodNanos = (long) (1e9 / rate);
      long end = System.nanoTime() + duration.toNanos();
      sender.scheduleAtFixedRate(
          () -> {
            if (System.nanoTime() >= end) {
              return;
            }
            long startedAt = System.nanoTime();
            try {
              post();
              sent.add(new long[] {posted.get(), startedAt});
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          0,
          periodNanos,
          TimeUnit.NANOSECONDS);
      List<Long> latencies = new ArrayList<>();
      List<long[]> waiting = new ArrayList<>();
      long give = end + drain.toNanos();
      while (System.nanoTime() < give) {
        long counted = counted();
        long now = System.nanoTime();
        for (long[] s; (s = sent.poll()) != null; ) {
          waiting.add(s);
        }
        waiting.removeIf(
            s -> {
              if (s[0] <= counted) {
                latencies.add((now - s[1]) / 1_000_000);
                return true;
              }
              return false;
            });
        if (now >= end && waiting.isEmpty() && sent.isEmpty() && counted >= posted.get()) {
          break;
        }
        Thread.sleep(poll.toMillis());
      }
      sender.shutdownNow();
      if (!waiting.isEmpty()) {
        System.out.printf(
            "%d of %d events never showed within %s after the run%n",
            waiting.size(), posted.get() - first + 1, drain);
      }
      return latencies;
    }
  }
}
