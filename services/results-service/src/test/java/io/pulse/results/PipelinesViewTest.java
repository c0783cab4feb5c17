package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.PipelineStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinesViewTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static PipelineStatus report(String name, String state, Instant at) {
    return new PipelineStatus(name, state, null, at, at, 120, 10, 10, 4, 0L);
  }

  @Test
  void listsExpectedPipelinesFirstAndTurnsASilentRunningJobIntoUnknown() {
    PipelinesView view =
        new PipelinesView(
            List.of("order-status-counts", "fraud-scoring"),
            Duration.ofMinutes(2),
            Clock.fixed(NOW, ZoneOffset.UTC));
    view.update(report("order-status-counts", "RUNNING", NOW.minusSeconds(30)));
    view.update(report("fraud-scoring", "RUNNING", NOW.minusSeconds(180)));
    view.update(report("adhoc", "FAILED", NOW.minusSeconds(3600)));
    List<PipelineStatus> all = view.all();
    assertEquals(
        List.of("order-status-counts", "fraud-scoring", "adhoc"),
        all.stream().map(PipelineStatus::name).toList());
    assertEquals("RUNNING", all.get(0).state());
    assertEquals("UNKNOWN", all.get(1).state());
    assertEquals("no report since 2026-11-24T09:57:00Z", all.get(1).detail());
    assertEquals("FAILED", all.get(2).state(), "a final state stays as reported");
  }

  @Test
  void aPipelineThatNeverReportedIsUnknown() {
    PipelinesView view =
        new PipelinesView(
            List.of("social-sentiment"), Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));
    assertEquals("UNKNOWN", view.all().get(0).state());
    assertEquals("no report yet", view.all().get(0).detail());
  }
}
