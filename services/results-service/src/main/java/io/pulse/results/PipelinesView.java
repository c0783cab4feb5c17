package io.pulse.results;

import io.micronaut.context.annotation.Value;
import io.pulse.events.PipelineStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each pipeline's last report. A RUNNING job reports at least every few seconds (after each batch,
 * and while idle), so a report older than {@code stale-after} means the job is gone without saying
 * so (killed, or its machine lost): it shows as UNKNOWN rather than a RUNNING it cannot vouch for.
 */
@Singleton
public class PipelinesView {
  private final Map<String, PipelineStatus> reports = new ConcurrentHashMap<>();
  private final List<String> expected;
  private final Duration staleAfter;
  private final Clock clock;

  public PipelinesView(
      @Value("${pulse.pipelines.expected}") List<String> expected,
      @Value("${pulse.pipelines.stale-after}") Duration staleAfter) {
    this(expected, staleAfter, Clock.systemUTC());
  }

  PipelinesView(List<String> expected, Duration staleAfter, Clock clock) {
    this.expected = List.copyOf(expected);
    this.staleAfter = staleAfter;
    this.clock = clock;
  }

  public void update(PipelineStatus status) {
    reports.put(status.name(), status);
  }

  /** Expected pipelines first, in their order, then any other that reported. */
  public List<PipelineStatus> all() {
    Instant now = clock.instant();
    List<String> names = new ArrayList<>(expected);
    reports.keySet().stream().filter(n -> !names.contains(n)).sorted().forEach(names::add);
    List<PipelineStatus> out = new ArrayList<>();
    for (String name : names) {
      PipelineStatus report = reports.get(name);
      if (report == null) {
        out.add(new PipelineStatus(name, "UNKNOWN", "no report yet", now, null, 0, 0, 0, 0, null));
      } else if (report.state().equals("RUNNING")
          && report.reportedAt().plus(staleAfter).isBefore(now)) {
        out.add(report.withState("UNKNOWN", "no report since " + report.reportedAt()));
      } else {
        out.add(report);
      }
    }
    return out;
  }
}
