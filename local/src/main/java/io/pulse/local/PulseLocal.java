package io.pulse.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.simulator.social.SocialTrafficSimulator;
import java.io.IOException;
import java.io.PrintStream;
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
  private final List<ChildProcess> children = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private TrafficSimulator simulator;
  private LocalCredentials credentials;

  private PulseLocal(LocalOptions options) {
    this.options = options;
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
    Path work = options.workDir();
    if (options.reset()) {
      deleteRecursively(work);
      OUT.println("reset: removed " + work);
    }
    Files.createDirectories(work);
    Path logs = work.resolve("logs");
    RepoLayout layout = new RepoLayout(options.repoDir());
    ServiceLauncher launcher = new ServiceLauncher(layout, logs);
    OUT.println("Pulse local: state in " + work + ", logs in " + logs);

    String bootstrap = "localhost:" + options.kafkaPort();
    children.add(LocalKafka.start(layout, work, options.kafkaPort(), logs));
    step("kafka", bootstrap + " (KRaft, one node)");
    try (Admin admin = Admin.create(adminProps(bootstrap))) {
      TopicPlan.ensure(admin);
    }
    step("topics", TopicPlan.topics().size() + " ready");

    // Credentials (issue 10): generated once per work dir, given to every service and client.
    credentials = LocalCredentials.loadOrCreate(work);
    step("credentials", credentials.file() + " (mode 0600)");
    Map<String, String> env =
        credentials.environmentWith(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    int ingestPort = port("ORDER_INGEST_PORT", 8081);
    int socialPort = port("SOCIAL_INGEST_PORT", 8082);
    int gatewayPort = port("TRANSACTION_GATEWAY_PORT", 8083);
    int resultsPort = port("RESULTS_SERVICE_PORT", 8080);
    children.add(launcher.startService("order-ingest", ingestPort, env));
    step("order-ingest", "http://localhost:" + ingestPort + "/v1/orders/events");
    Map<String, String> socialEnv = new java.util.HashMap<>(env);
    socialEnv.put(
        "PULSE_SOCIAL_INGEST_TRACKED_PRODUCTS", String.join(",", SocialTrafficSimulator.PRODUCTS));
    children.add(launcher.startService("social-ingest", socialPort, socialEnv));
    step(
        "social-ingest",
        "http://localhost:" + socialPort + "/v1/social/{facebook,twitter,reviews}");
    children.add(launcher.startService("transaction-gateway", gatewayPort, env));
    step("transaction-gateway", "http://localhost:" + gatewayPort + "/v1/transactions");
    children.add(launcher.startService("results-service", resultsPort, env));
    step("results-service", "http://localhost:" + resultsPort);

    startJob(
        launcher,
        "order-status-counts",
        "io.pulse.jobs.commerce.OrderStatusCounts",
        bootstrap,
        List.of());
    startJob(
        launcher,
        "social-sentiment",
        "io.pulse.jobs.sentiment.SocialSentiment",
        bootstrap,
        List.of());

    Path model = work.resolve("models").resolve("fraud");
    if (!Files.exists(model.resolve("metadata.json"))) {
      trainFraudModel(launcher, model);
    }
    startJob(
        launcher,
        "fraud-scoring",
        "io.pulse.jobs.fraud.FraudScoring",
        bootstrap,
        List.of("--model-path", model.toString()));

    if (options.simulator()) {
      Instant now = Instant.now();
      simulator = new TrafficSimulator();
      simulator.add(
          TrafficSimulator.orders(
              URI.create("http://localhost:" + ingestPort), credentials, options.rate(), now));
      simulator.add(
          TrafficSimulator.social(
              URI.create("http://localhost:" + socialPort), credentials, options.postRate(), now));
      simulator.add(
          TrafficSimulator.transactions(
              URI.create("http://localhost:" + gatewayPort),
              credentials,
              options.transactionRate(),
              now));
      Thread thread = new Thread(simulator, "traffic-simulator");
      thread.setDaemon(true);
      thread.start();
      step(
          "simulator",
          String.format(
              "%.0f order events/s, %.1f posts/s, %.0f transactions/s through the ingest services",
              options.rate(), options.postRate(), options.transactionRate()));
    }

    URI results = URI.create("http://localhost:" + resultsPort);
    OUT.println();
    OUT.println(credentials.usage(results.toString(), "http://localhost:" + ingestPort));
    OUT.println("Ctrl-C stops everything. Counts update every trigger interval (10 s).");
    OUT.println();
    watch(results);
  }

  /**
   * The first run has no fraud model: train one on a simulated history (the handbook's rules, a
   * tenth of its population), as FraudModelTrainer would on Kubernetes every night.
   */
  private void trainFraudModel(ServiceLauncher launcher, Path model) {
    OUT.printf(
        "  %-20s training a fraud model first (no model in %s yet)...%n",
        "fraud-model-trainer", model);
    long started = System.nanoTime();
    ChildProcess trainer =
        launcher.startSparkJob(
            "fraud-model-trainer",
            "io.pulse.jobs.fraud.FraudModelTrainer",
            List.of(
                "--model-path", model.toString(),
                "--customers", "1000",
                "--terminals", "2000",
                "--days", "60",
                "--train-start", "2018-05-01",
                "--train-days", "14",
                "--models", "lr,rf",
                "--rf-trees", "50",
                "--spark-master", "local[*]"),
            "2g");
    children.add(trainer);
    while (trainer.isAlive()) {
      HttpProbe.sleep(Duration.ofSeconds(1));
    }
    children.remove(trainer);
    if (trainer.exitValue() != 0) {
      throw new IllegalStateException(
          "training the fraud model failed; last lines of "
              + trainer.log()
              + ":\n"
              + trainer.tail(25));
    }
    step(
        "fraud-model-trainer",
        String.format(
            "model trained in %.0f s (log: %s)",
            (System.nanoTime() - started) / 1e9, trainer.log()));
  }

  /** Starts a streaming job in local mode with its checkpoint in the work folder. */
  private void startJob(
      ServiceLauncher launcher,
      String name,
      String mainClass,
      String bootstrap,
      List<String> extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kafka-bootstrap-servers",
                bootstrap,
                "--checkpoint-location",
                options.workDir().resolve("checkpoints").resolve(name).toString(),
                "--spark-master",
                "local[*]"));
    args.addAll(extra);
    children.add(launcher.startSparkJob(name, mainClass, args, "1500m"));
    step(
        name,
        "Spark local[*], checkpoint in " + options.workDir().resolve("checkpoints").resolve(name));
  }

  /** Prints progress every 10 s; ends the run if a child dies. */
  private void watch(URI results) {
    while (true) {
      HttpProbe.sleep(Duration.ofSeconds(10));
      for (ChildProcess child : children) {
        if (!child.isAlive()) {
          throw new IllegalStateException(
              child.name()
                  + " stopped (exit "
                  + child.exitValue()
                  + "); last lines of "
                  + child.log()
                  + ":\n"
                  + child.tail(25));
        }
      }
      String sent = simulator == null ? "" : simulator.progress() + " | ";
      OUT.println(Instant.now().toString().substring(11, 19) + "  " + sent + latestWindow(results));
    }
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
    List<ChildProcess> reversed = new ArrayList<>(children);
    java.util.Collections.reverse(reversed);
    for (ChildProcess child : reversed) {
      if (child.isAlive()) {
        OUT.println("stopping " + child.name());
        child.stop(Duration.ofSeconds(30));
      }
    }
  }

  private static void step(String name, String detail) {
    OUT.printf("  %-20s %s%n", name, detail);
  }

  private static int port(String env, int defaultPort) {
    String value = System.getenv(env);
    return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
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
