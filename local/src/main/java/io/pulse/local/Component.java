package io.pulse.local;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One deployable of Pulse as the runner, the end-to-end tests and the benchmarks start it: a
 * Micronaut service (its module's runnable jar) or a Spark job (a main class on the jobs'
 * classpath). The list itself is {@link Components}; the chart's values are checked against it.
 *
 * @param name the service module ({@code services/<name>}) or the job's name (its pipeline, its
 *     SparkApplication, its log file)
 * @param kind service, streaming job or batch job
 * @param defaultPort a service's HTTP port (0 for jobs)
 * @param portEnv the variable that overrides the port, the one the service's application.yml reads
 *     (null for jobs)
 * @param endpoint what the runner prints after a service's URL (its main path)
 * @param mainClass a job's main class (null for services: the jar's Main-Class)
 * @param args options the component always gets, after those of the run (Kafka, checkpoint)
 * @param env variables the component always gets, beside those of the run
 * @param heap the child JVM's {@code -Xmx}
 * @param usesModel a job that scores with the fraud model is given {@code --model-registry} and
 *     {@code --archive-path} (the training archive it writes)
 */
public record Component(
    String name,
    Kind kind,
    int defaultPort,
    String portEnv,
    String endpoint,
    String mainClass,
    List<String> args,
    Map<String, String> env,
    String heap,
    boolean usesModel) {

  /** How a component is started and how long it lives. */
  public enum Kind {
    SERVICE,
    STREAMING_JOB,
    BATCH_JOB
  }

  public Component {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(heap, "heap");
    args = List.copyOf(args);
    env = Map.copyOf(env);
    if (kind == Kind.SERVICE && (defaultPort <= 0 || portEnv == null)) {
      throw new IllegalArgumentException(name + ": a service needs a port and its variable");
    }
    if (kind != Kind.SERVICE && mainClass == null) {
      throw new IllegalArgumentException(name + ": a job needs a main class");
    }
  }

  /**
   * A Micronaut service. Small heaps: a laptop runs all of Pulse at once, and 256 MiB was measured
   * enough (STACK.md).
   */
  static Component service(
      String name, int port, String portEnv, String endpoint, Map<String, String> env) {
    return new Component(
        name, Kind.SERVICE, port, portEnv, endpoint, null, List.of(), env, "256m", false);
  }

  /** A streaming job in local mode. */
  static Component streamingJob(String name, String mainClass, boolean usesModel) {
    return new Component(
        name, Kind.STREAMING_JOB, 0, null, "", mainClass, List.of(), Map.of(), "1500m", usesModel);
  }

  /** A batch job: it runs to its end. */
  static Component batchJob(String name, String mainClass, String heap) {
    return new Component(
        name, Kind.BATCH_JOB, 0, null, "", mainClass, List.of(), Map.of(), heap, false);
  }

  public boolean isService() {
    return kind == Kind.SERVICE;
  }

  /** The port in {@code environment} (the runner's own variables), or the default. */
  public int port(Map<String, String> environment) {
    if (!isService()) {
      throw new IllegalStateException(name + " has no port");
    }
    String value = environment.get(portEnv);
    return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
  }
}
