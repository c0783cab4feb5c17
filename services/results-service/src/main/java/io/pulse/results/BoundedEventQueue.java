package io.pulse.results;

import io.micronaut.http.sse.Event;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One live-stream subscriber's pending updates: refuses an update ({@code offer} false) beyond
 * {@code maxEvents} or {@code maxBytes} of data, which is the broadcaster's sign to drop the
 * subscriber. One thread offers (the Kafka consumer), another polls (the connection's).
 */
final class BoundedEventQueue extends AbstractQueue<Event<Object>> {
  private final Queue<Event<Object>> events = new ConcurrentLinkedQueue<>();
  private final AtomicLong size = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final int maxEvents;
  private final long maxBytes;

  BoundedEventQueue(int maxEvents, long maxBytes) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  private static long weight(Event<Object> event) {
    return event.getData() instanceof String s ? s.length() : 64;
  }

  @Override
  public boolean offer(Event<Object> event) {
    long weight = weight(event);
    if (size.get() >= maxEvents || bytes.get() + weight > maxBytes) {
      return false;
    }
    events.add(event);
    size.incrementAndGet();
    bytes.addAndGet(weight);
    return true;
  }

  @Override
  public Event<Object> poll() {
    Event<Object> event = events.poll();
    if (event != null) {
      size.decrementAndGet();
      bytes.addAndGet(-weight(event));
    }
    return event;
  }

  @Override
  public Event<Object> peek() {
    return events.peek();
  }

  @Override
  public int size() {
    return (int) size.get();
  }

  @Override
  public Iterator<Event<Object>> iterator() {
    return events.iterator();
  }
}
