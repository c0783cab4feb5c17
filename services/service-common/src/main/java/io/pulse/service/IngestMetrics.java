package io.pulse.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters every ingest service exposes on /prometheus, beside Micronaut's HTTP timers. */
@Singleton
public class IngestMetrics {
  private final MeterRegistry registry;
  // Looked up once per topic: a registry lookup builds tags and an id on every call.
  private final Map<String, Counter> published = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void published(String topic, int records) {
    published
        .computeIfAbsent(topic, t -> registry.counter("pulse.ingest.published.records", "topic", t))
        .increment(records);
  }

  public void publishFailed(String topic) {
    registry.counter("pulse.ingest.publish.failures", "topic", topic).increment();
  }

  public void rejected(String path) {
    registry.counter("pulse.ingest.rejected.requests", "path", path).increment();
  }
}
