package io.pulse.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.events.Pipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code ./pulse local}: the whole of Pulse on this machine, no Docker. Starts a Kafka broker
 * (KRaft), the services, the Spark jobs in local mode and the traffic simulator as child processes,
 * shows progress, and stops them all on Ctrl-C or SIGTERM.
 */
public final class PulseLocal {
  private static final PrintStream OUT = System.out;

  private final LocalOptions options;
  private final RepoLayout layout;
  private final String bootstrap;
  private final Map<Component, Integer> ports = new HashMap<>();
  private final Supervisor supervisor = new Supervisor(OUT, java.time.Clock.systemUTC());

  /** A child that runs to its end (the trainer), stopped with the rest on Ctrl-C. */
  private volatile ChildProcess oneShot;

  private final HttpClient http = HttpClient.newHttpClient();
  private TrafficSimulator simulator;
  private LocalCredentials credentials;

  private PulseLocal(LocalOptions options) {
    this.options = options;
    this.layout = new RepoLayout(options.repoDir());
    this.bootstrap = "localhost:" + options.kafkaPort();
  }

  public static void main(String[] args) {
    LocalOptions options;
    try {
      options = LocalOptions.parse(args);
    } catch (LocalOptions.UsageException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("pulse local: " + e.getMessage());
      }
      System.err.print(LocalOptions.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    PulseLocal pulse = new PulseLocal(options);
    Runtime.getRuntime().addShutdownHook(new Thread(pulse::stopAll, "pulse-shutdown"));
    try {
      pulse.run();
    } catch (RuntimeException | IOException e) {
      System.err.println("pulse local: " + e.getMessage());
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() throws IOException, InterruptedException {
    ServiceLauncher launcher = prepareWorkDir();
    startBrokerAndTopics();
    startServices(launcher);
    startJobs(launcher);
    if (options.simulator()) {
      startSimulator();
    }
    printBanner();
    watch(url(Components.RESULTS_SERVICE));
  }

  /** Empties the work folder on --reset; logs go to its logs/ folder. */
  private ServiceLauncher prepareWorkDir() throws IOException {
    Path work = options.workDir();
    if (options.reset()) {
      deleteRecursively(work);
      OUT.println("reset: removed " + work);
    }
    Files.createDirectories(work);
    Path logs = work.resolve("logs");
    OUT.println("Pulse local: state in " + work + ", logs in " + logs);
    return new ServiceLauncher(layout, logs);
  }

  private void startBrokerAndTopics() throws InterruptedException {
    supervisor.start(
        "kafka",
        restartEnv ->
            LocalKafka.start(
                layout, options.workDir(), options.kafkaPort(), options.workDir().resolve("logs")));
    step("kafka", bootstrap + " (KRaft, one node)");
    try (Admin admin = Admin.create(adminProps(bootstrap))) {
      TopicPlan.ensure(admin);
    }
    step("topics", TopicPlan.topics().size() + " ready");
  }

  /** Each service on its port (or the one its variable names), talking to the local broker. */
  private void startServices(ServiceLauncher launcher) {
    // Credentials: generated once per work dir, given to every service and client.
    credentials = LocalCredentials.loadOrCreate(options.workDir());
    step("credentials", credentials.file() + " (mode 0600)");
    Map<String, String> env =
        credentials.environmentWith(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    for (Component service : servicesToRun()) {
      int port = service.port(System.getenv());
      ports.put(service, port);
      supervisor.start(
          service.name(),
          restartEnv -> launcher.startService(service, port, merged(env, restartEnv)));
      step(service.name(), url(service) + service.endpoint());
    }
  }

  /** The streaming jobs; the fraud model is trained first if there is none yet. */
  private void startJobs(ServiceLauncher launcher) {
    for (Component job :
        Components.streamingJobs().stream()
            .filter(j -> options.pipelines().contains(Pipeline.byId(j.name())))
            .toList()) {
      List<String> extra = List.of();
      if (job.usesModel()) {
        Path registry = options.fraudModelRegistry();
        if (!Files.exists(registry.resolve(Components.MODEL_REGISTRY_STATE))) {
          trainFraudModel(launcher, registry);
        }
        extra =
            List.of(
                "--model-registry",
                registry.toString(),
                "--archive-path",
                options.workDir().resolve(Components.FRAUD_ARCHIVE).toString());
      }
      startJob(launcher, job, extra);
    }
  }

  /** Simulated traffic through the ingest services' HTTP APIs, in a daemon thread. */
  private void startSimulator() {
    Instant now = Instant.now();
    simulator = new TrafficSimulator();
    if (runs(Pipeline.ORDER_STATUS_COUNTS)) {
      simulator.add(
          TrafficSimulator.orders(url(Components.ORDER_INGEST), credentials, options.rate(), now));
    }
    if (runs(Pipeline.SOCIAL_SENTIMENT)) {
      simulator.add(
          TrafficSimulator.social(
              url(Components.SOCIAL_INGEST), credentials, options.postRate(), now));
    }
    if (runs(Pipeline.FRAUD_SCORING)) {
      TrafficSimulator.TransactionStream transactions =
          TrafficSimulator.transactions(
              url(Components.TRANSACTION_GATEWAY),
              credentials,
              options.transactionRate(),
              options.historyDays(),
              now);
      preload(transactions);
      simulator.add(transactions);
    }
    Thread thread = new Thread(simulator, "traffic-simulator");
    thread.setDaemon(true);
    thread.start();
    step(
        "simulator",
        String.format(
            "%.0f order events/s, %.1f posts/s, %.0f transactions/s through the ingest services",
            options.rate(), options.postRate(), options.transactionRate()));
  }

  /** The card history the fraud features need, sent before anything live. */
  private void preload(TrafficSimulator.TransactionStream transactions) {
    // A resumed run's broker holds the history already: sending it again would double it.
    Path sent = options.workDir().resolve("card-history.sent");
    if (options.historyDays() == 0 || Files.exists(sent)) {
      return;
    }
    long started = System.nanoTime();
    try {
      CardNetworkDemo.Batch history = transactions.preload();
      Files.writeString(sent, Instant.now().toString());
      step(
          "card history",
          String.format(
              "%d days ending now: %,d transactions, %,d labels, sent in %.0f s",
              options.historyDays(),
              history.transactions().size(),
              history.labels().size(),
              (System.nanoTime() - started) / 1e9));
    } catch (IOException e) {
      throw new UncheckedIOException("sending the card history failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending the card history", e);
    }
  }

  private void printBanner() {
    URI results = url(Components.RESULTS_SERVICE);
    URI orderIngest =
        runs(Pipeline.ORDER_STATUS_COUNTS)
            ? url(Components.ORDER_INGEST)
            : URI.create("http://localhost:" + Components.ORDER_INGEST.defaultPort());
    OUT.println();
    OUT.println(credentials.usage(results.toString(), orderIngest.toString()));
    OUT.println("Ctrl-C stops everything. Counts update every trigger interval (10 s).");
    OUT.println();
  }

  private boolean runs(Pipeline pipeline) {
    return options.pipelines().contains(pipeline);
  }

  /** results-service, and the ingest service of each pipeline that runs. */
  private List<Component> servicesToRun() {
    return Components.services().stream()
        .filter(
            s ->
                s.equals(Components.RESULTS_SERVICE)
                    || options.pipelines().stream().anyMatch(p -> Components.ingestOf(p).equals(s)))
        .toList();
  }

  /** A started service's base URL, {@code http://localhost:<port>}. */
  private URI url(Component service) {
    return URI.create("http://localhost:" + ports.get(service));
  }

  /** The first run has no fraud model: {@link FirstFraudModel} trains one into the registry. */
  private void trainFraudModel(ServiceLauncher launcher, Path registry) {
    OUT.printf(
        "  %-20s training a fraud model first (no model in %s yet)...%n",
        "fraud-model-trainer", registry);
    long started = System.nanoTime();
    Path log =
        FirstFraudModel.train(
            layout, launcher, registry, options.workDir().resolve("logs"), c -> oneShot = c);
    step(
        "fraud-model-trainer",
        String.format(
            "model trained in %.0f s (log: %s)", (System.nanoTime() - started) / 1e9, log));
  }

  /** Starts a streaming job in local mode with its checkpoint in the work folder. */
  private void startJob(ServiceLauncher launcher, Component job, List<String> extra) {
    Path checkpoint = options.workDir().resolve("checkpoints").resolve(job.name());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kafka-bootstrap-servers",
                bootstrap,
                "--checkpoint-location",
                checkpoint.toString(),
                "--spark-master",
                "local[*]"));
    args.addAll(extra);
    supervisor.start(job.name(), restartEnv -> launcher.startJob(job, args, restartEnv));
    step(job.name(), "Spark local[*], checkpoint in " + checkpoint);
  }

  /**
   * Restarts any child that stopped (every second) and prints progress every 10 s, with the
   * restarts so far.
   */
  private void watch(URI results) {
    for (long tick = 1; ; tick++) {
      HttpProbe.sleep(Duration.ofSeconds(1));
      supervisor.checkAll();
      if (tick % 10 == 0) {
        String sent = simulator == null ? "" : simulator.progress() + " | ";
        OUT.println(
            Instant.now().toString().substring(11, 19)
                + "  "
                + sent
                + latestWindow(results)
                + restartSummary());
      }
    }
  }

  private String restartSummary() {
    StringBuilder line = new StringBuilder();
    for (Supervisor.Supervised child : supervisor.children()) {
      if (child.restarts() > 0) {
        line.append(line.isEmpty() ? " | restarts:" : ",")
            .append(' ')
            .append(child.name())
            .append(' ')
            .append(child.restarts());
      }
    }
    return line.toString();
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new HashMap<>(a);
    all.putAll(b);
    return all;
  }

  private String latestWindow(URI results) {
    String from = Instant.now().minus(Duration.ofMinutes(10)).toString();
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(results.resolve("/v1/commerce/status-counts?from=" + from))
                  .timeout(Duration.ofSeconds(5))
                  .header("Authorization", "Bearer " + credentials.readToken())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      JsonNode windows = JsonReader.parse(response.body()).path("windows");
      if (windows.isEmpty()) {
        return "no window yet";
      }
      JsonNode last = windows.get(windows.size() - 1);
      StringBuilder line =
          new StringBuilder("window ").append(last.path("windowStart").asText().substring(11, 16));
      last.path("counts")
          .fields()
          .forEachRemaining(
              e -> line.append(' ').append(e.getKey()).append(' ').append(e.getValue().asLong()));
      return line.toString();
    } catch (IOException | RuntimeException e) {
      return "results-service not answering (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Stops the simulator, then the children newest first, so the broker goes last. */
  private void stopAll() {
    if (simulator != null) {
      simulator.stop();
    }
    ChildProcess running = oneShot;
    if (running != null && running.isAlive()) {
      OUT.println("stopping " + running.name());
      running.stop(Duration.ofSeconds(30));
    }
    supervisor.close();
  }

  private static void step(String name, String detail) {
    OUT.printf("  %-20s %s%n", name, detail);
  }

  private static Properties adminProps(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return props;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
