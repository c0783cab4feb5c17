package io.pulse.results;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Result records of one kind, newest value per key, ordered by their time, at most {@code
 * maxEntries} (the oldest go first): a results topic is compacted, not bounded, and a service must
 * not grow without limit. Each entry keeps the record's JSON as the job wrote it, which is what the
 * API serves, so the contract is the events module's codec and nothing is re-encoded.
 */
final class TimeIndex<V> {
  record Entry<V>(String key, Instant time, V value, byte[] json) {}

  private record Position(Instant time, String key) {}

  private static final Comparator<Position> ORDER =
      Comparator.comparing(Position::time).thenComparing(Position::key);

  private final NavigableMap<Position, Entry<V>> byTime = new ConcurrentSkipListMap<>(ORDER);
  private final Map<String, Position> positions = new HashMap<>();
  private final int maxEntries;

  TimeIndex(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  synchronized void upsert(String key, Instant time, V value, byte[] json) {
    remove(key);
    Position position = new Position(time, key);
    positions.put(key, position);
    byTime.put(position, new Entry<>(key, time, value, json));
    while (byTime.size() > maxEntries) {
      Map.Entry<Position, Entry<V>> oldest = byTime.pollFirstEntry();
      positions.remove(oldest.getKey().key());
    }
  }

  synchronized void remove(String key) {
    Position previous = positions.remove(key);
    if (previous != null) {
      byTime.remove(previous);
    }
  }

  /** Entries with time in [from, to) that pass {@code filter}, oldest first; bounds may be null. */
  List<Entry<V>> between(Instant from, Instant to, Predicate<V> filter) {
    return collect(range(from, to).values(), filter, Integer.MAX_VALUE);
  }

  /** The newest {@code limit} entries in [from, to) that pass {@code filter}, newest first. */
  List<Entry<V>> newest(Instant from, Instant to, Predicate<V> filter, int limit) {
    return collect(range(from, to).descendingMap().values(), filter, limit);
  }

  private NavigableMap<Position, Entry<V>> range(Instant from, Instant to) {
    NavigableMap<Position, Entry<V>> range = byTime;
    if (from != null) {
      range = range.tailMap(new Position(from, ""), true);
    }
    if (to != null) {
      range = range.headMap(new Position(to, ""), false);
    }
    return range;
  }

  private static <V> List<Entry<V>> collect(
      Iterable<Entry<V>> entries, Predicate<V> filter, int limit) {
    List<Entry<V>> out = new ArrayList<>();
    for (Entry<V> e : entries) {
      if (out.size() >= limit) {
        break;
      }
      if (filter.test(e.value())) {
        out.add(e);
      }
    }
    return out;
  }

  int size() {
    return byTime.size();
  }

  /** {@code {"<field>":[json,json,...]}}: the stored records as one JSON document. */
  static String document(String field, List<? extends Entry<?>> entries) {
    StringBuilder out = new StringBuilder("{\"").append(field).append("\":[");
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(new String(entries.get(i).json(), StandardCharsets.UTF_8));
    }
    return out.append("]}").toString();
  }
}
