package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultViewTest {
  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
  private static final AnswerCap ALL = new AnswerCap(1000, 1 << 20);

  private static void put(ResultView<String> view, String key, int second, String value) {
    view.upsert(
        key, T.plusSeconds(second), value, ("\"" + value + "\"").getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> values(ResultView.Page<String> page) {
    return page.entries().stream().map(ResultView.Entry::attributes).toList();
  }

  @Test
  void keepsTheNewestValuePerKeyInTimeOrderAndMovesAKeyWhoseTimeChanged() {
    ResultView<String> view = new ResultView<>("v", 1 << 20);
    put(view, "a", 30, "a1");
    put(view, "b", 10, "b1");
    put(view, "a", 5, "a2");
    assertEquals(List.of("a2", "b1"), values(view.oldest(null, null, v -> true, ALL)));
    assertEquals(List.of("b1", "a2"), values(view.newest(null, null, v -> true, ALL)));
    assertEquals(2, view.size());
  }

  @Test
  void rangesAreHalfOpenAndFiltersApply() {
    ResultView<String> view = new ResultView<>("v", 1 << 20);
    for (int i = 0; i < 6; i++) {
      put(view, "k" + i, i * 10, "v" + i);
    }
    assertEquals(
        List.of("v1", "v2"),
        values(view.oldest(T.plusSeconds(10), T.plusSeconds(30), v -> true, ALL)));
    assertEquals(
        List.of("v5", "v3"),
        values(view.newest(null, null, v -> !v.equals("v4"), ALL.withLimit(2))));
  }

  @Test
  void staysWithinItsBytesByEvictingTheOldestAndTombstonesFreeTheirBytes() {
    byte[] kilobyte = new byte[1000];
    long perEntry = ResultView.ENTRY_OVERHEAD + 2L * "k0".length() + kilobyte.length;
    ResultView<String> view = new ResultView<>("v", 3 * perEntry);
    for (int i = 0; i < 5; i++) {
      view.upsert("k" + i, T.plusSeconds(i), "v" + i, kilobyte);
      assertTrue(view.bytes() <= view.maxBytes(), "within the bound after each record");
    }
    assertEquals(List.of("v2", "v3", "v4"), values(view.oldest(null, null, v -> true, ALL)));
    assertEquals(2, view.evicted());
    view.remove("k3");
    assertEquals(2 * perEntry, view.bytes());
    assertFalse(view.get("k3").isPresent());
    view.remove("k3");
    assertEquals(2 * perEntry, view.bytes(), "a second tombstone changes nothing");
  }

  @Test
  void pagesOfALongRangeNeitherRepeatNorSkipEntriesThatShareATime() {
    ResultView<String> view = new ResultView<>("v", 1 << 20);
    // Three groups per instant, like the sources of a sentiment window.
    List<String> expected = new ArrayList<>();
    for (int t = 0; t < 7; t++) {
      for (String group : List.of("a", "b", "c")) {
        put(view, t + group, t, t + group);
        expected.add(t + group);
      }
    }
    AnswerCap cap = new AnswerCap(5, 1 << 20);
    List<String> oldestFirst = new ArrayList<>();
    Instant from = null;
    int pages = 0;
    do {
      ResultView.Page<String> page = view.oldest(from, null, v -> true, cap);
      assertTrue(page.entries().size() <= 5);
      oldestFirst.addAll(values(page));
      from = page.next();
      pages++;
    } while (from != null);
    assertEquals(expected, oldestFirst);
    assertEquals(7, pages, "cut where the time changes: one instant (3 entries) per page");

    List<String> newestFirst = new ArrayList<>();
    Instant to = null;
    do {
      ResultView.Page<String> page = view.newest(null, to, v -> true, cap);
      newestFirst.addAll(values(page));
      to = page.next();
    } while (to != null);
    List<String> reversed = new ArrayList<>(expected);
    Collections.reverse(reversed);
    // Within one instant the newest-first order is by key descending, as the reverse shows.
    assertEquals(reversed, newestFirst);
  }

  @Test
  void capsAnAnswerInBytes() {
    ResultView<String> view = new ResultView<>("v", 1 << 20);
    for (int i = 0; i < 10; i++) {
      put(view, "k" + i, i, "x".repeat(100));
    }
    ResultView.Page<String> page = view.oldest(null, null, v -> true, new AnswerCap(1000, 350));
    assertEquals(3, page.entries().size());
    assertEquals(T.plusSeconds(3), page.next());
    assertNull(view.oldest(null, null, v -> true, ALL).next(), "an uncut answer has no cursor");
  }
}
