package io.pulse.local;

import io.pulse.jobs.SparkSessions;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.FreePorts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What a whole-pipeline test runs against: a real broker with the catalog's topics, the given
 * services as their runnable jars (child JVMs) on free ports, and Spark in {@code local[2]} in this
 * JVM for the test to start its job on. {@link #close()} stops it all, Spark first, the broker
 * last.
 */
final class PipelineHarness implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final ServiceLauncher launcher;
  private final Map<Component, Integer> ports = new LinkedHashMap<>();
  private final Map<Component, ChildProcess> running = new LinkedHashMap<>();
  private final LocalCredentials credentials;
  private final Map<String, String> serviceEnv = new HashMap<>();
  private SparkSession spark;

  private PipelineHarness(Path work, EmbeddedKafka kafka) {
    this.kafka = kafka;
    this.credentials = LocalCredentials.loadOrCreate(work);
    this.launcher =
        new ServiceLauncher(
            new RepoLayout(Path.of(System.getProperty("pulse.repo.dir"))), work.resolve("logs"));
  }

  /**
   * Starts the broker, creates the topics, starts {@code services} in order and a Spark session
   * named {@code sparkApp}. Whatever started is stopped again if a later part fails.
   *
   * @param work the test's temporary folder: logs go to its logs/ folder
   */
  static PipelineHarness start(String sparkApp, Path work, Component... services)
      throws InterruptedException {
    return start(sparkApp, work, Map.of(), services);
  }

  /** The same, with settings of this test for every service (their environment variables). */
  static PipelineHarness start(
      String sparkApp, Path work, Map<String, String> serviceEnv, Component... services)
      throws InterruptedException {
    PipelineHarness harness = new PipelineHarness(work, EmbeddedKafka.start());
    harness.serviceEnv.putAll(serviceEnv);
    try {
      TopicPlan.ensure(harness.kafka.admin());
      for (Component service : services) {
        harness.ports.put(service, FreePorts.freePort());
        harness.startService(service);
      }
      harness.spark = SparkSessions.create(sparkApp, "local[2]", 2);
      return harness;
    } catch (RuntimeException | InterruptedException e) {
      harness.close();
      throw e;
    }
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  SparkSession spark() {
    return spark;
  }

  /** The run's tokens and Facebook app secret, given to every service. */
  LocalCredentials credentials() {
    return credentials;
  }

  /** A started service's base URL. */
  URI uri(Component service) {
    Integer port = ports.get(service);
    if (port == null) {
      throw new IllegalArgumentException(service.name() + " was not started");
    }
    return URI.create("http://localhost:" + port);
  }

  /** Stops {@code service} and starts a new process on the same port. */
  void restart(Component service) {
    running.remove(service).stop(Duration.ofSeconds(20));
    startService(service);
  }

  private void startService(Component service) {
    Map<String, String> env =
        new HashMap<>(
            credentials.environmentWith(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())));
    env.putAll(serviceEnv);
    running.put(service, launcher.startService(service, ports.get(service), env));
  }

  @Override
  public void close() {
    if (spark != null) {
      spark.stop();
    }
    List<ChildProcess> newestFirst = new ArrayList<>(running.values());
    java.util.Collections.reverse(newestFirst);
    newestFirst.forEach(ChildProcess::close);
    kafka.close();
  }
}
