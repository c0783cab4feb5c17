package io.pulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.jobs.JobArgs;
import io.pulse.local.ChildProcess;
import io.pulse.local.Components;
import io.pulse.local.LocalCredentials;
import io.pulse.local.RepoLayout;
import io.pulse.testsupport.FreePorts;
import io.pulse.testsupport.JsonHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a laptop handles: {@code ./pulse local} (all three pipelines, default settings, the card
 * history included) run at the simulator's default rates times 1, then times {@code --factor} each
 * step, each step {@code --step} long after a settling period, reading each job's Kafka lag
 * (records behind, {@code /v1/pipelines}) every 10 s. A pipeline's lag is bounded in a step when
 * the mean of its last third is no more than the mean of its first third plus 30 s of its input
 * rate: a backlog that does not grow. A pipeline that did not keep up stays at its last good rate
 * in later steps, so the others are still stepped up. The work dir is kept between steps (the model
 * is trained once; each step resumes), so only the rates change.
 *
 * <p>{@code bench/run capacity [--step 5m] [--settle 2m] [--factor 2] [--steps 4]}; the last lines
 * are {@code result: capacity.<pipeline>_per_s=...}: the highest rate with a bounded lag.
 */
public final class CapacityBenchmark {
  private CapacityBenchmark() {}

  private static final List<String> PIPELINES =
      List.of("order-status-counts", "social-sentiment", "fraud-scoring");

  /** The simulator's defaults (LocalOptions): order events, posts, transactions per second. */
  private static final Map<String, Double> DEFAULT_RATES =
      Map.of("order-status-counts", 20.0, "social-sentiment", 1.0, "fraud-scoring", 5.0);

  private static final Map<String, String> RATE_FLAGS =
      Map.of(
          "order-status-counts", "--rate",
          "social-sentiment", "--post-rate",
          "fraud-scoring", "--transaction-rate");

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    RepoLayout layout = new RepoLayout(Path.of(args.required("repo-dir")));
    Duration step = args.duration("step", "5m");
    Duration settle = args.duration("settle", "2m");
    double factor = Double.parseDouble(args.string("factor", "2"));
    int steps = Integer.parseInt(args.string("steps", "4"));
    Path work = Files.createTempDirectory("pulse-bench-capacity");
    LocalCredentials credentials = LocalCredentials.loadOrCreate(work);
    Map<String, Double> rates = new LinkedHashMap<>(DEFAULT_RATES);
    Map<String, Double> best = new HashMap<>();
    Map<String, Boolean> saturated = new HashMap<>();
    System.out.printf(
        "machine: %d cores, Java %s; steps of %s after %s settling, rates x%.1f per step%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        step,
        settle,
        factor);
    for (int s = 0; s < steps && saturated.size() < PIPELINES.size(); s++) {
      Map<String, List<Long>> lags = runStep(layout, work, credentials, rates, step, settle);
      StringBuilder line = new StringBuilder(String.format("step %d:", s + 1));
      for (String p : PIPELINES) {
        List<Long> l = lags.get(p);
        boolean bounded = bounded(l, rates.get(p));
        line.append(
            String.format(
                " %s %.1f/s lag %s %s;",
                p, rates.get(p), summary(l), bounded ? "bounded" : "GROWING"));
        if (bounded && !saturated.containsKey(p)) {
          best.put(p, rates.get(p));
        } else if (!bounded) {
          saturated.put(p, true);
        }
      }
      System.out.println(line);
      for (String p : PIPELINES) {
        if (!saturated.containsKey(p)) {
          rates.put(p, rates.get(p) * factor);
        } else if (best.containsKey(p)) {
          rates.put(p, best.get(p));
        }
      }
    }
    for (String p : PIPELINES) {
      System.out.printf(
          "result: capacity.%s_per_s=%s%s%n",
          p,
          best.containsKey(p) ? String.format("%.1f", best.get(p)) : "none",
          saturated.containsKey(p) ? "" : " (not reached: every step bounded)");
    }
  }

  /** One ./pulse local run at {@code rates}: lag samples per pipeline, after settling. */
  private static Map<String, List<Long>> runStep(
      RepoLayout layout,
      Path work,
      LocalCredentials credentials,
      Map<String, Double> rates,
      Duration step,
      Duration settle)
      throws Exception {
    int resultsPort = FreePorts.freePort();
    Map<String, String> env = new HashMap<>();
    env.put(Components.RESULTS_SERVICE.portEnv(), Integer.toString(resultsPort));
    env.put(Components.ORDER_INGEST.portEnv(), Integer.toString(FreePorts.freePort()));
    env.put(Components.SOCIAL_INGEST.portEnv(), Integer.toString(FreePorts.freePort()));
    env.put(Components.TRANSACTION_GATEWAY.portEnv(), Integer.toString(FreePorts.freePort()));
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--repo-dir",
                layout.root().toString(),
                "--work-dir",
                work.toString(),
                "--kafka-port",
                Integer.toString(FreePorts.freePort())));
    rates.forEach((p, r) -> flags.addAll(List.of(RATE_FLAGS.get(p), Double.toString(r))));
    ChildProcess local =
        ChildProcess.startJava(
            "pulse-local",
            layout.localClasspath(),
            List.of("-Xmx512m"),
            "io.pulse.local.PulseLocal",
            flags,
            env,
            work.resolve("pulse-local-" + System.nanoTime() + ".log"));
    try {
      JsonHttp results =
          new JsonHttp(URI.create("http://localhost:" + resultsPort))
              .withBearer(credentials.readToken());
      long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
      while (lags(results) == null) {
        if (!local.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("./pulse local did not come up:\n" + local.tail(30));
        }
        Thread.sleep(5_000);
      }
      Thread.sleep(settle.toMillis());
      Map<String, List<Long>> samples = new HashMap<>();
      PIPELINES.forEach(p -> samples.put(p, new ArrayList<>()));
      long end = System.nanoTime() + step.toNanos();
      while (System.nanoTime() < end) {
        Map<String, Long> now = lags(results);
        if (now != null) {
          now.forEach((p, lag) -> samples.get(p).add(lag));
        }
        Thread.sleep(10_000);
      }
      return samples;
    } finally {
      local.stop(Duration.ofSeconds(60));
    }
  }

  /** Each job's records behind, or null until all three report one. */
  private static Map<String, Long> lags(JsonHttp results) {
    HttpResponse<String> r;
    try {
      r = results.get("/v1/pipelines");
    } catch (RuntimeException e) {
      return null;
    }
    if (r.statusCode() != 200) {
      return null;
    }
    Map<String, Long> lags = new HashMap<>();
    for (JsonNode p :
        JsonReader.parse(r.body().getBytes(StandardCharsets.UTF_8)).path("pipelines")) {
      JsonNode behind = p.path("offsetsBehind");
      if (behind.isNumber()) {
        lags.put(p.path("name").asText(), behind.asLong());
      }
    }
    return lags.keySet().containsAll(PIPELINES) ? lags : null;
  }

  static boolean bounded(List<Long> lags, double ratePerSecond) {
    if (lags.size() < 3) {
      return false;
    }
    int third = lags.size() / 3;
    double first = lags.subList(0, third).stream().mapToLong(Long::longValue).average().orElse(0);
    double last =
        lags.subList(lags.size() - third, lags.size()).stream()
            .mapToLong(Long::longValue)
            .average()
            .orElse(0);
    return last <= first + 30 * ratePerSecond;
  }

  private static String summary(List<Long> lags) {
    if (lags.isEmpty()) {
      return "n/a";
    }
    return String.format(
        "%d -> %d (max %d)",
        lags.get(0),
        lags.get(lags.size() - 1),
        lags.stream().mapToLong(Long::longValue).max().orElse(0));
  }
}
