package io.pulse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a streaming job last reported about itself (topic {@link Topics#PIPELINE_STATUS}, keyed by
 * {@code name}): the same on a laptop and on Kubernetes, where the SparkApplication's state is
 * added by the results service.
 *
 * @param name pipeline name: order-status-counts, social-sentiment or fraud-scoring
 * @param state RUNNING, STOPPED or FAILED as the job sees itself
 * @param detail the failure, or a short note
 * @param reportedAt when the job wrote this report
 * @param lastBatchAt when its last micro-batch started, null before the first
 * @param batchDurationMs how long the last micro-batch took
 * @param inputRowsPerSecond rows arriving per second over the last batch
 * @param processedRowsPerSecond rows processed per second over the last batch
 * @param stateRows rows held in the job's state stores
 * @param offsetsBehind records in Kafka not yet read (the lag), when the source reports it
 * @param restarts how often the job was restarted after stopping unexpectedly (the local runner
 *     tells it; 0 when it does not know)
 * @param lastFailure why it last stopped unexpectedly, null when it never did
 * @param lateEvents events dropped behind the watermark since the job started: each one also goes
 *     to the pipeline's dead-letter topic with the reason {@code late}
 */
public record PipelineStatus(
    String name,
    String state,
    String detail,
    Instant reportedAt,
    Instant lastBatchAt,
    long batchDurationMs,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    long stateRows,
    Long offsetsBehind,
    int restarts,
    String lastFailure,
    long lateEvents) {

  /**
   * The variables in which whoever restarts a job (the local runner's supervision) tells it how
   * often it was restarted and why it last stopped; the job reports both.
   */
  public static final String RESTARTS_VARIABLE = "PULSE_RESTARTS";

  public static final String LAST_FAILURE_VARIABLE = "PULSE_LAST_FAILURE";

  /** A report with no restarts and no late events. */
  public PipelineStatus(
      String name,
      String state,
      String detail,
      Instant reportedAt,
      Instant lastBatchAt,
      long batchDurationMs,
      double inputRowsPerSecond,
      double processedRowsPerSecond,
      long stateRows,
      Long offsetsBehind) {
    this(
        name,
        state,
        detail,
        reportedAt,
        lastBatchAt,
        batchDurationMs,
        inputRowsPerSecond,
        processedRowsPerSecond,
        stateRows,
        offsetsBehind,
        0,
        null,
        0);
  }

  public byte[] encode() {
    ObjectNode node = JsonReader.mapper().createObjectNode();
    node.put("name", name);
    node.put("state", state);
    node.put("detail", detail);
    node.put("reportedAt", reportedAt.toString());
    node.put("lastBatchAt", lastBatchAt == null ? null : lastBatchAt.toString());
    node.put("batchDurationMs", batchDurationMs);
    node.put("inputRowsPerSecond", inputRowsPerSecond);
    node.put("processedRowsPerSecond", processedRowsPerSecond);
    node.put("stateRows", stateRows);
    node.put("offsetsBehind", offsetsBehind);
    node.put("restarts", restarts);
    node.put("lastFailure", lastFailure);
    node.put("lateEvents", lateEvents);
    try {
      return JsonReader.mapper().writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an ObjectNode", e);
    }
  }

  public static PipelineStatus decode(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    JsonNode behind = root.get("offsetsBehind");
    return new PipelineStatus(
        JsonReader.id(root, "name", "$"),
        JsonReader.id(root, "state", "$"),
        JsonReader.text(root, "detail", "$"),
        JsonReader.instant(root, "reportedAt", "$"),
        JsonReader.optionalInstant(root, "lastBatchAt", "$"),
        root.path("batchDurationMs").asLong(),
        root.path("inputRowsPerSecond").asDouble(),
        root.path("processedRowsPerSecond").asDouble(),
        root.path("stateRows").asLong(),
        behind == null || behind.isNull() ? null : behind.asLong(),
        root.path("restarts").asInt(),
        JsonReader.text(root, "lastFailure", "$"),
        root.path("lateEvents").asLong());
  }

  /** The same report seen from outside: a state the job could not report itself. */
  public PipelineStatus withState(String newState, String newDetail) {
    return new PipelineStatus(
        name,
        newState,
        newDetail,
        reportedAt,
        lastBatchAt,
        batchDurationMs,
        inputRowsPerSecond,
        processedRowsPerSecond,
        stateRows,
        offsetsBehind,
        restarts,
        lastFailure,
        lateEvents);
  }
}
