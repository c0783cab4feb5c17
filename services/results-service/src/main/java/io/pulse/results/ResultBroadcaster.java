package io.pulse.results;

import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fans result updates out to the live stream's subscribers. Best effort per subscriber: a slow
 * browser misses updates (it refetches on reconnect) instead of holding up the Kafka consumer.
 */
@Singleton
public class ResultBroadcaster {
  private final Sinks.Many<Event<Object>> sink = Sinks.many().multicast().directBestEffort();

  /** An update in JSON as the job wrote it: sent as it is. */
  public void publishJson(String kind, byte[] json) {
    sink.tryEmitNext(Event.<Object>of(new String(json, StandardCharsets.UTF_8)).name(kind));
  }

  public Flux<Event<Object>> updates() {
    return sink.asFlux();
  }
}
