package io.pulse.results;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fans result updates out to at most {@code max-subscribers} live-stream subscribers. Each has a
 * queue bounded in events and bytes; a subscriber that falls so far behind that its queue is full
 * is dropped (its stream ends, the browser reconnects and refetches) instead of being buffered for,
 * or holding up the Kafka consumer. An update's text is shared by every queue it is in.
 */
@Singleton
public class ResultBroadcaster {
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final int maxSubscribers;
  private final int queueEvents;
  private final long queueBytes;
  private final Counter dropped;

  public ResultBroadcaster(
      @Value("${pulse.results.stream.max-subscribers}") int maxSubscribers,
      @Value("${pulse.results.stream.queue-events}") int queueEvents,
      @Value("${pulse.results.stream.queue-bytes}") long queueBytes,
      MeterRegistry metrics) {
    this.maxSubscribers = maxSubscribers;
    this.queueEvents = queueEvents;
    this.queueBytes = queueBytes;
    this.dropped =
        Counter.builder("pulse.results.stream.dropped")
            .description("live-stream subscribers dropped because they fell behind")
            .register(metrics);
    metrics.gauge("pulse.results.stream.subscribers", count);
  }

  /** An update in JSON as the job wrote it: sent as it is. */
  public void publishJson(String kind, byte[] json) {
    Event<Object> event = Event.<Object>of(new String(json, StandardCharsets.UTF_8)).name(kind);
    for (Subscriber s : subscribers) {
      if (s.sink.tryEmitNext(event).isFailure()) {
        subscribers.remove(s);
        dropped.increment();
        s.drop.tryEmitEmpty();
      }
    }
  }

  /**
   * A new subscriber's updates merged with {@code alongside} (heartbeats), ending when it is
   * dropped; empty when {@code max-subscribers} streams are open.
   */
  public Optional<Flux<Event<Object>>> subscribe(Flux<Event<Object>> alongside) {
    if (count.incrementAndGet() > maxSubscribers) {
      count.decrementAndGet();
      return Optional.empty();
    }
    Subscriber s = new Subscriber(new BoundedEventQueue(queueEvents, queueBytes));
    subscribers.add(s);
    return Optional.of(
        Flux.merge(s.sink.asFlux(), alongside)
            .takeUntilOther(s.drop.asMono())
            .doFinally(
                signal -> {
                  subscribers.remove(s);
                  count.decrementAndGet();
                }));
  }

  public int subscribers() {
    return count.get();
  }

  private static final class Subscriber {
    final Sinks.Many<Event<Object>> sink;
    final Sinks.Empty<Void> drop = Sinks.empty();

    Subscriber(BoundedEventQueue queue) {
      this.sink = Sinks.many().unicast().onBackpressureBuffer(queue);
    }
  }
}
