package io.pulse.jobs.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pulse.events.ResultKeys;
import io.pulse.events.ScoredPost;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialSource;
import io.pulse.jobs.KafkaRecordDecoder;
import io.pulse.jobs.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job's transforms on literal rows, in batch mode: decoding, windows per source and product,
 * the output records. Scores are given, so no model is loaded here.
 */
class SocialSentimentTest {
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.create("social-sentiment-test", "local[2]", 2);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static final StructType KAFKA = KafkaRecordDecoder.KAFKA_COLUMNS;

  private static Row record(long offset, String json) {
    return RowFactory.create(
        "k".getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8),
        "social.posts",
        0,
        offset,
        Timestamp.from(Instant.EPOCH));
  }

  @Test
  void decodesValidPostsAndGivesBrokenOnesTheirError() {
    Dataset<Row> kafka =
        spark.createDataFrame(
            List.of(
                record(
                    0,
                    "{\"source\":\"twitter\",\"sourcePostId\":\"1\",\"text\":\"Nice.\","
                        + "\"createdAt\":\"2026-11-24T10:15:03.250Z\",\"product\":\"Zephyr\"}"),
                record(1, "{not json"),
                record(
                    2,
                    "{\"source\":\"myspace\",\"sourcePostId\":\"2\",\"text\":\"x\","
                        + "\"createdAt\":\"2026-11-24T10:15:03Z\"}")),
            KAFKA);
    List<Row> rows = SocialPostDecoder.decode(kafka).orderBy("offset").collectAsList();
    assertEquals("twitter", rows.get(0).getAs("source"));
    assertEquals("Zephyr", rows.get(0).getAs("product"));
    assertEquals(
        Instant.parse("2026-11-24T10:15:03.250Z"),
        ((Timestamp) rows.get(0).getAs("createdAt")).toInstant());
    assertNull(rows.get(0).getAs("error"));
    assertNull(rows.get(1).getAs("errorField"));
    assertEquals("$.source", rows.get(2).getAs("errorField"));
  }

  private static Row scored(
      String source, String id, String product, String time, double score, int sentiment) {
    return RowFactory.create(
        source,
        id,
        "author",
        "text of " + id,
        "en",
        Timestamp.from(Instant.parse(time)),
        product,
        null,
        score,
        sentiment,
        1);
  }

  @Test
  void aggregatesPerWindowSourceAndProductOncePerPost() {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                scored("reviews", "r1", "p-9", "2026-11-24T10:01:00Z", 4.0, 4),
                scored("reviews", "r2", "p-9", "2026-11-24T10:14:59Z", 1.0, 1),
                scored("reviews", "r2", "p-9", "2026-11-24T10:14:59Z", 1.0, 1),
                scored("reviews", "r3", "p-2", "2026-11-24T10:05:00Z", 2.5, 3),
                scored("reviews", "r4", "p-9", "2026-11-24T10:15:00Z", 0.0, 0),
                scored("twitter", "t1", null, "2026-11-24T10:02:00Z", 2.0, 2)),
            SocialSentiment.SCORED_SCHEMA);
    Dataset<Row> windows =
        SocialSentiment.aggregateWindows(rows, Duration.ofMinutes(15), Duration.ofMinutes(30));
    Map<String, SentimentWindow> byKey =
        SocialSentiment.toWindowRecords(windows).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getString(0),
                    r -> SentimentWindow.decode(r.getString(1).getBytes(StandardCharsets.UTF_8))));

    Instant w1 = Instant.parse("2026-11-24T10:00:00Z");
    Instant w1End = Instant.parse("2026-11-24T10:15:00Z");
    assertEquals(
        Map.of(
            "social-sentiment|2026-11-24T10:00:00Z|reviews|*",
            new SentimentWindow(
                w1, w1End, SocialSource.REVIEWS, null, 3, 2.5, List.of(0L, 1L, 0L, 1L, 1L)),
            "social-sentiment|2026-11-24T10:00:00Z|reviews|p-9",
            new SentimentWindow(
                w1, w1End, SocialSource.REVIEWS, "p-9", 2, 2.5, List.of(0L, 1L, 0L, 0L, 1L)),
            "social-sentiment|2026-11-24T10:00:00Z|reviews|p-2",
            new SentimentWindow(
                w1, w1End, SocialSource.REVIEWS, "p-2", 1, 2.5, List.of(0L, 0L, 0L, 1L, 0L)),
            "social-sentiment|2026-11-24T10:15:00Z|reviews|*",
            new SentimentWindow(
                w1End,
                Instant.parse("2026-11-24T10:30:00Z"),
                SocialSource.REVIEWS,
                null,
                1,
                0.0,
                List.of(1L, 0L, 0L, 0L, 0L)),
            "social-sentiment|2026-11-24T10:15:00Z|reviews|p-9",
            new SentimentWindow(
                w1End,
                Instant.parse("2026-11-24T10:30:00Z"),
                SocialSource.REVIEWS,
                "p-9",
                1,
                0.0,
                List.of(1L, 0L, 0L, 0L, 0L)),
            "social-sentiment|2026-11-24T10:00:00Z|twitter|*",
            new SentimentWindow(
                w1, w1End, SocialSource.TWITTER, null, 1, 2.0, List.of(0L, 0L, 1L, 0L, 0L))),
        byKey);
    byKey.forEach(
        (key, w) -> {
          assertEquals(w.key(), key, "record key is the window's own key");
          assertEquals(
              ResultKeys.sentimentWindow(w.windowStart(), w.source().id(), w.product()), key);
        });
  }

  @Test
  void scoredPostRecordsAreKeyedLikeThePostAndDecodeBack() {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(scored("twitter", "t1", "Zephyr", "2026-11-24T10:02:00.125Z", 3.25, 3)),
            SocialSentiment.SCORED_SCHEMA);
    Row record = SocialSentiment.toScoredPostRecords(rows).first();
    ScoredPost post = ScoredPost.decode(record.getString(1).getBytes(StandardCharsets.UTF_8));
    assertEquals("twitter|t1", record.getString(0));
    assertEquals(
        new ScoredPost(
            new SocialPost(
                SocialSource.TWITTER,
                "t1",
                "author",
                "text of t1",
                "en",
                Instant.parse("2026-11-24T10:02:00.125Z"),
                "Zephyr",
                null),
            3.25,
            3,
            1),
        post);
    assertEquals(post.key(), record.getString(0));
    assertEquals(ResultKeys.scoredPost("twitter", "t1"), record.getString(0));
  }
}
