package io.pulse.bench;

import io.pulse.events.OrderStatus;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.OrderStatusEventCodec;
import io.pulse.jobs.JobArgs;
import io.pulse.local.LocalCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load on {@code POST /v1/orders/events}: {@code connections} clients each send a
 * request, wait for its answer, send the next. Runs in its own JVM (IngestBenchmark starts it), so
 * the load generator does not share a heap or JIT with the service. Prints one result line: {@code
 * RESULT requests=.. events=.. seconds=.. p50ms=.. p99ms=.. errors=..}.
 */
public final class HttpLoadGenerator {
  private HttpLoadGenerator() {}

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    URI target = URI.create(args.required("url")).resolve("/v1/orders/events");
    int batch = args.integer("batch", 100);
    int connections = args.integer("connections", 32);
    Duration warmup = args.duration("warmup", "5s");
    Duration measure = args.duration("duration", "15s");
    byte[] body = body(batch);
    // From the environment, as every Pulse client takes it (API.md, "Authentication").
    String ingestToken = System.getenv(LocalCredentials.INGEST_TOKEN);

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2))
            .build();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long[] latencies = new long[4_000_000];
    AtomicLong latencyCount = new AtomicLong();
    ExecutorService workers = Executors.newFixedThreadPool(connections);
    for (int c = 0; c < connections; c++) {
      workers.submit(
          () -> {
            HttpRequest request =
                HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + ingestToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            while (running.get()) {
              long start = System.nanoTime();
              try {
                HttpResponse<Void> response =
                    client.send(request, HttpResponse.BodyHandlers.discarding());
                if (measuring.get()) {
                  if (response.statusCode() == 202) {
                    requests.incrementAndGet();
                    long i = latencyCount.getAndIncrement();
                    if (i < latencies.length) {
                      latencies[(int) i] = System.nanoTime() - start;
                    }
                  } else {
                    errors.incrementAndGet();
                  }
                }
              } catch (Exception e) {
                errors.incrementAndGet();
              }
            }
            return null;
          });
    }
    Thread.sleep(warmup.toMillis());
    measuring.set(true);
    long started = System.nanoTime();
    Thread.sleep(measure.toMillis());
    measuring.set(false);
    double seconds = (System.nanoTime() - started) / 1e9;
    running.set(false);
    workers.shutdown();
    workers.awaitTermination(30, TimeUnit.SECONDS);

    int n = (int) Math.min(latencyCount.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    System.out.printf(
        "RESULT requests=%d events=%d seconds=%.2f p50ms=%.2f p99ms=%.2f errors=%d%n",
        requests.get(),
        requests.get() * batch,
        seconds,
        n == 0 ? 0 : sorted[n / 2] / 1e6,
        n == 0 ? 0 : sorted[(int) (n * 0.99)] / 1e6,
        errors.get());
    System.exit(0);
  }

  /** A JSON body of {@code batch} events (an object when 1, an array otherwise), ids fixed. */
  static byte[] body(int batch) {
    StringBuilder json = new StringBuilder(batch == 1 ? "" : "[");
    for (int i = 0; i < batch; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(new String(OrderStatusEventCodec.encode(sample(i)), StandardCharsets.UTF_8));
    }
    return json.append(batch == 1 ? "" : "]").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A typical event: ids and time of the sizes the simulator produces. */
  static OrderStatusEvent sample(int i) {
    return new OrderStatusEvent(
        "e-mj2k8a1c-" + (100000 + i) + "-1",
        "o-mj2k8a1c-" + (100000 + i),
        "p-" + (i % 50),
        OrderStatus.SHIPPED,
        Instant.parse("2026-11-24T10:15:03.123Z"));
  }
}
