package io.pulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one JVM), from the Kafka jars
 * on the runner's classpath, with its data in the work folder so a second run resumes.
 */
public final class LocalKafka {
  private LocalKafka() {}

  public static ChildProcess start(RepoLayout layout, Path workDir, int port, Path logDir) {
    Path dir = workDir.resolve("kafka");
    Path data = dir.resolve("data");
    Path config = dir.resolve("server.properties");
    try {
      Files.createDirectories(data);
      Files.writeString(config, serverProperties(data, port));
      if (!Files.exists(data.resolve("meta.properties"))) {
        format(layout, config, logDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka's folder " + dir, e);
    }
    ChildProcess broker =
        ChildProcess.startJava(
            "kafka",
            layout.localClasspath(),
            List.of("-Xmx512m"),
            "kafka.Kafka",
            List.of(config.toString()),
            Map.of(),
            logDir.resolve("kafka.log"));
    awaitPort(port, Duration.ofSeconds(60), broker);
    return broker;
  }

  private static void format(RepoLayout layout, Path config, Path logDir) throws IOException {
    ChildProcess format =
        ChildProcess.startJava(
            "kafka-storage-format",
            layout.localClasspath(),
            List.of("-Xmx256m"),
            "kafka.tools.StorageTool",
            List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
            Map.of(),
            logDir.resolve("kafka-format.log"));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (format.isAlive() && System.nanoTime() < deadline) {
      HttpProbe.sleep(Duration.ofMillis(100));
    }
    if (format.isAlive() || format.exitValue() != 0) {
      format.stop(Duration.ofSeconds(1));
      throw new IllegalStateException("formatting Kafka's storage failed:\n" + format.tail(20));
    }
  }

  static String serverProperties(Path data, int port) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@localhost:" + (port + 1),
        "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1),
        "advertised.listeners=PLAINTEXT://localhost:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + data,
        // One broker: internal topics cannot have more replicas, or consumer groups never form.
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "num.partitions=3",
        "auto.create.topics.enable=false",
        // A laptop's disk: keep a day of raw events, compact results quickly.
        "log.retention.hours=24",
        "log.cleaner.min.compaction.lag.ms=0",
        "log.segment.bytes=67108864",
        "");
  }

  private static void awaitPort(int port, Duration timeout, ChildProcess broker) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!broker.isAlive()) {
        throw new IllegalStateException("Kafka exited; last log lines:\n" + broker.tail(30));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("localhost", port), 500);
        return;
      } catch (IOException e) {
        HttpProbe.sleep(Duration.ofMillis(200));
      }
    }
    throw new IllegalStateException("Kafka did not open port " + port + " within " + timeout);
  }
}
