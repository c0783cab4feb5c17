package io.pulse.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The results of one kind (one results topic): the newest record per key, ordered by its time, at
 * most {@code maxBytes} of them counted with their overhead, the oldest by time evicted first. A
 * results topic is compacted, not bounded, and a service must not grow with it. Each entry keeps
 * the record's JSON as the job wrote it, which is what the API serves (nothing is re-encoded), and
 * the few decoded attributes {@code A} that queries filter on.
 */
final class ResultView<A> {
  /**
   * What an entry costs besides its JSON: the entry and position records, the time, the map nodes
   * of both indexes, array headers; measured order of magnitude, deliberately on the high side.
   */
  static final int ENTRY_OVERHEAD = 256;

  record Entry<A>(String key, Instant time, A attributes, byte[] json) {
    long bytes() {
      return ENTRY_OVERHEAD + 2L * key.length() + json.length;
    }
  }

  /**
   * A query's answer: its entries and, when a cap cut it short, the cursor to continue from ({@code
   * from} of the next page for oldest-first queries, {@code to} for newest-first ones).
   */
  record Page<A>(List<Entry<A>> entries, Instant next) {
    boolean truncated() {
      return next != null;
    }
  }

  private record Position(Instant time, String key) {}

  private static final Comparator<Position> ORDER =
      Comparator.comparing(Position::time).thenComparing(Position::key);

  private final String name;
  private final long maxBytes;
  private final NavigableMap<Position, Entry<A>> byTime = new ConcurrentSkipListMap<>(ORDER);
  private final Map<String, Position> positions = new HashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();

  ResultView(String name, long maxBytes) {
    if (maxBytes < ENTRY_OVERHEAD) {
      throw new IllegalArgumentException(
          "pulse.results.views." + name + ".max-bytes must be at least " + ENTRY_OVERHEAD);
    }
    this.name = name;
    this.maxBytes = maxBytes;
  }

  String name() {
    return name;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** Bytes held now, overhead included; never above {@link #maxBytes()}. */
  long bytes() {
    return bytes.get();
  }

  /** Entries evicted to stay within the bound since start. */
  long evicted() {
    return evicted.get();
  }

  int size() {
    return byTime.size();
  }

  synchronized void upsert(String key, Instant time, A attributes, byte[] json) {
    remove(key);
    Entry<A> entry = new Entry<>(key, time, attributes, json);
    Position position = new Position(time, key);
    positions.put(key, position);
    byTime.put(position, entry);
    bytes.addAndGet(entry.bytes());
    while (bytes.get() > maxBytes) {
      Map.Entry<Position, Entry<A>> oldest = byTime.pollFirstEntry();
      positions.remove(oldest.getKey().key());
      bytes.addAndGet(-oldest.getValue().bytes());
      evicted.incrementAndGet();
    }
  }

  /** A tombstone: the key is gone, as compaction will make it. */
  synchronized void remove(String key) {
    Position previous = positions.remove(key);
    if (previous != null) {
      bytes.addAndGet(-byTime.remove(previous).bytes());
    }
  }

  Optional<Entry<A>> get(String key) {
    Position position;
    synchronized (this) {
      position = positions.get(key);
    }
    return position == null ? Optional.empty() : Optional.ofNullable(byTime.get(position));
  }

  /** Every entry, oldest first. */
  List<Entry<A>> all() {
    return List.copyOf(byTime.values());
  }

  /**
   * Entries with time in [from, to) that pass {@code filter}, oldest first, within {@code cap}; a
   * cut answer's cursor is the {@code from} of the next page. Bounds may be null.
   */
  Page<A> oldest(Instant from, Instant to, Predicate<A> filter, AnswerCap cap) {
    return collect(range(from, to).values(), filter, cap, false);
  }

  /**
   * Entries with time in [from, to) that pass {@code filter}, newest first, within {@code cap}; a
   * cut answer's cursor is the {@code to} of the next page.
   */
  Page<A> newest(Instant from, Instant to, Predicate<A> filter, AnswerCap cap) {
    return collect(range(from, to).descendingMap().values(), filter, cap, true);
  }

  private NavigableMap<Position, Entry<A>> range(Instant from, Instant to) {
    NavigableMap<Position, Entry<A>> range = byTime;
    if (from != null) {
      range = range.tailMap(new Position(from, ""), true);
    }
    if (to != null) {
      range = range.headMap(new Position(to, ""), false);
    }
    return range;
  }

  private static <A> Page<A> collect(
      Iterable<Entry<A>> entries, Predicate<A> filter, AnswerCap cap, boolean newestFirst) {
    List<Entry<A>> out = new ArrayList<>();
    long size = 0;
    for (Entry<A> e : entries) {
      if (!filter.test(e.attributes())) {
        continue;
      }
      if (out.size() >= cap.maxEntries() || size + e.json().length > cap.maxBytes()) {
        return cut(out, e.time(), newestFirst);
      }
      out.add(e);
      size += e.json().length + 1;
    }
    return new Page<>(out, null);
  }

  /**
   * Cuts at a change of time, so that the next page, which starts at the first omitted time,
   * neither repeats nor skips an entry. Only when one instant holds more than a whole page is that
   * instant split, and its entries beyond the page are skipped.
   */
  private static <A> Page<A> cut(List<Entry<A>> out, Instant firstOmitted, boolean newestFirst) {
    int end = out.size();
    while (end > 0 && out.get(end - 1).time().equals(firstOmitted)) {
      end--;
    }
    if (end == 0) {
      return new Page<>(out, newestFirst ? firstOmitted : firstOmitted.plusNanos(1));
    }
    // to is exclusive: one nanosecond later includes the first omitted instant.
    return new Page<>(
        List.copyOf(out.subList(0, end)), newestFirst ? firstOmitted.plusNanos(1) : firstOmitted);
  }
}
