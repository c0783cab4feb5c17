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
   * @param env more settings, e.g. {@code KAFKA_BOOTSTRAP_SERVERS}
   */
  public ChildProcess startService(String service, int port, Map<String, String> env) {
    Path jar = layout.serviceJar(service);
    Map<String, String> fullEnv = new HashMap<>(env);
    fullEnv.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
    ChildProcess process =
        ChildProcess.startJava(
            service,
            List.of(jar.toString()),
            // Small heaps: a laptop runs all of Pulse at once. 256 MiB was measured enough
            // (STACK.md).
            List.of("-Xmx256m"),
            mainClassOf(jar),
            List.of(),
            fullEnv,
            logDir.resolve(service + ".log"));
    HttpProbe.awaitOk(
        URI.create("http://localhost:" + port + "/health"), Duration.ofSeconds(90), process);
    return process;
  }

  /** Starts a Spark job's main class in local mode with {@code args}. */
  public ChildProcess startSparkJob(String name, String mainClass, List<String> args, String heap) {
    List<String> jvm = new java.util.ArrayList<>();
    jvm.add("-Xmx" + heap);
    jvm.addAll(RepoLayout.sparkJvmFlags());
    return ChildProcess.startJava(
        name,
        layout.sparkJobsClasspath(),
        jvm,
        mainClass,
        args,
        Map.of(),
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
