package io.pulse.jobs.commerce;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.window;

import io.pulse.events.OrderStatus;
import io.pulse.events.Pipeline;
import io.pulse.events.ResultKeys;
import io.pulse.jobs.DeadLetterSink;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.LateEvents;
import io.pulse.jobs.StreamingJobOptions;
import io.pulse.jobs.StreamingJobs;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * Counts order status changes per event-time window: orders.status-events ->
 * analytics.order-status-counts (one upsert per changed window), malformed records ->
 * orders.status-events.dlq, late ones too ({@link LateEvents}); one query, one read of the topic
 * ({@link #start} says how).
 *
 * <p>Exactness: duplicates (same eventId) are dropped while the watermark keeps them; each output
 * record carries the window's total counts, so at-least-once delivery of results and replays after
 * a restart overwrite rather than add up.
 */
public final class OrderStatusCounts {
  public static final String COUNTS_QUERY = Pipeline.ORDER_STATUS_COUNTS.id();

  /** ISO-8601 UTC with the trailing Z that API.md uses; the session time zone is UTC. */
  private static final String ISO_INSTANT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

  private OrderStatusCounts() {}

  public static void main(String[] argv) throws TimeoutException, StreamingQueryException {
    OrderStatusCountsOptions options = OrderStatusCountsOptions.parse(argv, System.getenv());
    StreamingJobs.run(
        Pipeline.ORDER_STATUS_COUNTS,
        COUNTS_QUERY,
        options.streaming(),
        options,
        OrderStatusCounts::start,
        List.of(lateEvents(options)));
  }

  /** Late order events: the counts query drops them behind the watermark; they go to the DLQ. */
  public static LateEvents.Watched lateEvents(OrderStatusCountsOptions options) {
    return new LateEvents.Watched(
        COUNTS_QUERY,
        options.streaming().inputTopic(),
        OrderEventDecoder::decode,
        "eventTime",
        "$.eventTime");
  }

  /**
   * Starts the job's one query: counts, with the malformed records dead-lettered on the way.
   *
   * <p>One read, one decode. Spark cannot put the windowed count (a stateful aggregation, Update
   * mode) and the dead letters (a plain append) into one sink: a stateful operator is not allowed
   * inside {@code foreachBatch}'s batch, whatever crosses the aggregation leaves as windows, and a
   * union of two branches of one source scans the source twice in each micro-batch. So the decode
   * step itself routes: the task that decodes a partition's records passes the valid events on to
   * the aggregation and sends the malformed ones to the dead-letter topic from the executor ({@link
   * DeadLetterSink}: acks=all, idempotent, flushed before the task ends, so a batch never commits
   * without its dead letters). Like Spark's Kafka sink it is at least once across task retries and
   * replays; a dead letter names its record (topic, partition, offset). The aggregation sees only
   * the event columns, not the raw Kafka record, which keeps its shuffle and state small.
   */
  public static List<StreamingQuery> start(SparkSession spark, OrderStatusCountsOptions options)
      throws TimeoutException {
    StreamingJobOptions o = options.streaming();
    Dataset<Row> events =
        OrderEventDecoder.decodeValid(
            o.kafka().readStream(spark, o.inputTopic()),
            DeadLetterSink.of(o.kafka(), o.deadLetterTopic()));
    // Update: each trigger emits only the windows that changed, with their full counts.
    StreamingQuery counts =
        o.kafka()
            .startSink(
                toKafkaRecords(countByWindow(events, o.windowLength(), o.watermarkDelay())),
                COUNTS_QUERY,
                o.outputTopic(),
                OutputMode.Update(),
                o.triggerInterval(),
                o.checkpoint("counts"));
    return List.of(counts);
  }

  /**
   * Valid events -> one row per window: windowStart, windowEnd and a column per status. Events at
   * or behind the watermark are dropped, duplicates of an eventId within it too.
   */
  public static Dataset<Row> countByWindow(
      Dataset<Row> events, Duration windowLength, Duration watermarkDelay) {
    Column[] perStatus =
        Arrays.stream(OrderStatus.values())
            .map(s -> count_if(col("status").equalTo(s.name())).alias(s.name()))
            .toArray(Column[]::new);
    Dataset<Row> watermarked =
        events.withWatermark("eventTime", JobArgs.sparkInterval(watermarkDelay));
    // A batch (a backfill, a test) sees all its duplicates at once; a stream only within the
    // watermark.
    Dataset<Row> distinct =
        events.isStreaming()
            ? watermarked.dropDuplicatesWithinWatermark("eventId")
            : watermarked.dropDuplicates("eventId");
    return distinct
        .groupBy(window(col("eventTime"), JobArgs.sparkInterval(windowLength)).alias("window"))
        .agg(perStatus[0], Arrays.copyOfRange(perStatus, 1, perStatus.length))
        .select(
            col("window.start").alias("windowStart"),
            col("window.end").alias("windowEnd"),
            struct(
                    Arrays.stream(OrderStatus.values())
                        .map(s -> col(s.name()))
                        .toArray(Column[]::new))
                .alias("counts"));
  }

  /**
   * Rows of {@link #countByWindow} -> Kafka records keyed by window ({@link
   * ResultKeys#orderStatusWindow}), valued as OrderStatusWindow JSON.
   */
  public static Dataset<Row> toKafkaRecords(Dataset<Row> windows) {
    Column start = date_format(col("windowStart"), ISO_INSTANT);
    Column end = date_format(col("windowEnd"), ISO_INSTANT);
    return windows.select(
        concat(lit(ResultKeys.ORDER_STATUS_WINDOW + ResultKeys.SEPARATOR), start).alias("key"),
        to_json(struct(start.alias("windowStart"), end.alias("windowEnd"), col("counts")))
            .alias("value"));
  }
}
