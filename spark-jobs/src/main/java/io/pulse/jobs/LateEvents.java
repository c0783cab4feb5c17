package io.pulse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes late data visible: Spark's stateful operators drop, without a trace, the events whose event
 * time is at or behind the watermark. After each micro-batch in which a watched query dropped some
 * ({@code numRowsDroppedByWatermark}), this reads that batch's input range again, finds the events
 * at or behind the watermark that batch used (the very rule Spark applied) and sends each, with the
 * reason {@code late: ...}, to the pipeline's dead-letter topic (or the watched query's own). A
 * batch with no late event costs nothing. The count is on {@code /v1/pipelines} ({@code
 * lateEvents}): for a watched query, the events sent here ({@link #routed}), not Spark's drop
 * count.
 *
 * <p>A query with several sources (a stream-stream join) drops late rows of either input; only the
 * watched topic is read again, so rows of the other input (say, the job's own output) are never
 * reported as late events of the watched one.
 *
 * <p>The re-read runs on a thread of its own, after the batch: the query never waits for it. A
 * crash between the batch and the re-read loses those dead letters (never counts): at most once.
 */
public final class LateEvents extends StreamingQueryListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LateEvents.class);

  /**
   * A watched query.
   *
   * @param query the query's name
   * @param topic the Kafka topic it reads
   * @param decode Kafka source rows to decoded rows that keep the Kafka columns and carry {@link
   *     DeadLetters#ERROR} (as {@link KafkaRecordDecoder} makes them)
   * @param eventTime the decoded column the watermark is on
   * @param field the JSON path of that field in the record, for the dead letter
   * @param deadLetterTopic where its late events go; null: the pipeline's dead-letter topic
   * @param consequence what the query did with a late event, for the reason
   */
  public record Watched(
      String query,
      String topic,
      UnaryOperator<Dataset<Row>> decode,
      String eventTime,
      String field,
      String deadLetterTopic,
      String consequence) {
    /** What a windowed aggregation does with a late event. */
    public static final String WINDOW_FINAL = "its window was final and it was not counted";

    /** Late events of a windowed count go to the pipeline's dead-letter topic. */
    public Watched(
        String query,
        String topic,
        UnaryOperator<Dataset<Row>> decode,
        String eventTime,
        String field) {
      this(query, topic, decode, eventTime, field, null, WINDOW_FINAL);
    }
  }

  /**
   * Decodes records of a topic the job wrote itself (already validated JSON): the Kafka columns as
   * {@link KafkaRecordDecoder} keeps them, no error, and {@code field}'s instant as {@code column}.
   */
  public static UnaryOperator<Dataset<Row>> ownJson(String field, String column) {
    return kafkaRecords ->
        kafkaRecords
            .withColumnRenamed("timestamp", KafkaRecordDecoder.RECEIVED_AT)
            .withColumn(
                column,
                get_json_object(col("value").cast("string"), "$." + field).cast("timestamp"))
            .withColumn(DeadLetters.ERROR, lit(null).cast("string"))
            .withColumn(DeadLetters.ERROR_FIELD, lit(null).cast("string"));
  }

  private final SparkSession spark;
  private final KafkaOptions kafka;
  private final String deadLetterTopic;
  private final List<Watched> watched;
  private final AtomicLong routed = new AtomicLong();
  private final ExecutorService rereads =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "late-events");
            t.setDaemon(true);
            return t;
          });

  public LateEvents(
      SparkSession spark, KafkaOptions kafka, String deadLetterTopic, List<Watched> watched) {
    this.spark = spark;
    this.kafka = kafka;
    this.deadLetterTopic = deadLetterTopic;
    this.watched = List.copyOf(watched);
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    Watched w = watched.stream().filter(x -> x.query().equals(p.name())).findFirst().orElse(null);
    if (w == null || droppedByWatermark(p) == 0) {
      return;
    }
    String watermark = p.eventTime().get("watermark");
    SourceProgress source = sourceOf(p, w.topic());
    if (watermark == null || source == null) {
      return;
    }
    Instant wm = Instant.parse(watermark);
    String start = source.startOffset();
    String end = source.endOffset();
    rereads.execute(() -> route(w, start, end, wm));
  }

  /** Whether {@code query}'s late events are sent, and counted, here. */
  public boolean watches(String query) {
    return watched.stream().anyMatch(w -> w.query().equals(query));
  }

  /** How many late events were sent to a dead-letter topic since the job started. */
  public long routed() {
    return routed.get();
  }

  /** The source of {@code p} that read {@code topic}: its end offsets name it; null if none. */
  static SourceProgress sourceOf(StreamingQueryProgress p, String topic) {
    for (SourceProgress s : p.sources()) {
      if (s.endOffset() != null && readsTopic(s.endOffset(), topic)) {
        return s;
      }
    }
    return null;
  }

  /** Kafka source offsets are {@code {"topic":{"partition":offset,...},...}}. */
  static boolean readsTopic(String offsetsJson, String topic) {
    try {
      JsonNode offsets = JsonReader.parse(offsetsJson.getBytes(StandardCharsets.UTF_8));
      return offsets.isObject() && offsets.has(topic);
    } catch (RuntimeException e) {
      return false;
    }
  }

  static long droppedByWatermark(StreamingQueryProgress p) {
    long dropped = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      dropped += op.numRowsDroppedByWatermark();
    }
    return dropped;
  }

  private void route(Watched w, String start, String end, Instant watermark) {
    try {
      Dataset<Row> decoded = w.decode().apply(kafka.readRange(spark, w.topic(), start, end));
      Dataset<Row> late =
          decoded
              .where(col(DeadLetters.ERROR).isNull())
              .where(col(w.eventTime()).leq(lit(java.sql.Timestamp.from(watermark))))
              .withColumn(
                  DeadLetters.ERROR,
                  lit(
                      "late: "
                          + w.eventTime()
                          + " is at or behind the watermark "
                          + watermark
                          + " (the newest event time seen minus the watermark delay), so "
                          + w.consequence()))
              .withColumn(DeadLetters.ERROR_FIELD, lit(w.field()));
      Dataset<Row> letters = DeadLetters.of(late).persist();
      try {
        long n = letters.count();
        if (n > 0) {
          kafka.write(letters, w.deadLetterTopic() == null ? deadLetterTopic : w.deadLetterTopic());
          routed.addAndGet(n);
        }
      } finally {
        letters.unpersist();
      }
    } catch (RuntimeException e) {
      LOG.warn("could not route the late events of {}: {}", w.query(), e.toString());
    }
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  @Override
  public void close() throws InterruptedException {
    rereads.shutdown();
    rereads.awaitTermination(30, TimeUnit.SECONDS);
  }
}
