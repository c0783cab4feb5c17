package io.pulse.bench;

import io.pulse.events.Topics;
import io.pulse.jobs.JobArgs;
import io.pulse.local.ChildProcess;
import io.pulse.local.Components;
import io.pulse.local.HttpProbe;
import io.pulse.local.LocalCredentials;
import io.pulse.local.LocalKafka;
import io.pulse.local.RepoLayout;
import io.pulse.local.ServiceLauncher;
import io.pulse.local.TopicPlan;
import io.pulse.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Ingest next to its limits, in one run on one KRaft broker, each load driven by wrk:
 *
 * <ul>
 *   <li>order-ingest, single events, next to bench/bare-ingest (a minimal Micronaut app doing the
 *       same acknowledged send of the same bytes with order-ingest's producer settings, read from
 *       order-ingest's own application.yml);
 *   <li>order-ingest, batches of 100, next to Kafka's ProducerPerformance with the same record
 *       size.
 * </ul>
 *
 * <p>Each round measures the three HTTP loads one after the other, then ProducerPerformance; the
 * figures are medians of the rounds, after one warm-up per endpoint. Needs wrk ({@code apt-get
 * install wrk}).
 *
 * <p>{@code bench/run ingest [--duration 10s] [--warmup 10s] [--connections 64] [--threads 2]
 * [--rounds 3] [--jfr path.jfr] [--only single,bare,batch] [--service-env K=V,..]} ({@code --jfr}
 * records order-ingest with Flight Recorder; {@code --only} measures some loads without
 * ProducerPerformance, {@code --service-env} sets order-ingest variables: both for profiling and
 * cost breakdowns).
 */
public final class IngestBenchmark {
  private static final String PATH = "/v1/orders/events";
  private static final int BATCH = 100;
  // USER_HZ: 100 on every Linux build that matters here (getconf CLK_TCK).
  private static final double CLOCK_TICKS_PER_SECOND = 100;

  private IngestBenchmark() {}

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    RepoLayout layout = new RepoLayout(Path.of(args.required("repo-dir")));
    Duration duration = args.duration("duration", "10s");
    // At a load average of 20 (other builds), 5 s left the JIT cold for the first round.
    Duration warmup = args.duration("warmup", "10s");
    int connections = args.integer("connections", 64);
    int threads = args.integer("threads", 2);
    int rounds = args.integer("rounds", 3);
    String jfr = args.string("jfr", "");
    String only = args.string("only", "");
    String extraEnv = args.string("service-env", "");
    // A/B on a shared machine: another checkout's order-ingest, measured in the same rounds.
    String baselineRepo = args.string("baseline-repo", "");
    Wrk.requireInstalled();
    Path work = Files.createTempDirectory("pulse-bench-ingest");
    LocalCredentials credentials = LocalCredentials.loadOrCreate(work);
    Path logs = work.resolve("logs");
    Files.createDirectories(logs);
    int kafkaPort = FreePorts.freePort();
    List<ChildProcess> children = new ArrayList<>();
    try {
      children.add(LocalKafka.start(layout, work, kafkaPort, logs));
      String bootstrap = "localhost:" + kafkaPort;
      createTopics(bootstrap);
      Map<String, String> kafkaEnv = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
      Map<String, String> serviceEnv = new HashMap<>(credentials.environmentWith(kafkaEnv));
      if (!jfr.isEmpty()) {
        serviceEnv.put(
            "JAVA_TOOL_OPTIONS",
            "-XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=settings=profile,filename="
                + Path.of(jfr).toAbsolutePath());
      }
      for (String kv : extraEnv.isEmpty() ? new String[0] : extraEnv.split(",")) {
        serviceEnv.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      int servicePort = FreePorts.freePort();
      ChildProcess orderIngest =
          new ServiceLauncher(layout, logs)
              .startService(Components.ORDER_INGEST, servicePort, serviceEnv);
      children.add(orderIngest);
      int barePort = FreePorts.freePort();
      ChildProcess bareApp = startBare(layout, barePort, kafkaEnv, logs);
      children.add(bareApp);
      int baselinePort = FreePorts.freePort();
      ChildProcess baseline = null;
      if (!baselineRepo.isEmpty()) {
        Path baselineLogs = logs.resolve("baseline");
        baseline =
            new ServiceLauncher(new RepoLayout(Path.of(baselineRepo)), baselineLogs)
                .startService(Components.ORDER_INGEST, baselinePort, serviceEnv);
        children.add(baseline);
      }

      List<Wrk.Request> singles = new ArrayList<>();
      for (int v = 0; v < 64; v++) {
        singles.add(new Wrk.Request(IngestBodies.body(1, v), IngestBodies.orderId(v)));
      }
      List<Wrk.Request> batches = new ArrayList<>();
      for (int v = 0; v < 8; v++) {
        batches.add(new Wrk.Request(IngestBodies.body(BATCH, v), "batch"));
      }
      Wrk wrk = new Wrk(threads, connections, work);
      IngestBenchmark bench = new IngestBenchmark();
      String service = "http://localhost:" + servicePort;
      String bare = "http://localhost:" + barePort;
      Map<String, String> env = credentials.environment();
      Load orderSingle =
          new Load(
              "order-ingest single", service, wrk.script("single", PATH, singles), 1, orderIngest);
      Load bareSingle =
          new Load("bare Micronaut single", bare, wrk.script("bare", PATH, singles), 1, bareApp);
      Load baselineSingle =
          new Load(
              "baseline order-ingest single",
              "http://localhost:" + baselinePort,
              wrk.script("baseline", PATH, singles),
              1,
              baseline);
      Load orderBatch =
          new Load(
              "order-ingest batch of " + BATCH,
              service,
              wrk.script("batch", PATH, batches),
              BATCH,
              orderIngest);
      int recordSize = singles.get(0).body().length;
      System.out.printf(
          "machine: %d cores, Java %s; load average %s; record size %d B; wrk %d threads, %d"
              + " connections; %ds per measurement after %ds warm-up; median of %d rounds%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          loadAverage(),
          recordSize,
          threads,
          connections,
          duration.toSeconds(),
          warmup.toSeconds(),
          rounds);

      if (!only.isEmpty()) {
        List<Load> loads = new ArrayList<>();
        for (String name : only.split(",")) {
          loads.add(
              switch (name) {
                case "single" -> orderSingle;
                case "bare" -> bareSingle;
                case "baseline" -> baselineSingle;
                case "batch" -> orderBatch;
                default -> throw new IllegalArgumentException("--only single,baseline,bare,batch");
              });
        }
        for (Load load : loads) {
          wrk.run(load.url, load.script, warmup, env, logs.resolve("warmup.log"));
        }
        for (int round = 0; round < rounds; round++) {
          for (Load load : loads) {
            bench.measure(wrk, load, duration, env, logs, round);
          }
        }
        for (Load load : loads) {
          System.out.printf(
              "%s: median %,.0f requests/s, server CPU %.1f µs/event%n",
              load.name,
              medianOf(bench.rates.get(load), Double::doubleValue),
              median(bench.cpuMicrosPerEvent.get(load)));
        }
        return;
      }
      for (Load load : List.of(orderSingle, bareSingle, orderBatch)) {
        Wrk.Result r = wrk.run(load.url, load.script, warmup, env, logs.resolve("warmup.log"));
        System.out.printf("  warm-up %s: %s%n", load.name, r);
      }
      List<Wrk.Result> order = new ArrayList<>();
      List<Wrk.Result> bareRuns = new ArrayList<>();
      List<Wrk.Result> batched = new ArrayList<>();
      List<Double> kafka = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        order.add(bench.measure(wrk, orderSingle, duration, env, logs, round));
        bareRuns.add(bench.measure(wrk, bareSingle, duration, env, logs, round));
        batched.add(bench.measure(wrk, orderBatch, duration, env, logs, round));
        kafka.add(producerPerformance(logs, bootstrap, recordSize, round));
        System.out.printf("  round %d done; load average %s%n", round + 1, loadAverage());
      }

      double single = medianOf(order, Wrk.Result::perSecond);
      double bareRate = medianOf(bareRuns, Wrk.Result::perSecond);
      double batchEvents = medianOf(batched, Wrk.Result::perSecond) * BATCH;
      double producer = medianOf(kafka, Double::doubleValue);
      System.out.printf(
          "order-ingest, single events:   %,9.0f events/s  p50 %.2f ms  p99 %.2f ms%n",
          single, medianOf(order, Wrk.Result::p50ms), medianOf(order, Wrk.Result::p99ms));
      System.out.printf(
          "bare Micronaut, single events: %,9.0f events/s  p50 %.2f ms  p99 %.2f ms%n",
          bareRate, medianOf(bareRuns, Wrk.Result::p50ms), medianOf(bareRuns, Wrk.Result::p99ms));
      System.out.printf(
          "order-ingest, batches of %d:  %,9.0f events/s  p50 %.2f ms  p99 %.2f ms / request%n",
          BATCH,
          batchEvents,
          medianOf(batched, Wrk.Result::p50ms),
          medianOf(batched, Wrk.Result::p99ms));
      System.out.printf(
          "Kafka ProducerPerformance:     %,9.0f records/s (runs %s)%n", producer, kafka);
      System.out.printf("load average after the run: %s%n", loadAverage());
      // Each ratio pairs loads measured seconds apart, so it is taken per round, then the median:
      // on a shared machine the rate moves with the neighbours' load, the ratio much less.
      List<Double> singleRatios = new ArrayList<>();
      List<Double> batchRatios = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        singleRatios.add(order.get(round).perSecond() / bareRuns.get(round).perSecond());
        batchRatios.add(batched.get(round).perSecond() * BATCH / kafka.get(round));
      }
      System.out.printf(
          "per round: single/bare %s; batch/ProducerPerformance %s%n",
          format(singleRatios), format(batchRatios));
      double singleCpu = median(bench.cpuMicrosPerEvent.get(orderSingle));
      double bareCpu = median(bench.cpuMicrosPerEvent.get(bareSingle));
      double batchCpu = median(bench.cpuMicrosPerEvent.get(orderBatch));
      System.out.printf(
          "server CPU per event: order-ingest single %.1f µs, bare Micronaut %.1f µs, order-ingest"
              + " batched %.1f µs%n",
          singleCpu, bareCpu, batchCpu);
      result("ingest.single_over_bare_micronaut", String.format("%.2f", median(singleRatios)));
      // bare app's CPU per event over order-ingest's: the rate ratio on a machine with nothing
      // else.
      result("ingest.single_cpu_over_bare_micronaut", String.format("%.2f", bareCpu / singleCpu));
      result("ingest.single_cpu_us_per_event", String.format("%.1f", singleCpu));
      result("ingest.bare_micronaut_cpu_us_per_event", String.format("%.1f", bareCpu));
      result("ingest.batch_cpu_us_per_event", String.format("%.1f", batchCpu));
      result("ingest.batch_over_producer", String.format("%.2f", median(batchRatios)));
      result("ingest.single_events_per_s", String.format("%.0f", single));
      result("ingest.single_p99_ms", String.format("%.2f", medianOf(order, Wrk.Result::p99ms)));
      result("ingest.bare_micronaut_events_per_s", String.format("%.0f", bareRate));
      result(
          "ingest.bare_micronaut_p99_ms",
          String.format("%.2f", medianOf(bareRuns, Wrk.Result::p99ms)));
      result("ingest.batch_events_per_s", String.format("%.0f", batchEvents));
      result("ingest.batch_p99_ms", String.format("%.2f", medianOf(batched, Wrk.Result::p99ms)));
      result("ingest.producer_records_per_s", String.format("%.0f", producer));
    } finally {
      for (int i = children.size() - 1; i >= 0; i--) {
        children.get(i).stop(Duration.ofSeconds(20));
      }
    }
  }

  private record Load(
      String name, String url, Path script, int eventsPerRequest, ChildProcess server) {}

  /**
   * The server's CPU time (all its threads, user and system) per event of each measurement, by
   * load: unlike the rates, it hardly moves with what the neighbours on a shared machine do.
   */
  private final Map<Load, List<Double>> cpuMicrosPerEvent = new HashMap<>();

  private final Map<Load, List<Double>> rates = new HashMap<>();

  private Wrk.Result measure(
      Wrk wrk, Load load, Duration duration, Map<String, String> env, Path logs, int round)
      throws IOException, InterruptedException {
    String file = load.script.getFileName().toString().replace(".lua", "") + "-" + round + ".log";
    long cpuBefore = cpuTicks(load.server);
    Wrk.Result r = wrk.run(load.url, load.script, duration, env, logs.resolve(file));
    double micros =
        (cpuTicks(load.server) - cpuBefore)
            * 1e6
            / CLOCK_TICKS_PER_SECOND
            / Math.max(1, (double) r.requests() * load.eventsPerRequest);
    cpuMicrosPerEvent.computeIfAbsent(load, l -> new ArrayList<>()).add(micros);
    rates.computeIfAbsent(load, l -> new ArrayList<>()).add(r.perSecond());
    System.out.printf(
        "  round %d, %s: %s; server CPU %.1f µs/event%n", round + 1, load.name, r, micros);
    if (r.failed() > 0) {
      System.out.printf("  WARNING: %d failed requests, see %s%n", r.failed(), logs.resolve(file));
    }
    return r;
  }

  /** utime + stime of a process, from /proc (Linux). */
  private static long cpuTicks(ChildProcess process) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static void createTopics(String bootstrap) throws Exception {
    Properties admin = new Properties();
    admin.put("bootstrap.servers", bootstrap);
    try (Admin a = Admin.create(admin)) {
      TopicPlan.create(
          a,
          List.of(
              new NewTopic(Topics.ORDER_STATUS_EVENTS, 3, (short) 1),
              new NewTopic("perf", 3, (short) 1)));
    }
  }

  /**
   * bench/bare-ingest's runnable jar, configured by order-ingest's own application.yml (so the
   * producer settings cannot drift apart), with order-ingest's heap.
   */
  private static ChildProcess startBare(
      RepoLayout layout, int port, Map<String, String> kafkaEnv, Path logs) throws IOException {
    Path target = layout.root().resolve("bench/bare-ingest/target");
    Path jar;
    try (Stream<Path> files = Files.list(target)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().endsWith("-all.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("build bench/bare-ingest first"));
    }
    Map<String, String> env = new HashMap<>(kafkaEnv);
    env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
    env.put(
        "MICRONAUT_CONFIG_FILES",
        layout
            .root()
            .resolve("services/order-ingest/src/main/resources/application.yml")
            .toString());
    ChildProcess bare =
        ChildProcess.startJava(
            "bare-ingest",
            List.of(jar.toString()),
            List.of("-Xmx" + Components.ORDER_INGEST.heap()),
            "io.pulse.bench.bare.BareIngestApplication",
            List.of(),
            env,
            logs.resolve("bare-ingest.log"));
    HttpProbe.awaitOk(
        URI.create("http://localhost:" + port + "/health"), Duration.ofSeconds(90), bare);
    return bare;
  }

  /** Kafka's own benchmark, with the producer settings a batch could use at best. */
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
                "2000000",
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
    System.out.println("  round " + (round + 1) + ", Kafka ProducerPerformance: " + result);
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

  /** The 1, 5 and 15 minute load averages, as uptime shows them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String format(List<Double> ratios) {
    return ratios.stream().map(r -> String.format("%.2f", r)).toList().toString();
  }

  private static void result(String name, String value) {
    System.out.println("result: " + name + "=" + value);
  }

  /** Also JobBenchmark's median. */
  static double median(List<Double> values) {
    return medianOf(values, Double::doubleValue);
  }

  static <T> double medianOf(List<T> values, ToDoubleFunction<T> of) {
    double[] sorted = values.stream().mapToDouble(of).sorted().toArray();
    return sorted[sorted.length / 2];
  }
}
