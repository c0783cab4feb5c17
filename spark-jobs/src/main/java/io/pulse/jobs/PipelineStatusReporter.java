package io.pulse.jobs;

import io.pulse.events.PipelineStatus;
import io.pulse.events.ResultKeys;
import io.pulse.events.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a job's health to {@link Topics#PIPELINE_STATUS} after every micro-batch and when a
 * query stops or fails, so the results service can show each pipeline's state, last batch and lag
 * without access to the driver. A job with several queries (counts and dead letters) is FAILED when
 * any of them failed; its figures are those of its primary query.
 */
public final class PipelineStatusReporter extends StreamingQueryListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineStatusReporter.class);

  private final String pipeline;
  private final String primaryQuery;
  private final Producer<String, byte[]> producer;
  private final Map<UUID, String> failures = new ConcurrentHashMap<>();
  private final int restarts;
  private final String lastFailure;
  private final AtomicLong lateEvents = new AtomicLong();
  private final KafkaLag lag;
  private final LateEvents late;
  private volatile PipelineStatus last;

  public PipelineStatusReporter(String pipeline, String primaryQuery, KafkaOptions kafka) {
    this(pipeline, primaryQuery, kafka, System.getenv());
  }

  public PipelineStatusReporter(
      String pipeline, String primaryQuery, KafkaOptions kafka, Map<String, String> env) {
    this(pipeline, primaryQuery, kafka, env, null);
  }

  /**
   * @param env where the local runner's supervision says how often the job was restarted and why
   *     ({@code PULSE_RESTARTS}, {@code PULSE_LAST_FAILURE})
   * @param late the job's late-event router, or null: the queries it watches count the late events
   *     it sent to a dead-letter topic rather than the rows Spark dropped (a join drops rows of
   *     both its inputs, and only the watched input's are late events)
   */
  public PipelineStatusReporter(
      String pipeline,
      String primaryQuery,
      KafkaOptions kafka,
      Map<String, String> env,
      LateEvents late) {
    this.late = late;
    this.restarts = restarts(env.get(PipelineStatus.RESTARTS_VARIABLE));
    String failure = env.get(PipelineStatus.LAST_FAILURE_VARIABLE);
    this.lastFailure = failure == null || failure.isBlank() ? null : failure;
    this.pipeline = pipeline;
    this.primaryQuery = primaryQuery;
    this.lag = new KafkaLag(kafka.clientProperties());
    Properties props = new Properties();
    props.putAll(kafka.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.last =
        new PipelineStatus(pipeline, "RUNNING", "starting", Instant.now(), null, 0, 0, 0, 0, null);
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    publish(last.withState(state(), "query " + event.name() + " started"));
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    // Late events of every query of the job: what Spark's stateful operators dropped behind the
    // watermark (LateEvents sends each of them to the dead-letter topic).
    if (late == null || !late.watches(p.name())) {
      for (StateOperatorProgress op : p.stateOperators()) {
        lateEvents.addAndGet(op.numRowsDroppedByWatermark());
      }
    }
    if (!primaryQuery.equals(p.name())) {
      return;
    }
    long stateRows = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      stateRows += op.numRowsTotal();
    }
    Long behind = lag.behind(p.sources());
    Long triggerMs = p.durationMs().get("triggerExecution");
    publish(
        new PipelineStatus(
            pipeline,
            state(),
            failures.isEmpty() ? null : String.join("; ", failures.values()),
            Instant.now(),
            Instant.parse(p.timestamp()),
            triggerMs == null ? 0 : triggerMs,
            finite(p.inputRowsPerSecond()),
            finite(p.processedRowsPerSecond()),
            stateRows,
            behind));
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {
    // Idle queries still report, so a quiet pipeline is not mistaken for a dead one.
    publish(last.withState(state(), last.detail()));
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.exception().isDefined()) {
      failures.put(event.id(), event.exception().get());
      publish(last.withState("FAILED", event.exception().get()));
    } else {
      publish(last.withState(failures.isEmpty() ? "STOPPED" : "FAILED", "stopped"));
    }
  }

  /**
   * Reports a job that is up but cannot start its queries yet (FraudScoring's WAITING_FOR_MODEL);
   * the first query event reports it RUNNING again. Kept apart from the query events above.
   */
  public void reportWaiting(String state, String detail) {
    publish(last.withState(state, detail));
  }

  private String state() {
    return failures.isEmpty() ? "RUNNING" : "FAILED";
  }

  private static int restarts(String value) {
    try {
      return value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private void publish(PipelineStatus status) {
    PipelineStatus stamped =
        new PipelineStatus(
            status.name(),
            status.state(),
            status.detail(),
            Instant.now(),
            status.lastBatchAt(),
            status.batchDurationMs(),
            status.inputRowsPerSecond(),
            status.processedRowsPerSecond(),
            status.stateRows(),
            status.offsetsBehind(),
            restarts,
            lastFailure,
            lateEvents.get() + (late == null ? 0 : late.routed()));
    last = stamped;
    try {
      producer.send(
          new ProducerRecord<>(
              Topics.PIPELINE_STATUS, ResultKeys.pipelineStatus(pipeline), stamped.encode()));
    } catch (RuntimeException e) {
      // Health reporting must never take the job down.
      LOG.warn("cannot publish pipeline status: {}", e.toString());
    }
  }

  @Override
  public void close() {
    lag.close();
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
