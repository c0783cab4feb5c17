package io.pulse.jobs.sentiment;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import io.pulse.events.InvalidEventException;
import io.pulse.events.Pipeline;
import io.pulse.events.ResultKeys;
import io.pulse.events.ScoredPost;
import io.pulse.events.Sentiment;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialPost;
import io.pulse.jobs.DeadLetterSink;
import io.pulse.jobs.DeadLetteringRows;
import io.pulse.jobs.DeadLetters;
import io.pulse.jobs.EventSchemas;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.KafkaRecordDecoder;
import io.pulse.jobs.LateEvents;
import io.pulse.jobs.StreamingJobOptions;
import io.pulse.jobs.StreamingJobs;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores social posts with CoreNLP and aggregates them per event-time window, source and product:
 *
 * <ol>
 *   <li>scoring: social.posts -> decode (malformed -> social.posts.dlq) -> drop redeliveries within
 *       the watermark -> CoreNLP score -> analytics.scored-posts, one record per post;
 *   <li>windows: analytics.scored-posts -> per window and source, over all products and per tracked
 *       product: posts, mean score, histogram -> analytics.sentiment-windows (upserts).
 * </ol>
 *
 * <p>Windows read the scored posts back from Kafka instead of branching off the scoring query
 * because each Spark sink is its own query: a branch would run CoreNLP, by far the dearest step,
 * twice per post. Both stages drop duplicates by post key within the watermark, so a replay after a
 * restart overwrites windows rather than counting twice.
 */
public final class SocialSentiment {
  public static final String SCORING_QUERY = "social-sentiment-scoring";
  public static final String WINDOWS_QUERY = "social-sentiment-windows";
  public static final String DEAD_LETTER_QUERY = "social-sentiment-dead-letters";

  /** ISO-8601 UTC with the trailing Z that API.md uses; the session time zone is UTC. */
  private static final String ISO_INSTANT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

  /** Post times keep their milliseconds (X sends them), so a scored post names its post exactly. */
  private static final String ISO_INSTANT_MILLIS = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  /** A post and its score: the rows of the scored-posts topic. */
  static final StructType SCORED_SCHEMA = EventSchemas.of(ScoredPost.class);

  private static final String[] POST_COLUMNS = SocialPostDecoder.EVENT_COLUMNS.fieldNames();

  private SocialSentiment() {}

  public static void main(String[] argv) throws TimeoutException, StreamingQueryException {
    SocialSentimentOptions options = SocialSentimentOptions.parse(argv, System.getenv());
    StreamingJobs.run(
        Pipeline.SOCIAL_SENTIMENT,
        SCORING_QUERY,
        options.streaming(),
        options,
        SocialSentiment::start,
        List.of(lateEvents(options)));
  }

  /**
   * Late posts: the windows query drops scored posts behind the watermark (a backfilled review, an
   * old X search result); they go to the dead-letter topic with the reason.
   */
  public static LateEvents.Watched lateEvents(SocialSentimentOptions options) {
    return new LateEvents.Watched(
        WINDOWS_QUERY,
        options.scoredPostsTopic(),
        LateEvents.ownJson("createdAt", "createdAt"),
        "createdAt",
        "$.createdAt");
  }

  /** Starts the three queries: scoring, windows and dead letters. */
  public static List<StreamingQuery> start(SparkSession spark, SocialSentimentOptions options)
      throws TimeoutException {
    StreamingJobOptions o = options.streaming();
    Dataset<Row> decoded = SocialPostDecoder.decode(o.kafka().readStream(spark, o.inputTopic()));

    StreamingQuery scoring =
        o.kafka()
            .startSink(
                toScoredPostRecords(
                    score(
                        dropRedeliveries(
                            decoded.where(col(DeadLetters.ERROR).isNull()), o.watermarkDelay()),
                        options.scorer(),
                        DeadLetterSink.of(o.kafka(), o.deadLetterTopic()))),
                SCORING_QUERY,
                options.scoredPostsTopic(),
                OutputMode.Append(),
                o.triggerInterval(),
                o.checkpoint("scoring"));

    // Update: each trigger emits only the windows that changed, with their full totals.
    StreamingQuery windows =
        o.kafka()
            .startSink(
                toWindowRecords(
                    aggregateWindows(
                        decodeScoredPosts(o.kafka().readStream(spark, options.scoredPostsTopic())),
                        o.windowLength(),
                        o.watermarkDelay())),
                WINDOWS_QUERY,
                o.outputTopic(),
                OutputMode.Update(),
                o.chainedTrigger(),
                o.checkpoint("windows"));

    StreamingQuery deadLetters =
        o.kafka()
            .startSink(
                DeadLetters.of(decoded),
                DEAD_LETTER_QUERY,
                o.deadLetterTopic(),
                OutputMode.Append(),
                o.triggerInterval(),
                o.checkpoint("dead-letters"));
    return List.of(scoring, windows, deadLetters);
  }

  /**
   * Valid posts -> each (source, sourcePostId) once while the watermark remembers it: a webhook
   * redelivered or a review resubmitted is scored and counted once. Posts behind the watermark are
   * dropped.
   */
  public static Dataset<Row> dropRedeliveries(Dataset<Row> posts, Duration watermarkDelay) {
    Dataset<Row> watermarked =
        posts.withWatermark("createdAt", JobArgs.sparkInterval(watermarkDelay));
    // Batch mode (tests, backfills) has no watermark to bound the state: plain distinct.
    return posts.isStreaming()
        ? watermarked.dropDuplicatesWithinWatermark("source", "sourcePostId")
        : watermarked.dropDuplicates("source", "sourcePostId");
  }

  /** Posts -> posts with score, sentiment class and sentence count ({@link #SCORED_SCHEMA}). */
  public static Dataset<Row> score(Dataset<Row> posts, ScorerSettings settings) {
    return posts
        .select(POST_COLUMNS[0], Arrays.copyOfRange(POST_COLUMNS, 1, POST_COLUMNS.length))
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> scoreAll(rows, settings, null),
            Encoders.row(SCORED_SCHEMA));
  }

  /**
   * The same for decoded posts (with their Kafka columns), where a post CoreNLP fails on (a strange
   * text, a bug) goes to the dead-letter topic with the reason instead of failing the query, which
   * would fail again at the same offset after every restart.
   */
  public static Dataset<Row> score(
      Dataset<Row> decodedPosts, ScorerSettings settings, DeadLetterSink deadLetters) {
    String[] columns = new String[POST_COLUMNS.length + KAFKA_COLUMNS.length];
    System.arraycopy(POST_COLUMNS, 0, columns, 0, POST_COLUMNS.length);
    System.arraycopy(KAFKA_COLUMNS, 0, columns, POST_COLUMNS.length, KAFKA_COLUMNS.length);
    return decodedPosts
        .select(columns[0], Arrays.copyOfRange(columns, 1, columns.length))
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                rows -> scoreAll(rows, settings, deadLetters.sender()),
            Encoders.row(SCORED_SCHEMA));
  }

  /** The Kafka columns a decoded post keeps, after its post columns, for its dead letter. */
  private static final String[] KAFKA_COLUMNS = {
    "key", "value", "topic", "partition", "offset", KafkaRecordDecoder.RECEIVED_AT
  };

  /**
   * Scores each post; with a {@code deadLetters} sender, a post that fails is sent there and left
   * out, and the sender is flushed before the task's output ends (so the batch commits only with
   * its dead letters written); without one, a failure fails the task.
   */
  private static Iterator<Row> scoreAll(
      Iterator<Row> rows, ScorerSettings settings, DeadLetterSink.Sender deadLetters) {
    // Fetched here, on the executor, so only the settings are shipped with the task.
    CoreNlpScorer scorer = CoreNlpScorers.get(settings);
    int post = POST_COLUMNS.length;
    return new DeadLetteringRows(
        rows,
        r -> {
          PostScore s;
          try {
            s = scorer.score(r.getString(3));
          } catch (RuntimeException e) {
            if (deadLetters == null) {
              throw e;
            }
            deadLetters.send(
                (byte[]) r.get(post),
                DeadLetters.value(
                    r.getString(post + 2),
                    r.getInt(post + 3),
                    r.getLong(post + 4),
                    r.getTimestamp(post + 5),
                    "cannot score: " + e,
                    "$.text",
                    (byte[]) r.get(post + 1)));
            return null;
          }
          Object[] values = new Object[SCORED_SCHEMA.size()];
          for (int i = 0; i < post; i++) {
            values[i] = r.get(i);
          }
          values[post] = s.score();
          values[post + 1] = Sentiment.classOf(s.score());
          values[post + 2] = s.sentences();
          return RowFactory.create(values);
        },
        deadLetters);
  }

  /** Scored posts -> Kafka records keyed like the post, valued as {@link ScoredPost} JSON. */
  public static Dataset<Row> toScoredPostRecords(Dataset<Row> scored) {
    return scored.select(
        concat(col("source"), lit(ResultKeys.SEPARATOR), col("sourcePostId")).alias("key"),
        to_json(
                struct(
                    col("source"),
                    col("sourcePostId"),
                    col("author"),
                    col("text"),
                    col("language"),
                    date_format(col("createdAt"), ISO_INSTANT_MILLIS).alias("createdAt"),
                    col("product"),
                    col("rating"),
                    col("score"),
                    col("sentiment"),
                    col("sentences")))
            .alias("value"));
  }

  /**
   * Kafka records of the scored-posts topic -> {@link #SCORED_SCHEMA} rows. The job wrote them
   * itself, so one that does not decode is a bug of an earlier version: it is skipped, not fatal.
   */
  public static Dataset<Row> decodeScoredPosts(Dataset<Row> kafkaRecords) {
    return kafkaRecords
        .select("value")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) SocialSentiment::decodeScoredAll,
            Encoders.row(SCORED_SCHEMA));
  }

  private static Iterator<Row> decodeScoredAll(Iterator<Row> records) {
    List<Row> out = new ArrayList<>();
    while (records.hasNext()) {
      try {
        ScoredPost s = ScoredPost.decode((byte[]) records.next().get(0));
        SocialPost p = s.post();
        out.add(
            RowFactory.create(
                p.source().id(),
                p.sourcePostId(),
                p.author(),
                p.text(),
                p.language(),
                Timestamp.from(p.createdAt()),
                p.product(),
                p.rating(),
                s.score(),
                s.sentiment(),
                s.sentences()));
      } catch (InvalidEventException e) {
        // skipped: see the method comment
      }
    }
    return out.iterator();
  }

  /**
   * Scored posts -> one row per window, source and product group: the group of all products
   * (product null) and, for a post about a tracked product, that product's group too. Columns:
   * windowStart, windowEnd, source, product, posts, meanScore, histogram (posts per class).
   */
  public static Dataset<Row> aggregateWindows(
      Dataset<Row> scored, Duration windowLength, Duration watermarkDelay) {
    Column allProducts = lit(null).cast(DataTypes.StringType);
    Column[] histogram =
        IntStream.range(0, Sentiment.CLASSES)
            .mapToObj(k -> count_if(col("sentiment").equalTo(k)).alias("class" + k))
            .toArray(Column[]::new);
    Column[] aggregates = new Column[1 + histogram.length];
    aggregates[0] = avg(col("score")).alias("meanScore");
    System.arraycopy(histogram, 0, aggregates, 1, histogram.length);
    return dropRedeliveries(scored, watermarkDelay)
        // One aggregation for both groupings: Spark allows one streaming aggregation per query.
        .withColumn(
            "productGroup",
            explode(
                when(col("product").isNull(), array(allProducts))
                    .otherwise(array(allProducts, col("product")))))
        .groupBy(
            window(col("createdAt"), JobArgs.sparkInterval(windowLength)).alias("window"),
            col("source"),
            col("productGroup"))
        .agg(count(lit(1)).alias("posts"), aggregates)
        .select(
            col("window.start").alias("windowStart"),
            col("window.end").alias("windowEnd"),
            col("source"),
            col("productGroup").alias("product"),
            col("posts"),
            col("meanScore"),
            array(
                    IntStream.range(0, Sentiment.CLASSES)
                        .mapToObj(k -> col("class" + k))
                        .toArray(Column[]::new))
                .alias("histogram"));
  }

  /** Rows of {@link #aggregateWindows} -> Kafka records valued as {@link SentimentWindow} JSON. */
  public static Dataset<Row> toWindowRecords(Dataset<Row> windows) {
    Column start = date_format(col("windowStart"), ISO_INSTANT);
    Column end = date_format(col("windowEnd"), ISO_INSTANT);
    return windows.select(
        concat(
                lit(ResultKeys.SENTIMENT_WINDOW + ResultKeys.SEPARATOR),
                start,
                lit(ResultKeys.SEPARATOR),
                col("source"),
                lit(ResultKeys.SEPARATOR),
                coalesce(col("product"), lit(ResultKeys.ALL_PRODUCTS)))
            .alias("key"),
        to_json(
                struct(
                    start.alias("windowStart"),
                    end.alias("windowEnd"),
                    col("source"),
                    col("product"),
                    col("posts"),
                    col("meanScore"),
                    col("histogram")))
            .alias("value"));
  }
}
