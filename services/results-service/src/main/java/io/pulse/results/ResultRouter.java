package io.pulse.results;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.events.InvalidEventException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each results record through the routing table ({@link ResultViews}): decoded into its view
 * and out on the live stream as the job wrote it; a tombstone deletes its key. A record that cannot
 * be decoded is logged and counted, never thrown: one bad record must not stop the views updating.
 */
@Singleton
public class ResultRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ResultRouter.class);

  private final ResultViews views;
  private final ResultBroadcaster broadcaster;
  private final MeterRegistry metrics;

  public ResultRouter(ResultViews views, ResultBroadcaster broadcaster, MeterRegistry metrics) {
    this.views = views;
    this.broadcaster = broadcaster;
    this.metrics = metrics;
  }

  public void apply(String topic, String key, byte[] value) {
    ResultViews.Route<?> route = views.route(topic).orElse(null);
    if (route == null) {
      return;
    }
    try {
      if (value == null) {
        if (key != null) {
          route.view().remove(key);
        }
      } else {
        route.upsert(value);
        broadcaster.publishJson(route.event(), value);
      }
      metrics.counter("pulse.results.records", "topic", topic).increment();
    } catch (InvalidEventException | IllegalArgumentException | NullPointerException e) {
      metrics.counter("pulse.results.undecodable", "topic", topic).increment();
      LOG.warn("skipping undecodable record topic={} key={}: {}", topic, key, e.getMessage());
    }
  }
}
