package io.pulse.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.events.OrderStatusWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Commerce windows as tests compare them: parsed from the results API, rendered one per line. */
public final class CommerceWindows {
  private CommerceWindows() {}

  /**
   * The windows of a {@code GET /v1/commerce/status-counts} answer by start; fails when they are
   * not sorted by windowStart, as the contract says they are.
   */
  public static Map<Instant, OrderStatusWindow> parse(String body) {
    Map<Instant, OrderStatusWindow> windows = new TreeMap<>();
    Instant previous = Instant.MIN;
    for (JsonNode w : JsonReader.parse(body.getBytes(StandardCharsets.UTF_8)).path("windows")) {
      OrderStatusWindow window =
          OrderStatusWindow.decode(w.toString().getBytes(StandardCharsets.UTF_8));
      if (!window.windowStart().isAfter(previous)) {
        throw new IllegalStateException("windows not sorted by windowStart: " + body);
      }
      previous = window.windowStart();
      windows.put(window.windowStart(), window);
    }
    return windows;
  }

  /** One line per window, start -> end and its counts: a readable diff when tests compare. */
  public static String render(Map<Instant, OrderStatusWindow> windows) {
    StringBuilder out = new StringBuilder();
    windows
        .values()
        .forEach(
            w ->
                out.append(w.windowStart())
                    .append(" -> ")
                    .append(w.windowEnd())
                    .append(' ')
                    .append(w.counts())
                    .append('\n'));
    return out.toString();
  }
}
