package io.pulse.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Counters every ingest service exposes on /prometheus, beside Micronaut's HTTP timers. */
@Singleton
public class IngestMetrics {
  private final MeterRegistry registry;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void published(String topic, int records) {
    registry.counter("pulse.ingest.published.records", "topic", topic).increment(records);
  }

  public void publishFailed(String topic) {
    registry.counter("pulse.ingest.publish.failures", "topic", topic).increment();
  }

  public void rejected(String path) {
    registry.counter("pulse.ingest.rejected.requests", "path", path).increment();
  }
}
