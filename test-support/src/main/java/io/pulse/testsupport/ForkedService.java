package io.pulse.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service started in its own JVM with the heap and JVM options the Helm chart gives its pod
 * (memory limit x MaxRAMPercentage, {@code -XX:+ExitOnOutOfMemoryError}), so a test sees what the
 * pod would: an input that exhausts the heap kills the process.
 */
public final class ForkedService implements AutoCloseable {
  private final Process process;
  private final URI uri;
  private final Path log;

  private ForkedService(Process process, URI uri, Path log) {
    this.process = process;
    this.uri = uri;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} from this JVM's class path with {@code env} added to the environment
   * and the chart's JVM options for {@code chartService} (a key of the chart's {@code services}).
   */
  public static ForkedService start(
      String mainClass, String chartService, Map<String, String> env, Path workDir) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(chartJvmOptions(chartService));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    Path log = workDir.resolve(chartService + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
    try {
      ForkedService service =
          new ForkedService(builder.start(), URI.create("http://127.0.0.1:" + port), log);
      service.awaitLive(Duration.ofSeconds(60));
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart's JVM options for a service: its heap as -Xmx plus the other javaToolOptions. */
  public static List<String> chartJvmOptions(String chartService) {
    JsonNode values = chartValues();
    String toolOptions = values.path("javaToolOptions").asText();
    Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(toolOptions);
    if (!percent.find()) {
      throw new AssertionError("javaToolOptions has no MaxRAMPercentage: " + toolOptions);
    }
    String limit =
        values
            .path("services")
            .path(chartService)
            .path("resources")
            .path("limits")
            .path("memory")
            .asText();
    Matcher mi = Pattern.compile("(\\d+)Mi").matcher(limit);
    if (!mi.matches()) {
      throw new AssertionError(chartService + " memory limit is not in Mi: '" + limit + "'");
    }
    long heapMb = Long.parseLong(mi.group(1)) * Long.parseLong(percent.group(1)) / 100;
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + heapMb + "m");
    for (String option : toolOptions.trim().split("\\s+")) {
      if (!option.startsWith("-XX:MaxRAMPercentage")) {
        options.add(option);
      }
    }
    return options;
  }

  private static JsonNode chartValues() {
    Path values = Path.of(System.getProperty("pulse.repo.dir", "."), "helm/pulse/values.yaml");
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(values));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + values, e);
    }
  }

  public URI uri() {
    return uri;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Whether the process ends within {@code timeout} (an answerless request may mean it is dying).
   */
  public boolean exitedWithin(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** The process's output so far, for failure messages. */
  public String log() {
    try {
      String text = Files.readString(log);
      return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitLive(Duration timeout) {
    JsonHttp http = new JsonHttp(uri);
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("service exited at start:\n" + log());
      }
      try {
        if (http.get("/health/liveness").statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("service not live within " + timeout + ":\n" + log());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
