package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeIndexTest {
  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  private static void put(TimeIndex<String> index, String key, int second, String value) {
    index.upsert(
        key, T.plusSeconds(second), value, ("\"" + value + "\"").getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> values(List<TimeIndex.Entry<String>> entries) {
    return entries.stream().map(TimeIndex.Entry::value).toList();
  }

  @Test
  void keepsTheNewestValuePerKeyInTimeOrderAndMovesAKeyWhoseTimeChanged() {
    TimeIndex<String> index = new TimeIndex<>(10);
    put(index, "a", 30, "a1");
    put(index, "b", 10, "b1");
    put(index, "a", 5, "a2");
    assertEquals(List.of("a2", "b1"), values(index.between(null, null, v -> true)));
    assertEquals(List.of("b1", "a2"), values(index.newest(null, null, v -> true, 10)));
    assertEquals(2, index.size());
  }

  @Test
  void rangesAreHalfOpenAndFiltersAndLimitsApply() {
    TimeIndex<String> index = new TimeIndex<>(10);
    for (int i = 0; i < 6; i++) {
      put(index, "k" + i, i * 10, "v" + i);
    }
    assertEquals(
        List.of("v1", "v2"),
        values(index.between(T.plusSeconds(10), T.plusSeconds(30), v -> true)));
    assertEquals(List.of("v5", "v3"), values(index.newest(null, null, v -> !v.equals("v4"), 2)));
    assertEquals(
        "{\"x\":[\"v0\",\"v1\"]}",
        TimeIndex.document("x", index.between(null, T.plusSeconds(20), v -> true)));
  }

  @Test
  void dropsTheOldestBeyondItsBoundAndForgetsRemovedKeys() {
    TimeIndex<String> index = new TimeIndex<>(3);
    for (int i = 0; i < 5; i++) {
      put(index, "k" + i, i, "v" + i);
    }
    assertEquals(List.of("v2", "v3", "v4"), values(index.between(null, null, v -> true)));
    index.remove("k3");
    put(index, "k0", 100, "again");
    assertEquals(List.of("v2", "v4", "again"), values(index.between(null, null, v -> true)));
  }
}
