package io.pulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * Starts Pulse's deployables as child JVMs, configured through the same variables as on Kubernetes.
 */
public final class ServiceLauncher {
  private final RepoLayout layout;
  private final Path logDir;

  public ServiceLauncher(RepoLayout layout, Path logDir) {
    this.layout = layout;
    this.logDir = logDir;
  }

  /**
   * Starts a Micronaut service on {@code port} and waits until its /health answers.
   *
   * @param env settings of this run, e.g. {@code KAFKA_BOOTSTRAP_SERVERS}, beside the service's own
   */
  public ChildProcess startService(Component service, int port, Map<String, String> env) {
    if (!service.isService()) {
      throw new IllegalArgumentException(service.name() + " is not a service");
    }
    Path jar = layout.serviceJar(service.name());
    Map<String, String> fullEnv = new HashMap<>(service.env());
    fullEnv.putAll(env);
    fullEnv.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
    ChildProcess process =
        ChildProcess.startJava(
            service.name(),
            List.of(jar.toString()),
            List.of("-Xmx" + service.heap()),
            mainClassOf(jar),
            List.of(),
            fullEnv,
            logDir.resolve(service.name() + ".log"));
    HttpProbe.awaitOk(
        URI.create("http://localhost:" + port + "/health"), Duration.ofSeconds(90), process);
    return process;
  }

  /** Starts a job of the component list with this run's {@code args} before its own. */
  public ChildProcess startJob(Component job, List<String> args) {
    return startJob(job, args, Map.of());
  }

  /** The same, with extra environment variables (a restart's count and cause). */
  public ChildProcess startJob(Component job, List<String> args, Map<String, String> env) {
    if (job.isService()) {
      throw new IllegalArgumentException(job.name() + " is not a job");
    }
    List<String> all = new java.util.ArrayList<>(args);
    all.addAll(job.args());
    return startSparkJob(job.name(), job.mainClass(), all, job.heap(), env);
  }

  /** Starts a Spark job's main class in local mode with {@code args}. */
  public ChildProcess startSparkJob(String name, String mainClass, List<String> args, String heap) {
    return startSparkJob(name, mainClass, args, heap, Map.of());
  }

  private ChildProcess startSparkJob(
      String name, String mainClass, List<String> args, String heap, Map<String, String> env) {
    List<String> jvm = new java.util.ArrayList<>();
    jvm.add("-Xmx" + heap);
    jvm.addAll(RepoLayout.sparkJvmFlags());
    return ChildProcess.startJava(
        name,
        layout.sparkJobsClasspath(),
        jvm,
        mainClass,
        args,
        env,
        logDir.resolve(name + ".log"));
  }

  private static String mainClassOf(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      String main = file.getManifest().getMainAttributes().getValue("Main-Class");
      if (main == null) {
        throw new IllegalStateException(jar + " has no Main-Class");
      }
      return main;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }
}
