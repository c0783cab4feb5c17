package io.pulse.results;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.pulse.events.PipelineStatus;
import io.pulse.events.ResultKeys;
import jakarta.inject.Inject;
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

  private final ResultView<PipelineStatus> reports;
  private final Map<String, ClusterState> cluster = new ConcurrentHashMap<>();
  private final List<String> expected;
  private final Duration staleAfter;
  private final Clock clock;

  @Inject
  public PipelinesView(
      @Value("${pulse.pipelines.expected}") List<String> expected,
      @Value("${pulse.pipelines.stale-after}") Duration staleAfter,
      ViewLimits limits,
      MeterRegistry metrics) {
    this(expected, staleAfter, Clock.systemUTC(), limits.maxBytes("pipelines"));
    // Late events and restarts per pipeline, as the jobs last reported them, for alerting.
    for (String name : this.expected) {
      Gauge.builder("pulse.pipeline.late.events", this, v -> v.reported(name, "late"))
          .description("events dropped behind the watermark (each one is in the DLQ), per job run")
          .tag("pipeline", name)
          .register(metrics);
      Gauge.builder("pulse.pipeline.restarts", this, v -> v.reported(name, "restarts"))
          .description("restarts of the job after it stopped unexpectedly")
          .tag("pipeline", name)
          .register(metrics);
    }
  }

  private double reported(String name, String what) {
    return reports
        .get(name)
        .map(ResultView.Entry::attributes)
        .map(r -> what.equals("late") ? (double) r.lateEvents() : (double) r.restarts())
        .orElse(0.0);
  }

  PipelinesView(List<String> expected, Duration staleAfter, Clock clock) {
    this(expected, staleAfter, clock, 1 << 20);
  }

  private PipelinesView(List<String> expected, Duration staleAfter, Clock clock, long maxBytes) {
    this.reports = new ResultView<>("pipelines", maxBytes);
    this.expected = List.copyOf(expected);
    this.staleAfter = staleAfter;
    this.clock = clock;
  }

  public void update(PipelineStatus status) {
    reports.upsert(status.name(), status.reportedAt(), status, status.encode());
  }

  /** The jobs' own reports, keyed by pipeline name (the routing table feeds it). */
  ResultView<PipelineStatus> reports() {
    return reports;
  }

  /** A report as the view keeps it: by pipeline, at its report time. */
  static ResultViews.Indexed<PipelineStatus> index(byte[] json) {
    PipelineStatus status = PipelineStatus.decode(json);
    return new ResultViews.Indexed<>(
        ResultKeys.pipelineStatus(status.name()), status.reportedAt(), status);
  }

  /** The SparkApplication's state (SUBMITTED, RUNNING, FAILED, ...) and error message, if any. */
  public void updateCluster(String name, String state, String detail) {
    cluster.put(name, new ClusterState(state, detail));
  }

  /** Expected pipelines first, in their order, then any other that reported. */
  public List<PipelineStatus> all() {
    Instant now = clock.instant();
    List<String> names = new ArrayList<>(expected);
    Stream.concat(reports.all().stream().map(ResultView.Entry::key), cluster.keySet().stream())
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
    PipelineStatus report = reports.get(name).map(ResultView.Entry::attributes).orElse(null);
    if (report == null) {
      return new PipelineStatus(name, "UNKNOWN", "no report yet", now, null, 0, 0, 0, 0, null);
    }
    if (report.state().equals("RUNNING") && report.reportedAt().plus(staleAfter).isBefore(now)) {
      return report.withState("UNKNOWN", "no report since " + report.reportedAt());
    }
    return report;
  }
}
