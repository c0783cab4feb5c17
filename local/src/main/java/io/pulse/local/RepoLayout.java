package io.pulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the build leaves each deployable in a checkout: a runnable jar per service, and the Spark
 * jobs' jar with the classpath file Maven writes beside it. The runner and the end-to-end tests
 * start exactly these artifacts.
 */
public record RepoLayout(Path root) {

  /** {@code services/<name>/target/<name>-<version>-all.jar}. */
  public Path serviceJar(String service) {
    Path target = root.resolve("services").resolve(service).resolve("target");
    return single(target, service + "-", "-all.jar");
  }

  /** The Spark jobs' classes and everything they need, Spark included. */
  public List<String> sparkJobsClasspath() {
    Path target = root.resolve("spark-jobs").resolve("target");
    List<String> cp = new ArrayList<>();
    cp.add(target.resolve("classes").toString());
    cp.addAll(readClasspathFile(target.resolve("classpath.txt")));
    cp.addAll(readClasspathFile(target.resolve("classpath-provided.txt")));
    return cp;
  }

  /** The runner's own classpath (it holds the Kafka broker). */
  public List<String> localClasspath() {
    Path target = root.resolve("local").resolve("target");
    List<String> cp = new ArrayList<>();
    cp.add(target.resolve("classes").toString());
    cp.addAll(readClasspathFile(target.resolve("classpath.txt")));
    return cp;
  }

  private static List<String> readClasspathFile(Path file) {
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8).trim();
      return content.isEmpty() ? List.of() : List.of(content.split(java.io.File.pathSeparator));
    } catch (IOException e) {
      throw new UncheckedIOException(
          file + " is missing: build first (mvn -DskipTests package, or ./pulse local builds it)",
          e);
    }
  }

  private static Path single(Path dir, String prefix, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no " + prefix + "*" + suffix + " in " + dir + ": build first"));
    } catch (IOException e) {
      throw new UncheckedIOException(dir + " is missing: build first", e);
    }
  }

  /** The jar or classes folder a class was loaded from. */
  public static String codeSourceOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JVM flags Spark needs on Java 17 (STACK.md), from the root POM's {@code spark.jvm.flags}.
   */
  public static List<String> sparkJvmFlags() {
    try (var in = RepoLayout.class.getResourceAsStream("/spark-jvm-flags.txt")) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(
          "spark-jvm-flags.txt is missing from the runner's classpath", e);
    }
  }
}
