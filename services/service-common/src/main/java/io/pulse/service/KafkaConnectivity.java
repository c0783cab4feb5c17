package io.pulse.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.reactivestreams.Publisher;

/**
 * Whether Kafka answers, checked in the background every few seconds and shown in {@code /health}
 * (details) and on {@code /prometheus} ({@code pulse.kafka.reachable}).
 *
 * <p>It never makes the service unready: a broker blip (or a rolling restart of a 3-broker cluster,
 * which micronaut-kafka's own indicator reads as DOWN) must not take every pod out of the Service,
 * or clients get connection errors instead of the JSON 503 that says to retry. So an unreachable
 * Kafka reports an operational status, {@code KAFKA_UNREACHABLE}, and micronaut-kafka's indicator
 * is switched off ({@code kafka.health.enabled: false}).
 */
@Context
@Requires(beans = KafkaDefaultConfiguration.class)
public class KafkaConnectivity implements HealthIndicator {
  static final HealthStatus UNREACHABLE =
      new HealthStatus("KAFKA_UNREACHABLE", "Kafka does not answer; ingest answers 503", true, 1);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(4);

  private final Properties adminProps;
  private Admin admin;
  private final ScheduledExecutorService checker;
  private volatile Check last = new Check(false, null, "not checked yet", null);

  private record Check(boolean reachable, Integer brokers, String error, Instant at) {}

  public KafkaConnectivity(KafkaDefaultConfiguration kafka, MeterRegistry metrics) {
    Properties props = new Properties();
    Properties all = kafka.getConfig();
    for (String name : AdminClientConfig.configNames()) {
      if (all.containsKey(name)) {
        props.put(name, all.get(name));
      }
    }
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
    this.adminProps = props;
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafka-connectivity");
              t.setDaemon(true);
              return t;
            });
    checker.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    Gauge.builder("pulse.kafka.reachable", this, c -> c.last.reachable() ? 1 : 0)
        .description("1 while the last check reached a Kafka broker")
        .register(metrics);
  }

  private void check() {
    try {
      if (admin == null) {
        // Made here, not at start: a client that cannot even be built (a missing truststore)
        // shows as unreachable with its reason instead of stopping the service.
        admin = Admin.create(adminProps);
      }
      int brokers =
          admin
              .describeCluster(
                  new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()))
              .nodes()
              .get(CHECK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
              .size();
      last = new Check(true, brokers, null, Instant.now());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      last = new Check(false, null, cause.getClass().getSimpleName(), Instant.now());
    }
  }

  /** Whether the last check reached a broker. */
  public boolean reachable() {
    return last.reachable();
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Check c = last;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reachable", c.reachable());
    if (c.brokers() != null) {
      details.put("brokers", c.brokers());
    }
    if (c.error() != null) {
      details.put("error", c.error());
    }
    if (c.at() != null) {
      details.put("checkedAt", c.at().toString());
    }
    return Publishers.just(
        HealthResult.builder("kafka", c.reachable() ? HealthStatus.UP : UNREACHABLE)
            .details(details)
            .build());
  }

  @PreDestroy
  void close() {
    checker.shutdownNow();
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
