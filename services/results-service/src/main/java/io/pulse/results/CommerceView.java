package io.pulse.results;

import io.pulse.events.OrderStatusWindow;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The newest counts of every order-status window, ordered by window start. */
@Singleton
public class CommerceView {
  private final NavigableMap<Instant, OrderStatusWindow> windows = new ConcurrentSkipListMap<>();

  public void upsert(OrderStatusWindow window) {
    windows.put(window.windowStart(), window);
  }

  public void remove(Instant windowStart) {
    windows.remove(windowStart);
  }

  /** Windows starting in [from, to); either bound may be null. */
  public List<OrderStatusWindow> between(Instant from, Instant to) {
    NavigableMap<Instant, OrderStatusWindow> range = windows;
    if (from != null) {
      range = range.tailMap(from, true);
    }
    if (to != null) {
      range = range.headMap(to, false);
    }
    return List.copyOf(range.values());
  }

  public int size() {
    return windows.size();
  }
}
