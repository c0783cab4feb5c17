package io.pulse.jobs.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.ScoredPost;
import io.pulse.events.Sentiment;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.events.SocialSource;
import io.pulse.jobs.KafkaAndSpark;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.SentimentGroundTruth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SocialSentiment through a real broker and Spark {@code local[2]} with the real CoreNLP models:
 * every post's score equals CoreNLP's own output for its text, and the windows equal a ground truth
 * computed here by running CoreNLP directly on the same texts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocialSentimentIT {
  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final String POSTS = "social.posts";
  private static final String SCORED = "analytics.scored-posts";
  private static final String WINDOWS = "analytics.sentiment-windows";
  private static final String DLQ = "social.posts.dlq";

  @RegisterExtension static final KafkaAndSpark env = new KafkaAndSpark("social-sentiment-it");

  private EmbeddedKafka kafka;
  private SparkSession spark;
  private Path checkpoints;

  @BeforeAll
  void start() throws Exception {
    kafka = env.kafka();
    spark = env.spark();
    kafka.createTopic(POSTS, 2, false);
    kafka.createTopic(SCORED, 1, true);
    kafka.createTopic(WINDOWS, 1, true);
    kafka.createTopic(DLQ, 1, false);
    checkpoints = Files.createTempDirectory("social-sentiment-it");
  }

  private static SocialPost post(
      SocialSource source, String id, String time, String product, String text) {
    return new SocialPost(
        source, id, "author-" + id, text, "en", Instant.parse(time), product, null);
  }

  /** Two windows, three sources, two products, posts of one and of several sentences. */
  private static List<SocialPost> posts() {
    SocialSource fb = SocialSource.FACEBOOK;
    SocialSource tw = SocialSource.TWITTER;
    SocialSource rv = SocialSource.REVIEWS;
    return List.of(
        post(fb, "104857_1", "2026-11-24T10:01:00Z", "Acme Phone", "I love my new Acme Phone."),
        post(fb, "104857_2", "2026-11-24T10:03:30Z", null, "Opening hours change on Sunday."),
        post(
            fb,
            "9001_7",
            "2026-11-24T10:07:00Z",
            "Acme Phone",
            "The Acme Phone is terrible. The screen cracked on day one and support was useless."),
        post(fb, "104857_3", "2026-11-24T10:16:00Z", null, "What a wonderful event, thank you!"),
        post(
            fb,
            "104857_4",
            "2026-11-24T10:29:59Z",
            "Zephyr",
            "Zephyr headphones are the worst I have owned."),
        post(tw, "1861001", "2026-11-24T10:00:00Z", "Zephyr", "Loving my Zephyr headphones!"),
        post(
            tw,
            "1861002",
            "2026-11-24T10:02:17.500Z",
            null,
            "Traffic is awful this morning. I am late again."),
        post(tw, "1861003", "2026-11-24T10:11:00Z", "Zephyr", "Zephyr sound quality is superb."),
        post(
            tw,
            "1861004",
            "2026-11-24T10:14:59.999Z",
            "Acme Phone",
            "The Acme Phone camera is disappointing. Photos are blurry at night."),
        post(tw, "1861005", "2026-11-24T10:15:00Z", null, "Just an ordinary Tuesday."),
        post(tw, "1861006", "2026-11-24T10:21:00Z", "Zephyr", "Zephyr support was very helpful."),
        post(
            rv,
            "r-1001",
            "2026-11-24T10:04:00Z",
            "p-9",
            "Excellent blender. It crushes ice in seconds and is easy to clean."),
        post(
            rv,
            "r-1002",
            "2026-11-24T10:06:00Z",
            "p-2",
            "Broken on arrival! The lid was cracked and the motor smells burnt."),
        post(rv, "r-1003", "2026-11-24T10:08:00Z", "p-9", "Does the job."),
        post(
            rv,
            "r-1004",
            "2026-11-24T10:12:00Z",
            "p-9",
            "A beautiful, well made machine and a pleasure to use every day."),
        post(rv, "r-1005", "2026-11-24T10:19:00Z", "p-2", "Cheap, ugly and badly made."),
        post(
            rv,
            "r-1006",
            "2026-11-24T10:25:00Z",
            "p-2",
            "Good value. Fast delivery. The manual is confusing, but the kettle itself is great."));
  }

  @Test
  void scoresEveryPostOnceAndWindowsMatchCoreNlpRunDirectly() throws Exception {
    List<SocialPost> posts = posts();
    List<Map.Entry<String, byte[]>> records = new ArrayList<>();
    for (SocialPost p : posts) {
      records.add(Map.entry(p.key(), SocialPostCodec.encode(p)));
    }
    // A redelivered webhook (same key and content) and a record that breaks the contract.
    records.add(Map.entry(posts.get(0).key(), SocialPostCodec.encode(posts.get(0))));
    records.add(Map.entry(posts.get(11).key(), SocialPostCodec.encode(posts.get(11))));
    records.add(Map.entry("broken", "{\"source\":\"myspace\"}".getBytes(StandardCharsets.UTF_8)));
    kafka.send(POSTS, records);

    SocialSentimentOptions options =
        SocialSentimentOptions.parse(
            new String[] {
              "--kafka-bootstrap-servers", kafka.bootstrapServers(),
              "--checkpoint-location", checkpoints.toString(),
              "--watermark-delay", "1 hour",
              "--trigger-interval", "500ms",
              "--shuffle-partitions", "2"
            },
            Map.of());
    List<StreamingQuery> queries = SocialSentiment.start(spark, options);
    try {
      // Windows read what scoring wrote, so they are driven in that order.
      for (StreamingQuery q : queries) {
        q.processAllAvailable();
      }
    } finally {
      for (StreamingQuery q : queries) {
        q.stop();
      }
    }

    SentimentGroundTruth coreNlp =
        new SentimentGroundTruth(
            SentimentGroundTruth.PCFG, ScorerSettings.DEFAULT_MAX_SENTENCE_TOKENS);

    List<ConsumerRecord<String, byte[]>> scoredRecords = kafka.readAll(SCORED);
    assertEquals(posts.size(), scoredRecords.size(), "each post scored once: redelivery dropped");
    Map<String, ScoredPost> scored = latest(scoredRecords, ScoredPost::decode);
    Map<String, SocialPost> expectedPosts = new TreeMap<>();
    posts.forEach(p -> expectedPosts.put(p.key(), p));
    assertEquals(expectedPosts.keySet(), scored.keySet());
    for (SocialPost p : posts) {
      ScoredPost s = scored.get(p.key());
      assertEquals(p, s.post(), "the scored post carries the post unchanged");
      assertEquals(coreNlp.score(p.text()), s.score(), 1e-12, "score of: " + p.text());
      assertEquals(Sentiment.classOf(s.score()), s.sentiment());
    }

    Map<String, SentimentWindow> windows = latest(kafka.readAll(WINDOWS), SentimentWindow::decode);
    Map<String, SentimentWindow> expected = coreNlp.windows(posts, WINDOW);
    assertEquals(expected.keySet(), windows.keySet());
    expected.forEach(
        (key, want) -> {
          SentimentWindow got = windows.get(key);
          assertEquals(want.posts(), got.posts(), key);
          assertEquals(want.histogram(), got.histogram(), key);
          assertEquals(want.meanScore(), got.meanScore(), 1e-9, key);
          assertEquals(want, withMean(got, want.meanScore()), key);
        });
    // Sanity of the fixture itself: it spans both sides of the scale, so the test can tell.
    assertTrue(
        scored.values().stream().anyMatch(s -> s.sentiment() <= 1)
            && scored.values().stream().anyMatch(s -> s.sentiment() >= 3),
        "fixture has negative and positive posts");

    List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(DLQ);
    assertEquals(1, dead.size());
    String deadLetter = new String(dead.get(0).value(), StandardCharsets.UTF_8);
    assertTrue(deadLetter.contains("$.source"), deadLetter);
  }

  private static SentimentWindow withMean(SentimentWindow w, double mean) {
    return new SentimentWindow(
        w.windowStart(), w.windowEnd(), w.source(), w.product(), w.posts(), mean, w.histogram());
  }

  /** The newest value per key, as a compacted topic keeps it (one partition: in write order). */
  private static <T> Map<String, T> latest(
      List<ConsumerRecord<String, byte[]>> records, Function<byte[], T> decode) {
    Map<String, T> out = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      out.put(r.key(), decode.apply(r.value()));
    }
    return out;
  }
}
