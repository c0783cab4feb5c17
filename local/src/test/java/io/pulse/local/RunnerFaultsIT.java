package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.OrderStatusWindow;
import io.pulse.simulator.OrderEmission;
import io.pulse.simulator.OrderLifecycleSimulator;
import io.pulse.simulator.OrderTrafficProfile;
import io.pulse.testsupport.CommerceWindows;
import io.pulse.testsupport.FreePorts;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.OrderStatusGroundTruth;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pulse local} under the faults that really happen, every part a real process started by
 * the real runner: order traffic is posted through order-ingest by a client that retries 503s with
 * the same ids while the broker is frozen (SIGSTOP) for 15 s, the OrderStatusCounts JVM is killed
 * (SIGKILL) and results-service is killed (SIGKILL). The runner restarts what died, and every
 * window equals the ground truth computed from the same traffic; no single POST takes more than 10
 * s. Then the runner is stopped and started again on the same work folder, and serves the same
 * answer.
 */
class RunnerFaultsIT {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration WATERMARK = Duration.ofMinutes(2);
  private static final Instant START = Instant.parse("2026-11-03T09:00:00Z");

  @TempDir Path work;

  private final RepoLayout layout = new RepoLayout(Path.of(System.getProperty("pulse.repo.dir")));
  private final int kafkaPort = FreePorts.freePort();
  private final int ingestPort = FreePorts.freePort();
  private final int resultsPort = FreePorts.freePort();

  @Test
  void everyWindowExactThroughABrokerFreezeAndKilledComponents() throws Exception {
    List<List<OrderEmission>> phases = traffic();
    Map<Instant, OrderStatusWindow> expected =
        OrderStatusGroundTruth.compute(phases, WINDOW, WATERMARK);
    String want = CommerceWindows.render(expected);

    ChildProcess runner = startRunner();
    try {
      awaitReady(runner);
      LocalCredentials credentials = LocalCredentials.loadOrCreate(work);
      IngestClient client = new IngestClient(uri(ingestPort), credentials, Duration.ofMinutes(3));
      OrderTrafficSender sender = new OrderTrafficSender(client, 100);
      for (int i = 0; i < phases.size(); i++) {
        if (i == phases.size() / 4) {
          freezeBroker(runner, Duration.ofSeconds(15), sender, phases.get(i));
          continue;
        }
        if (i == phases.size() / 2) {
          kill(runner, "io.pulse.jobs.commerce.OrderStatusCounts");
        }
        if (i == 3 * phases.size() / 4) {
          kill(runner, "results-service");
        }
        sender.send(phases.get(i));
      }
      assertTrue(client.retries() > 0, "the freeze made some POSTs wait for a retry");
      assertTrue(
          client.longestRequest().compareTo(Duration.ofSeconds(10)) < 0,
          "longest POST " + client.longestRequest());
      assertEquals(want, awaitAnswer(credentials, want, Duration.ofMinutes(6)), "after the faults");
    } finally {
      runner.stop(Duration.ofSeconds(60));
    }

    ChildProcess again = startRunner();
    try {
      awaitReady(again);
      assertEquals(
          want,
          awaitAnswer(LocalCredentials.loadOrCreate(work), want, Duration.ofMinutes(3)),
          "after a runner restart");
    } finally {
      again.stop(Duration.ofSeconds(60));
    }
  }

  /** Six minutes of orders, out of order within 30 s and duplicated, none behind the watermark. */
  private static List<List<OrderEmission>> traffic() {
    OrderTrafficProfile profile =
        new OrderTrafficProfile(
            3.0, 50, 0.08, 0.05, Duration.ofSeconds(30), 0.03, 0.0, Duration.ZERO, Duration.ZERO);
    OrderLifecycleSimulator simulator =
        new OrderLifecycleSimulator(profile, START, START.plus(Duration.ofMinutes(6)), 7L, "f");
    List<List<OrderEmission>> phases = new ArrayList<>();
    Instant until = START;
    while (!simulator.finished()) {
      until = until.plus(Duration.ofSeconds(30));
      phases.add(simulator.emitUntil(until));
    }
    return phases;
  }

  private ChildProcess startRunner() {
    Map<String, String> env = new HashMap<>();
    env.put(Components.ORDER_INGEST.portEnv(), Integer.toString(ingestPort));
    env.put(Components.RESULTS_SERVICE.portEnv(), Integer.toString(resultsPort));
    return ChildProcess.startJava(
        "pulse-local",
        layout.localClasspath(),
        List.of("-Xmx256m"),
        PulseLocal.class.getName(),
        List.of(
            "--repo-dir",
            layout.root().toString(),
            "--work-dir",
            work.toString(),
            "--pipelines",
            "commerce",
            "--no-simulator",
            "--kafka-port",
            Integer.toString(kafkaPort)),
        env,
        work.resolve("runner.log"));
  }

  /** Until the runner has started everything: its job's process and both services answering. */
  private void awaitReady(ChildProcess runner) {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(runner.isAlive(), "the runner stopped:\n" + runner.tail(40));
      if (descendant(runner, "io.pulse.jobs.commerce.OrderStatusCounts").isPresent()
          && HttpProbe.isOk(uri(resultsPort).resolve("/health/readiness"))
          && HttpProbe.isOk(uri(ingestPort).resolve("/health/readiness"))) {
        return;
      }
      HttpProbe.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError("the runner did not start in time:\n" + runner.tail(40));
  }

  /** SIGSTOP on the broker; the phase is sent meanwhile (its POSTs get 503 and are retried). */
  private void freezeBroker(
      ChildProcess runner, Duration pause, OrderTrafficSender sender, List<OrderEmission> phase)
      throws Exception {
    ProcessHandle broker = descendantOf(runner, "kafka.Kafka");
    signal(broker, "STOP");
    Thread thaw =
        new Thread(
            () -> {
              HttpProbe.sleep(pause);
              signal(broker, "CONT");
            });
    thaw.start();
    try {
      sender.send(phase);
    } finally {
      thaw.join();
    }
  }

  private void kill(ChildProcess runner, String commandPart) {
    descendantOf(runner, commandPart).destroyForcibly();
  }

  private ProcessHandle descendantOf(ChildProcess runner, String commandPart) {
    return descendant(runner, commandPart)
        .orElseThrow(() -> new AssertionError("no process running " + commandPart));
  }

  private static Optional<ProcessHandle> descendant(ChildProcess runner, String commandPart) {
    return ProcessHandle.of(runner.pid()).stream()
        .flatMap(ProcessHandle::descendants)
        .filter(p -> commandLine(p).contains(commandPart))
        .findFirst();
  }

  /**
   * The whole command line from /proc: the JDK's {@code ProcessHandle.Info} cuts it at a page, and
   * a Spark job's classpath alone is longer than that, so the main class would never show.
   */
  private static String commandLine(ProcessHandle process) {
    try {
      return new String(
              java.nio.file.Files.readAllBytes(
                  Path.of("/proc", Long.toString(process.pid()), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ""; // ended meanwhile
    }
  }

  private static void signal(ProcessHandle process, String signal) {
    try {
      int exit =
          new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
              .inheritIO()
              .start()
              .waitFor();
      assertEquals(0, exit, "kill -" + signal);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String awaitAnswer(LocalCredentials credentials, String want, Duration patience) {
    JsonHttp http = new JsonHttp(uri(resultsPort)).withBearer(credentials.readToken());
    String got = "";
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        var response = http.get("/v1/commerce/status-counts");
        if (response.statusCode() == 200) {
          got = CommerceWindows.render(CommerceWindows.parse(response.body()));
          if (got.equals(want)) {
            return got;
          }
        }
      } catch (RuntimeException e) {
        // results-service is restarting
      }
      HttpProbe.sleep(Duration.ofSeconds(1));
    }
    return got;
  }

  private static URI uri(int port) {
    return URI.create("http://localhost:" + port);
  }
}
