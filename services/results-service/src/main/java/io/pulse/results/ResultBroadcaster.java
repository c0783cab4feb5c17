package io.pulse.results;

import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fans result updates out to the live stream's subscribers. Best effort per subscriber: a slow
 * browser misses updates (it refetches on reconnect) instead of holding up the Kafka consumer.
 */
@Singleton
public class ResultBroadcaster {
  private final Sinks.Many<Event<Object>> sink = Sinks.many().multicast().directBestEffort();

  public void publish(String kind, Object update) {
    sink.tryEmitNext(Event.of(update).name(kind));
  }

  /** An update already in JSON (a record as the job wrote it): a string is sent as it is. */
  public void publishJson(String kind, byte[] json) {
    publish(kind, new String(json, java.nio.charset.StandardCharsets.UTF_8));
  }

  public Flux<Event<Object>> updates() {
    return sink.asFlux();
  }
}
