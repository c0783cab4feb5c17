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
import java.util.stream.Stream;

/**
 * Each pipeline's health, from two sources: the job's own reports (everywhere) and, on Kubernetes,
 * the Spark Operator's state of its SparkApplication, which outranks the job's: the operator knows
 * whether the driver runs, the job knows how it is doing.
 *
 * <p>A RUNNING job reports at least every few seconds (after each batch, and while idle), so a
 * report older than {@code stale-after} means the job is gone without saying so (killed, or its
 * machine lost): it shows as UNKNOWN rather than a RUNNING nobody vouches for.
 */
@Singleton
public class PipelinesView {
  /** The operator's view of one SparkApplication. */
  record ClusterState(String state, String detail) {}

  private final Map<String, PipelineStatus> reports = new ConcurrentHashMap<>();
  private final Map<String, ClusterState> cluster = new ConcurrentHashMap<>();
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

  /** The SparkApplication's state (SUBMITTED, RUNNING, FAILED, ...) and error message, if any. */
  public void updateCluster(String name, String state, String detail) {
    cluster.put(name, new ClusterState(state, detail));
  }

  /** Expected pipelines first, in their order, then any other that reported. */
  public List<PipelineStatus> all() {
    Instant now = clock.instant();
    List<String> names = new ArrayList<>(expected);
    Stream.concat(reports.keySet().stream(), cluster.keySet().stream())
        .distinct()
        .filter(n -> !names.contains(n))
        .sorted()
        .forEach(names::add);
    List<PipelineStatus> out = new ArrayList<>();
    for (String name : names) {
      PipelineStatus fromJob = fromJob(name, now);
      ClusterState fromCluster = cluster.get(name);
      out.add(
          fromCluster == null
              ? fromJob
              : fromJob.withState(
                  fromCluster.state(),
                  fromCluster.detail() != null ? fromCluster.detail() : fromJob.detail()));
    }
    return out;
  }

  private PipelineStatus fromJob(String name, Instant now) {
    PipelineStatus report = reports.get(name);
    if (report == null) {
      return new PipelineStatus(name, "UNKNOWN", "no report yet", now, null, 0, 0, 0, 0, null);
    }
    if (report.state().equals("RUNNING") && report.reportedAt().plus(staleAfter).isBefore(now)) {
      return report.withState("UNKNOWN", "no report since " + report.reportedAt());
    }
    return report;
  }
}
