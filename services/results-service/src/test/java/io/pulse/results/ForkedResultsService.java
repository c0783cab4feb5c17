package io.pulse.results;

import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * results-service in a JVM of its own under the chart's heap guard ({@code ExitOnOutOfMemoryError})
 * and a given heap, so that a test measures the service alone and can stop and restart it.
 */
final class ForkedResultsService implements AutoCloseable {
  private final Process process;
  private final Path log;
  final URI base;

  private ForkedResultsService(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  static ForkedResultsService start(String heap, String bootstrapServers, String... properties)
      throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("results-service", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dkafka.bootstrap.servers=" + bootstrapServers);
    command.add("-Dmicronaut.server.port=" + port);
    TestCredentials.serviceProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
    for (String property : properties) {
      command.add("-D" + property);
    }
    command.add(ResultsApplication.class.getName());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ForkedResultsService(process, log, URI.create("http://localhost:" + port));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  HttpResponse<String> get(String path) {
    return new JsonHttp(base).withBearer(TestCredentials.READ_TOKEN).get(path);
  }

  /** The sum of the Prometheus series whose name and labels start with {@code series}. */
  double metric(String series) {
    String text = get("/prometheus").body();
    double sum = 0;
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + "[^ ]* ([0-9.eE+-]+)$").matcher(text);
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  /** Waits (polling, up to 3 minutes) for {@code done}; fails with the log if the JVM died. */
  void await(BooleanSupplier done, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("service died; log:\n" + tail());
      }
      try {
        if (done.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what + "; log:\n" + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
